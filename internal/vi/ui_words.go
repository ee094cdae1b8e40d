package vi

// Texts of pages people reach by a wrong address, and of the unit
// pickers beyond the report page's (users, audit log).
const (
	ErrPageNotFound     = "Không có trang nào ở địa chỉ này. Có thể địa chỉ bị gõ sai hoặc trang đã được chuyển; hãy mở trang cần dùng từ trình đơn."
	ErrMethodNotAllowed = "Địa chỉ này không nhận yêu cầu gửi theo cách %s; hãy mở trang từ trình đơn và dùng nút trên trang."
	ErrInternalPlain    = "Lỗi nội bộ của máy chủ; hãy thử lại sau ít phút."
)
