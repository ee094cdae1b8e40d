package vi

// UI holds the labels, headings and short texts of the web pages, by key.
// Templates read them with {{t "key"}}; a missing key is an error caught by
// the page tests. Keys are grouped by page.
var UI = map[string]string{
	"app.name":   "Khuyến học",
	"app.footer": "Hệ thống quản lý khuyến học, khuyến tài, xây dựng xã hội học tập",

	"nav.label":        "Danh mục chính",
	"nav.skip":         "Bỏ qua danh mục, đến nội dung",
	"nav.dashboard":    "Tổng quan",
	"nav.units":        "Đơn vị",
	"nav.report":       "Báo cáo",
	"nav.clusters":     "Cụm thi đua",
	"nav.entry":        "Nhập số liệu",
	"nav.completeness": "Tình hình báo cáo",
	"nav.audit":        "Nhật ký",
	"nav.logout":       "Đăng xuất",

	"login.title":    "Đăng nhập",
	"login.lead":     "Dùng email và mật khẩu do hội cấp trên cấp cho bạn.",
	"login.email":    "Email",
	"login.password": "Mật khẩu",
	"login.submit":   "Đăng nhập",

	"error.title": "Không thực hiện được",
	"error.home":  "Về trang tổng quan",
}
