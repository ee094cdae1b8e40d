package vi

// Texts of pages people reach by a wrong address, and of the unit
// pickers beyond the report page's (users, audit log).
const (
	ErrPageNotFound     = "Không có trang nào ở địa chỉ này. Có thể địa chỉ bị gõ sai hoặc trang đã được chuyển; hãy mở trang cần dùng từ trình đơn."
	ErrMethodNotAllowed = "Địa chỉ này không nhận yêu cầu gửi theo cách %s; hãy mở trang từ trình đơn và dùng nút trên trang."
	ErrInternalPlain    = "Lỗi nội bộ của máy chủ; hãy thử lại sau ít phút."
	// ErrUnitGoneAt: a unit, named, that no longer exists at the end of
	// the period its figures are for.
	ErrUnitGoneAt = "%s không còn vào ngày %s (cuối kỳ), nên không nhận số liệu của kỳ này"
	// The dashboard's next steps (internal/web/nextsteps.go).
	NextEnter     = "Nhập số liệu %s của %s."
	NextReturned  = "Số liệu %s của %s bị cấp trên trả lại; hãy sửa và gửi lại."
	NextSubmitted = "Số liệu %s đã gửi, đang chờ cấp trên duyệt."
	NextApprove   = "%d phiếu số liệu đang chờ bạn duyệt."
	NextReport    = "Báo cáo %s của %s đã sẵn sàng."
	// ErrAPIRowsBad: posted rows refused, as a file's (ErrFileRowsBad).
	ErrAPIRowsBad = "dữ liệu gửi qua API: %d dòng lỗi, không ghi dữ liệu nào"

	// ErrPickNoMatch: a name typed into a unit picker (without script)
	// that no unit the caller reaches has today.
	ErrPickNoMatch = "không tìm thấy đơn vị nào khớp với «%s» trong phạm vi của bạn; hãy gõ một phần tên rồi chọn trong danh sách"
	// ErrPickSeveral: the name matches several units.
	ErrPickSeveral = "«%s» khớp với nhiều đơn vị (%s); hãy gõ đầy đủ hơn hoặc chọn trong danh sách"
)

func init() {
	for k, v := range uiWords {
		UI[k] = v
	}
}

// uiWords are the labels of the unit pickers of the users' form and the
// audit log's filter, and of the dashboard's next steps.
var uiWords = map[string]string{
	"pick.unit_hint":   "Gõ một phần tên, có dấu hay không dấu đều được, rồi chọn trong danh sách. Ví dụ: ea tu, dak lak.",
	"pick.none":        "Không có đơn vị nào khớp trong phạm vi của bạn.",
	"pick.count":       "kết quả, dùng phím mũi tên để chọn",
	"users.scope_pick": "Đơn vị của người dùng",
	"audit.unit_pick":  "Đơn vị (gồm cả các đơn vị cấp dưới)",
	"next.title":       "Việc cần làm",
	"next.enter":       "Nhập số liệu",
	"next.correct":     "Sửa số liệu",
	"next.view":        "Xem phiếu",
	"next.approve":     "Duyệt số liệu",
	"next.report":      "Xem báo cáo",
	"next.comment":     "Ý kiến của cấp trên",
	"dash.provisional": "Kỳ này đang diễn ra: số liệu tạm tính, chưa đủ.",
}
