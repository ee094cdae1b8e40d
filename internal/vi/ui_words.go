package vi

// Texts of pages people reach by a wrong address, and of the unit
// pickers beyond the report page's (users, audit log).
const (
	ErrPageNotFound     = "Không có trang nào ở địa chỉ này. Có thể địa chỉ bị gõ sai hoặc trang đã được chuyển; hãy mở trang cần dùng từ trình đơn."
	ErrMethodNotAllowed = "Địa chỉ này không nhận yêu cầu gửi theo cách %s; hãy mở trang từ trình đơn và dùng nút trên trang."
	ErrInternalPlain    = "Lỗi nội bộ của máy chủ; hãy thử lại sau ít phút."

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
}
