package vi

// Texts of own figures and all levels (docs/contracts.md, "Own figures and
// all levels"): the basis column of an aggregate values file and the
// choice of the data-entry form.

const (
	// BasisColumn is the Vietnamese header of the basis column of an
	// aggregate values file (machine name: basis).
	BasisColumn = "Cơ sở số liệu"
	// ErrBadBasis is a basis cell that names neither basis; %q the cell.
	ErrBadBasis = "cơ sở số liệu %q không đúng: ghi total (hoặc \"toàn bộ\", \"tổng\") cho số liệu toàn đơn vị gồm cấp dưới, own (hoặc \"riêng\") cho số liệu riêng của Hội cấp này, hoặc để trống (toàn bộ)"
	// BasisTotal and BasisOwn are the choice of the data-entry form.
	BasisTotal = "Số liệu toàn đơn vị (gồm cấp dưới)"
	BasisOwn   = "Số liệu riêng của Hội cấp này"
	// BasisOwnShort names an own figure in a history row or a list.
	BasisOwnShort   = "riêng của Hội cấp này"
	BasisTotalShort = "toàn đơn vị"
	// ErrEntryBasis is a form's basis that is neither; %q what was sent.
	ErrEntryBasis = "loại số liệu %q không đúng: chọn số liệu toàn đơn vị (total) hoặc số liệu riêng của Hội cấp này (own)"
)

// BasisName is the short Vietnamese name of a basis ("total" or "own").
func BasisName(basis string) string {
	if basis == "own" {
		return BasisOwnShort
	}
	return BasisTotalShort
}

func init() {
	for k, v := range basisUI {
		UI[k] = v
	}
}

// basisUI are the labels of the form's choice of basis, merged into UI.
var basisUI = map[string]string{
	"entry.basis_legend":     "Phiếu này nhập",
	"entry.basis_total_hint": "Con số của cả đơn vị, gồm các cấp dưới; khi có, con số này được dùng thay cho tổng của các cấp dưới.",
	"entry.basis_own_hint":   "Con số của riêng Hội ở cấp này (quỹ, đơn vị phối hợp, hoạt động do chính Hội tổ chức); được cộng thêm vào tổng của các cấp dưới, và báo cáo nêu riêng phần của Hội.",
	"entry.basis_show":       "Chuyển loại số liệu",
	"entry.basis_others":     "Phiếu còn %d số liệu ở loại kia; mọi số liệu của phiếu được gửi và duyệt cùng nhau.",
	"upload.basis":           "Cột thứ sáu basis (hoặc «Cơ sở số liệu») không bắt buộc: để trống hoặc ghi total (toàn bộ) cho số liệu toàn đơn vị gồm cấp dưới, được dùng thay cho tổng của các cấp dưới; ghi own (riêng) cho số liệu riêng của Hội cấp đó, được cộng thêm vào tổng của các cấp dưới.",
}
