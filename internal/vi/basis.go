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
