package vi

// Texts of the layout for a phone (the menu button) and of the charts.

func init() {
	for k, v := range phoneUI {
		UI[k] = v
	}
}

// phoneUI are the labels of the menu and the charts, merged into UI.
var phoneUI = map[string]string{
	"nav.menu":      "Danh mục",
	"nav.here":      "Đang xem",
	"nav.signed_in": "Đăng nhập với tên",

	"upload.explain_save": "Lưu giải thích",

	"dash.estimated":      "Ước tính",
	"dash.estimated_note": "(*) Số liệu ước tính: đơn vị hành chính đã được sắp xếp lại, số liệu của kỳ cũ được phân bổ theo dân số.",
	"dash.bars_title":     "Xếp hạng các đơn vị trực thuộc",
	"dash.bars_ends":      "10 đơn vị cao nhất và 10 đơn vị thấp nhất",
	"dash.bars_between":   "… %d đơn vị ở giữa: xem trong bảng dưới.",
	"dash.bars_missing":   "%d đơn vị chưa có số liệu.",
}

// Refusals of a unit or period written wrong in a page's address (the
// API keeps ErrBadUnitRef, ErrUnknownUnit and ErrBadPeriod, which show the
// codes scripts write).
const (
	// ErrNoUnitInWords: no unit of a code (a page's address, a file's
	// code column), a level (LevelWord) and a day.
	ErrNoUnitInWords = "không có đơn vị mã %s %s vào ngày %s"
	// UnitWithCode names a unit of a file's row: its full name and the
	// code the row wrote (Xã Ea Kao (mã 24611)).
	UnitWithCode   = "%s (mã %s)"
	ErrPageBadUnit = "không nhận ra đơn vị «%s» trong địa chỉ trang; hãy mở trang từ trình đơn hoặc tìm đơn vị theo tên"
	ErrPagePeriod  = "không nhận ra kỳ báo cáo «%s» trong địa chỉ trang; hãy mở trang từ trình đơn và chọn kỳ trong danh sách"
)

// levelWords name the levels of units in a sentence.
var levelWords = map[string]string{
	"nation": "toàn quốc", "province": "cấp tỉnh", "district": "cấp huyện", "commune": "cấp xã", "cluster": "cụm thi đua",
}

// LevelWord names a level of units (province, commune…) in a sentence:
// "cấp tỉnh". An unknown level is returned as it is.
func LevelWord(level string) string {
	if w, ok := levelWords[level]; ok {
		return w
	}
	return level
}

// UploadWarnings heads the warnings of a draft an uploaded file filled:
// the unit's and the period's names.
const UploadWarnings = "Cảnh báo cần xem lại trong bản nháp của %s, %s"

// NextImported: the dashboard's step when the unit's figures of the
// half-year came in a file from the level above (the period's and the
// unit's names).
const NextImported = "Số liệu %s của %s đã được cấp trên nhập từ tệp; hãy xem lại và sửa nếu cần."
