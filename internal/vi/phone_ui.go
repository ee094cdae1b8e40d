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

	"dash.estimated":      "Ước tính",
	"dash.estimated_note": "(*) Số liệu ước tính: đơn vị hành chính đã được sắp xếp lại, số liệu của kỳ cũ được phân bổ theo dân số.",
	"dash.bars_title":     "Xếp hạng các đơn vị trực thuộc",
	"dash.bars_ends":      "10 đơn vị cao nhất và 10 đơn vị thấp nhất",
	"dash.bars_between":   "… %d đơn vị ở giữa: xem trong bảng dưới.",
	"dash.bars_missing":   "%d đơn vị chưa có số liệu.",
}
