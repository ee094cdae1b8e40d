package vi

import (
	"fmt"
	"strings"
)

// Texts of the study-promotion fund (package fund): the ledger, its
// numbers, the fund book, closed periods and the fund import. Each Err… is a
// format for apperr.New, its verbs documented beside it.

const (
	// ErrFundAmount refuses an amount that is not a whole number of đồng
	// (%q: the text).
	ErrFundAmount = "số tiền %q không hợp lệ: ghi số đồng nguyên, ví dụ 1500000 hoặc 1.500.000"
	// ErrFundAmountFraction refuses an amount with a fraction of a đồng (%q).
	ErrFundAmountFraction = "số tiền %q có phần lẻ: số tiền là số đồng nguyên"
	// ErrFundAmountPositive refuses zero or a negative amount (%s: the amount).
	ErrFundAmountPositive = "số tiền phải lớn hơn 0 (đã ghi %s); muốn sửa một phiếu thì lập bút toán đảo"
	// ErrFundAmountTooLarge refuses an amount beyond what a ledger holds (%s).
	ErrFundAmountTooLarge = "số tiền %s quá lớn"
	// ErrFundKind refuses an unknown form of gift (%q).
	ErrFundKind = "hình thức %q không có: dùng cash (tiền mặt), transfer (chuyển khoản), in_kind (hiện vật) hoặc works (công trình)"
	// ErrFundDonorKind refuses an unknown kind of donor (%q).
	ErrFundDonorKind = "loại nhà hảo tâm %q không có: person (cá nhân), clan (dòng họ), enterprise (doanh nghiệp), organisation (tổ chức) hoặc hometown (hội đồng hương)"
	// ErrFundPurpose refuses an unknown purpose of a payment (%q).
	ErrFundPurpose = "nội dung chi %q không có: scholarship (học bổng), prize (khen thưởng), teacher_support (hỗ trợ giáo viên), books_bicycles (sách vở, xe đạp) hoặc other (khác)"
	// ErrFundPurposeMissing asks for a payment's purpose (the page's form).
	ErrFundPurposeMissing = "cần chọn nội dung chi"
	// ErrFundParty asks for the donor or the recipient.
	ErrFundParty = "cần ghi tên người nộp (nhà hảo tâm) hoặc người nhận"
	// ErrFundItems asks for the list of items of a gift in kind.
	ErrFundItems = "quà bằng hiện vật cần ghi danh mục hiện vật (tên, số lượng) và giá trị"
	// ErrFundDayFuture refuses a day after today (%s: the day).
	ErrFundDayFuture = "ngày %s chưa đến"
	// ErrFundDayUnit refuses a day on which the unit did not exist (%s: the
	// day, %s: the unit).
	ErrFundDayUnit = "ngày %s %s chưa có hoặc đã thôi tồn tại"
	// ErrFundClosed refuses an entry dated in a closed period (%s: the day,
	// %s: the period, %s: who closed it, %s: when).
	ErrFundClosed = "ngày %s thuộc kỳ %s đã khóa sổ (%s khóa lúc %s); đề nghị Hội cấp trên mở lại kỳ này trước khi ghi"
	// ErrFundBeyondBalance refuses a payment beyond the balance (%s: the
	// amount, %s: the balance, %s: the day).
	ErrFundBeyondBalance = "số chi %s đồng vượt số dư quỹ %s đồng (tại ngày %s hoặc sau đó); chỉ người có thẩm quyền được ghi chi vượt quỹ, kèm lý do"
	// ErrFundOverdraftNotAllowed refuses an overdraft by someone who may not
	// allow one.
	ErrFundOverdraftNotAllowed = "chỉ quản trị viên của đơn vị hoặc cán bộ Hội cấp trên được ghi chi vượt số dư quỹ"
	// ErrFundNoSuchEntry says no entry has the number (%s: the number, %s: the unit).
	ErrFundNoSuchEntry = "không có chứng từ số %s trong sổ quỹ của %s"
	// ErrFundNumber refuses a malformed voucher number (%q).
	ErrFundNumber = "số chứng từ %q không đúng dạng: ví dụ PT-2026-0001 (phiếu thu), PC-2026-0001 (phiếu chi), DC-2026-0001 (bút toán đảo)"
	// ErrFundReverseReversal refuses to reverse a reversing entry (%s: its number).
	ErrFundReverseReversal = "%s là bút toán đảo, không đảo được; muốn ghi lại thì lập phiếu mới"
	// ErrFundAlreadyReversed refuses a second reversal (%s: the entry, %s:
	// the reversal).
	ErrFundAlreadyReversed = "chứng từ %s đã được đảo bởi %s"
	// ErrFundReason asks for the reason of a reversal or an overdraft.
	ErrFundReason = "cần ghi lý do"
	// ErrFundReverseBefore refuses a reversal dated before its entry (%s, %s).
	ErrFundReverseBefore = "bút toán đảo ngày %s không được trước ngày của chứng từ gốc (%s)"
	// ErrFundBeyondBudget refuses a payment beyond a programme's budget
	// (%s: the amount, %s: the programme, %s: what is left).
	ErrFundBeyondBudget = "số chi %s đồng vượt ngân sách còn lại của chương trình %s (%s đồng)"
	// ErrFundNoProgramme refuses an unknown programme (%q: the code, %d: the year).
	ErrFundNoProgramme = "không có chương trình %q năm %d của đơn vị này"
	// ErrFundTransferSame refuses a transfer from a unit to itself.
	ErrFundTransferSame = "không chuyển quỹ cho chính đơn vị mình"
	// ErrFundNotClosed says the period is not closed (%s: the period).
	ErrFundNotClosed = "kỳ %s chưa khóa sổ"
	// ErrFundAlreadyClosed says the period is closed already (%s, %s: by whom).
	ErrFundAlreadyClosed = "kỳ %s đã khóa sổ (%s)"
	// ErrFundNotApproved refuses to close a period whose report is not
	// approved (%s: the period).
	ErrFundNotApproved = "báo cáo kỳ %s của đơn vị chưa được duyệt nên chưa khóa sổ được"
	// ErrFundKindColumn refuses an unknown entry kind of an import row (%q).
	ErrFundKindColumn = "loại chứng từ %q không có: thu hoặc chi (receipt, payment)"
	// ErrFundKeyTwice refuses a key used on two rows of one file (%q, %d: the other row).
	ErrFundKeyTwice = "mã chống trùng %q đã có ở dòng %d"
	// ErrFundUnitInFile refuses an unknown unit of an import row (%q).
	ErrFundUnitInFile = "không có đơn vị %q"
)

// Audit details of the fund.
const (
	// AuditFundEntry is an entry recorded (%s: number, %s: kind, %s: amount).
	AuditFundEntry = "%s (%s) %s đồng"
	// AuditFundReverse is an entry reversed (%s: the reversal, %s: the entry, %s: the reason).
	AuditFundReverse = "%s đảo %s: %s"
	// AuditFundClose is a period closed (%s), AuditFundReopen reopened (%s, %s: reason).
	AuditFundClose  = "khóa sổ quỹ kỳ %s"
	AuditFundReopen = "mở lại sổ quỹ kỳ %s: %s"
	// AuditFundImport is a fund file imported (%s: file, %d: entries recorded, %d: already there).
	AuditFundImport = "tệp %s: ghi %d chứng từ, %d đã có"
	// AuditFundCount is a counted balance (%s: day, %s: counted, %s: ledger).
	AuditFundCount = "kiểm quỹ ngày %s: thực tế %s, sổ %s"
)

// Labels of the fund's codes.
var fundLabels = map[string]string{
	"receipt": "Thu", "payment": "Chi", "transfer": "Chuyển quỹ", "reversal": "Đảo",
	"cash": "Tiền mặt", "transfer_means": "Chuyển khoản", "in_kind": "Hiện vật", "works": "Công trình",
	"person": "Cá nhân", "clan": "Dòng họ", "enterprise": "Doanh nghiệp", "organisation": "Tổ chức", "hometown": "Hội đồng hương",
	"scholarship": "Học bổng", "prize": "Khen thưởng", "teacher_support": "Hỗ trợ giáo viên",
	"books_bicycles": "Sách vở, xe đạp", "other": "Khác",
}

// FundLabel is the Vietnamese name of a fund code (an entry kind, a means,
// a donor kind, a purpose); means says a "transfer" is a bank transfer.
func FundLabel(code string, means bool) string {
	if means && code == "transfer" {
		code = "transfer_means"
	}
	if s, ok := fundLabels[code]; ok {
		return s
	}
	return code
}

// FundKindWords maps the words a fund file may use for an entry's kind.
var FundKindWords = map[string]string{
	"receipt": "receipt", "thu": "receipt", "phieu thu": "receipt",
	"payment": "payment", "chi": "payment", "phieu chi": "payment",
}

// FundMeansWords maps the words a fund file may use for the means.
var FundMeansWords = map[string]string{
	"cash": "cash", "tien mat": "cash", "": "cash",
	"transfer": "transfer", "chuyen khoan": "transfer", "bank": "transfer",
	"in_kind": "in_kind", "hien vat": "in_kind",
	"works": "works", "cong trinh": "works",
}

// fundColumns are the Vietnamese headers of the fund file's columns.
var fundColumns = map[string]string{
	"unit":       "Đơn vị",
	"kind":       "Loại",
	"date":       "Ngày",
	"amount":     "Số tiền",
	"party":      "Người nộp/nhận",
	"donor_kind": "Loại nhà hảo tâm",
	"means":      "Hình thức",
	"items":      "Hiện vật",
	"purpose":    "Nội dung chi",
	"programme":  "Chương trình",
	"note":       "Diễn giải",
	"key":        "Mã chống trùng",
}

// FundColumn is the Vietnamese header of a fund file's column.
func FundColumn(col string) string {
	if s, ok := fundColumns[col]; ok {
		return s
	}
	return col
}

// Command-line texts of the fund.
const (
	SummaryFundReceipt = "ghi một phiếu thu vào sổ quỹ khuyến học"
	SummaryFundPayment = "ghi một phiếu chi từ quỹ khuyến học"
	SummaryFundReverse = "đảo một chứng từ (không sửa, không xóa)"
	SummaryFundBook    = "in sổ quỹ của một đơn vị trong một kỳ"
	SummaryFundClose   = "khóa sổ quỹ một kỳ sau khi báo cáo được duyệt"
	SummaryFundReopen  = "mở lại sổ quỹ một kỳ đã khóa (Hội cấp trên)"
	SummaryImportFund  = "nhập các phiếu thu, chi từ tệp CSV/XLSX"
	FlagFundUnit       = "đơn vị LEVEL:CODE giữ sổ quỹ"
	FlagFundAmount     = "số tiền (đồng nguyên)"
	FlagFundDonor      = "tên người nộp (nhà hảo tâm)"
	FlagFundDonorKind  = "loại nhà hảo tâm: person, clan, enterprise, organisation, hometown"
	FlagFundTo         = "tên người nhận"
	FlagFundKind       = "hình thức: cash, transfer, in_kind, works"
	FlagFundItems      = "danh mục hiện vật (quà bằng hiện vật)"
	FlagFundDate       = "ngày chứng từ dd/mm/yyyy (mặc định hôm nay)"
	FlagFundKey        = "mã chống trùng: cùng mã thì không ghi lần hai"
	FlagFundProgramme  = "mã chương trình học bổng, khen thưởng"
	FlagFundPurpose    = "nội dung chi: scholarship, prize, teacher_support, books_bicycles, other"
	FlagFundNote       = "diễn giải"
	FlagFundOverdraft  = "ghi chi vượt số dư quỹ, với lý do"
	FlagFundNumber     = "số chứng từ cần đảo, ví dụ PT-2026-0001"
	FlagFundReason     = "lý do"
	FlagFundPeriod     = "kỳ, ví dụ 2026, 2026H1, 2026-07"
	FlagFundOutput     = "tệp kết quả (với --format xlsx)"
	ErrFundArgs        = "cần --unit và --amount"
	ErrFundReverseArgs = "cần --unit, --number và --reason"
	ErrFundBookArgs    = "cần --unit và --period"
	ErrFundXLSXOut     = "--format xlsx cần -o TỆP.xlsx"
	FundRecorded       = "Đã ghi %s: %s đồng, ngày %s."
	FundExisting       = "Mã chống trùng đã dùng: không ghi lần hai; chứng từ đã ghi là %s (%s đồng, ngày %s)."
	FundReversed       = "Đã ghi bút toán đảo %s cho %s."
	FundClosedMsg      = "Đã khóa sổ quỹ %s kỳ %s."
	FundReopenedMsg    = "Đã mở lại sổ quỹ %s kỳ %s."
	FundBookWritten    = "Đã ghi sổ quỹ vào %s."
	FundImported       = "Tệp %s: %s dòng, ghi mới %s chứng từ, %s đã có từ trước (không ghi lần hai)."
	FundBookTitle      = "SỔ QUỸ KHUYẾN HỌC"
	FundBookOpening    = "Số dư đầu kỳ"
	FundBookClosing    = "Số dư cuối kỳ"
	FundBookTotals     = "Cộng phát sinh: thu %s, chi %s"
)

// FundBookHeader is the fund book's column headers.
var FundBookHeader = []string{"Số chứng từ", "Ngày", "Loại", "Hình thức", "Người nộp/nhận", "Diễn giải", "Thu", "Chi", "Tồn quỹ"}

// FundBookHeading is the book's title line for a unit and a period.
func FundBookHeading(unit, period string) string {
	return fmt.Sprintf("%s – %s – %s", FundBookTitle, unit, strings.TrimSpace(period))
}

func init() {
	for code, label := range map[string]string{
		"fund.entry":     "Ghi sổ quỹ",
		"fund.reverse":   "Đảo chứng từ quỹ",
		"fund.close":     "Khóa sổ quỹ",
		"fund.reopen":    "Mở lại sổ quỹ",
		"fund.count":     "Kiểm quỹ",
		"fund.programme": "Thêm chương trình học bổng, khen thưởng",
		"import.fund":    "Nhập phiếu thu, chi",
	} {
		auditActions[code] = label
	}
}

// More command-line texts of the fund.
const (
	SummaryFundTransfer = "chuyển quỹ sang đơn vị khác (hai chứng từ đi đôi)"
	FlagFundTransferTo  = "đơn vị nhận LEVEL:CODE"
	ErrFundTransferArgs = "cần --unit, --to và --amount"
	FundTransferred     = "Đã ghi %s (bên chuyển) và %s (bên nhận): %s đồng, ngày %s."
)

// digitWords are the digits as words.
var digitWords = [...]string{"không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"}

// groupUnits name the groups of three digits, from the right.
var groupUnits = [...]string{"", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ", "tỷ tỷ"}

// AmountInWords writes an amount of đồng in Vietnamese words, as a voucher
// writes it under the figure ("Viết bằng chữ"): 1500000 is "Một triệu năm
// trăm nghìn đồng", 2005000 "Hai triệu không trăm linh năm nghìn đồng", 21
// "Hai mươi mốt đồng". Groups of zeros are left out; a negative amount is
// written with "Âm".
func AmountInWords(n int64) string {
	if n == 0 {
		return "Không đồng"
	}
	neg := n < 0
	u := uint64(n)
	if neg {
		u = uint64(-n)
	}
	var groups []int
	for ; u > 0; u /= 1000 {
		groups = append(groups, int(u%1000))
	}
	var words []string
	for i := len(groups) - 1; i >= 0; i-- {
		g := groups[i]
		if g == 0 {
			continue
		}
		words = append(words, groupWords(g, i == len(groups)-1)...)
		if groupUnits[i] != "" {
			words = append(words, groupUnits[i])
		}
	}
	s := strings.Join(words, " ") + " đồng"
	if neg {
		s = "âm " + s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}

// groupWords writes a group of three digits; the leading group of a number
// leaves out its leading zeros, the others say "không trăm" and "linh".
func groupWords(g int, leading bool) []string {
	h, t, o := g/100, g/10%10, g%10
	var w []string
	if h > 0 || !leading {
		w = append(w, digitWords[h], "trăm")
	}
	switch {
	case t == 0 && o != 0 && len(w) > 0:
		w = append(w, "linh")
	case t == 1:
		w = append(w, "mười")
	case t > 1:
		w = append(w, digitWords[t], "mươi")
	}
	switch {
	case o == 0:
	case o == 1 && t > 1:
		w = append(w, "mốt")
	case o == 4 && t > 1:
		w = append(w, "tư")
	case o == 5 && t > 0:
		w = append(w, "lăm")
	default:
		w = append(w, digitWords[o])
	}
	return w
}

// ErrFundAPIKind refuses an API entry that is neither a receipt nor a
// payment (%q: what was sent).
const ErrFundAPIKind = "loại chứng từ %q không hợp lệ: chỉ nhận receipt (phiếu thu) hoặc payment (phiếu chi)"

// The texts of a receipt or payment voucher.
const (
	FundVoucherReceipt   = "PHIẾU THU"
	FundVoucherPayment   = "PHIẾU CHI"
	FundVoucherPayer     = "Họ và tên người nộp"
	FundVoucherPayee     = "Họ và tên người nhận"
	FundVoucherReason    = "Lý do"
	FundVoucherAmount    = "Số tiền"
	FundVoucherWords     = "Viết bằng chữ"
	FundVoucherItems     = "Hiện vật"
	FundVoucherProgramme = "Chương trình"
	FundVoucherSuperior  = "QUỸ KHUYẾN HỌC"
	FundAssociation      = "Hội Khuyến học"
	FundVoucherSigner    = "THỦ QUỸ"
	// The other signers of a voucher, left of the treasurer.
	FundVoucherHead       = "CHỦ TỊCH HỘI"
	FundVoucherAccountant = "KẾ TOÁN"
	FundVoucherPayerSigns = "NGƯỜI NỘP TIỀN"
	FundVoucherPayeeSigns = "NGƯỜI NHẬN TIỀN"
	FundVoucherMaker      = "NGƯỜI LẬP PHIẾU"
	// FundVoucherDate is the voucher's day (%d day, %d month, %d year).
	FundVoucherDate = "Ngày %02d tháng %02d năm %d"
	// FundVoucherReversal is a reversing entry's reason (%s: the entry, %s: why).
	FundVoucherReversal = "Đảo chứng từ %s: %s"
	// FundReversedBy notes, in the book and on the fund page, that an entry
	// was reversed (%s: the reversing entry).
	FundReversedBy = "Đã đảo bằng %s"
	// FundVoucherRecorded says who recorded the entry (%s) and when (%s).
	FundVoucherRecorded = "Người lập phiếu: %s, lúc %s."
	SummaryFundVoucher  = "in phiếu thu, phiếu chi (PDF) có số tiền bằng chữ"
	ErrFundVoucherArgs  = "cần --unit, --number và -o TỆP.pdf"
	FlagFundVoucher     = "in phiếu thu/chi của chứng từ này ra tệp PDF"
	FundVoucherWritten  = "Đã in %s vào %s."
)

// Texts of the fund's programmes.
const (
	// ErrFundProgrammeCode refuses a programme code (%q).
	ErrFundProgrammeCode = "mã chương trình %q không hợp lệ: ghi liền, không dấu cách, ví dụ HB2026"
	ErrFundProgrammeName = "cần tên chương trình"
	// ErrFundProgrammeYear refuses a year (%d).
	ErrFundProgrammeYear = "năm %d không hợp lệ"
	// ErrFundProgrammeTwice refuses a code used already (%q, %d: the year).
	ErrFundProgrammeTwice = "đơn vị đã có chương trình %q năm %d"
	// AuditFundProgramme is a programme added (%s code, %s name, %d year, %s budget).
	AuditFundProgramme   = "chương trình %s «%s» năm %d, ngân sách %s đồng"
	SummaryFundProgramme = "thêm chương trình học bổng, khen thưởng của đơn vị"
	FlagFundProgCode     = "mã chương trình (ví dụ HB2026)"
	FlagFundProgName     = "tên chương trình"
	FlagFundProgYear     = "năm"
	FlagFundProgBudget   = "ngân sách (đồng; 0: không giới hạn)"
	ErrFundProgrammeArgs = "cần --unit, --code, --name và --year"
	FundProgrammeAdded   = "Đã thêm chương trình %s năm %d."
)

// Texts of a programme's recipients (awards).
const (
	// ErrFundBeneficiary refuses an unknown kind of recipient (%q).
	ErrFundBeneficiary = "đối tượng %q không có: pupil_hardship (học sinh nghèo vượt khó), good_pupil (học sinh giỏi), student (sinh viên), teacher (giáo viên) hoặc adult (người lớn tự học)"
	// ErrFundAwardName asks for the recipient's full name.
	ErrFundAwardName = "cần ghi họ và tên người nhận"
	// ErrFundAwardBorn asks for the recipient's birth date.
	ErrFundAwardBorn = "cần ghi ngày sinh (dd/mm/yyyy) hoặc năm sinh của người nhận"
	// ErrFundAwardSchool asks for a pupil's or student's school.
	ErrFundAwardSchool = "cần ghi trường của học sinh, sinh viên"
	// ErrFundAwardWorkplace asks for a teacher's or an adult's workplace.
	ErrFundAwardWorkplace = "cần ghi nơi công tác (giáo viên) hoặc nơi làm việc, nơi ở (người lớn)"
	// ErrFundAwardUnit refuses a paying unit outside the programme's unit
	// (%s: the unit, %s: the programme, %s: the programme's unit).
	ErrFundAwardUnit = "%s không thuộc %[3]s nên không lập danh sách nhận của chương trình %[2]s"
	// ErrFundAwardOverrideNotAllowed refuses an override by someone who is
	// not an admin of the unit.
	ErrFundAwardOverrideNotAllowed = "chỉ quản trị viên của đơn vị được cho một người nhận hai lần trong cùng chương trình, kèm lý do"
	// ErrFundAwardTwice refuses a second award of a programme to the same
	// person (%s: the name, %s: the programme, %d: the year, %s: the unit
	// that listed them first).
	ErrFundAwardTwice = "%s đã có trong danh sách nhận của chương trình %s năm %d (do %s lập); mỗi người chỉ nhận một lần trong năm, trừ khi quản trị viên ghi lý do"
	// ErrFundNoAward says a programme has no recipient with the id (%d, %s, %d).
	ErrFundNoAward = "chương trình %[2]s năm %[3]d không có người nhận số %[1]d"
	// ErrFundNoSuchAward says no recipient has the id (%d).
	ErrFundNoSuchAward = "không có người nhận số %d"
	// ErrFundAwardsBeyondBudget refuses approving awards beyond the budget
	// (%s: their total, %s: the programme, %s: what is left).
	ErrFundAwardsBeyondBudget = "các suất cần duyệt (%s đồng) vượt ngân sách còn lại của chương trình %s (%s đồng)"
	// ErrFundAwardNotApproved refuses to pay an award not approved (%s: the name).
	ErrFundAwardNotApproved = "suất của %s chưa được duyệt nên chưa chi được"
	// ErrFundAwardPaid refuses to pay an award twice (%s: the name, %s: the payment).
	ErrFundAwardPaid = "suất của %s đã chi (%s); muốn chi lại thì đảo phiếu chi đó trước"
	// ErrFundAwardsFullNotAllowed refuses the full personal data to a reader.
	ErrFundAwardsFullNotAllowed = "chỉ cán bộ của đơn vị lập chương trình được xem đầy đủ CCCD, ngày sinh của người nhận"
	// AuditFundAward is a recipient added (%s name, %s programme, %d year, %s amount).
	AuditFundAward = "%s vào danh sách chương trình %s năm %d, %s đồng"
	// AuditFundAwardOverride is the override's reason appended (%s).
	AuditFundAwardOverride = "; nhận lần hai, lý do: %s"
	// AuditFundApprove is recipients approved (%d count, %s programme, %d year, %s total).
	AuditFundApprove = "duyệt %d người nhận của chương trình %s năm %d, %s đồng"
	// AuditFundRecipients is a recipient list read in full or exported (%s
	// programme, %d year, %d rows, %s masked or full).
	AuditFundRecipients = "danh sách nhận chương trình %s năm %d: %d người, %s"
	// FundProgrammeTitle names a programme by its name and year.
	FundProgrammeTitle = "%s (%d)"
	// FundAwardNote is the note of an award's payment (%s programme name, %s beneficiary).
	FundAwardNote = "%s – %s"
)

// fundBeneficiaries are the Vietnamese names of the kinds of recipient.
var fundBeneficiaries = map[string]string{
	"pupil_hardship": "Học sinh nghèo vượt khó",
	"good_pupil":     "Học sinh giỏi",
	"student":        "Sinh viên",
	"teacher":        "Giáo viên",
	"adult":          "Người lớn tự học",
}

// FundBeneficiary is the Vietnamese name of a kind of recipient.
func FundBeneficiary(code string) string {
	if s, ok := fundBeneficiaries[code]; ok {
		return s
	}
	return code
}

// fundAwardColumns are the Vietnamese names of a recipient's fields.
var fundAwardColumns = map[string]string{
	"beneficiary": "Đối tượng",
	"award_kind":  "Loại suất",
	"full_name":   "Họ và tên",
	"birth_date":  "Ngày sinh",
	"school":      "Trường",
	"workplace":   "Nơi công tác",
	"cccd":        "CCCD",
	"reason":      "Lý do",
	"amount":      "Số tiền",
}

// FundAwardColumn is the Vietnamese name of a recipient's field.
func FundAwardColumn(col string) string {
	if s, ok := fundAwardColumns[col]; ok {
		return s
	}
	return col
}

// FundRecipientsHeader is the recipient list's column headers.
var FundRecipientsHeader = []string{"STT", "Họ và tên", "Ngày sinh", "Đối tượng", "Trường, lớp / nơi công tác", "CCCD", "Lý do", "Loại suất", "Số tiền", "Đơn vị", "Duyệt", "Phiếu chi", "Ký nhận"}

// FundRecipientsHeading is the list's title (%s programme name, %d year, %s unit).
const FundRecipientsHeading = "DANH SÁCH NHẬN %s NĂM %d – %s"

// FundRecipientsTotal is the label of the list's total row.
const FundRecipientsTotal = "Cộng"

func init() {
	for code, label := range map[string]string{
		"fund.award":      "Thêm người nhận học bổng, khen thưởng",
		"fund.approve":    "Duyệt danh sách nhận học bổng, khen thưởng",
		"fund.recipients": "Xuất danh sách nhận học bổng, khen thưởng",
	} {
		auditActions[code] = label
	}
}

// Command-line texts of a programme's recipients.
const (
	SummaryFundAward         = "thêm một người nhận vào danh sách của chương trình học bổng, khen thưởng"
	SummaryFundApprove       = "duyệt danh sách nhận của chương trình"
	SummaryFundPay           = "chi một suất đã duyệt (lập phiếu chi)"
	SummaryFundRecipients    = "danh sách nhận của chương trình (bảng, json, xlsx)"
	FlagFundProgUnit         = "đơn vị LEVEL:CODE của chương trình"
	FlagFundAwardPayer       = "đơn vị LEVEL:CODE lập danh sách và chi suất (mặc định: đơn vị của chương trình)"
	FlagFundAwardName        = "họ và tên người nhận"
	FlagFundAwardBorn        = "ngày sinh dd/mm/yyyy (hoặc năm sinh)"
	FlagFundAwardBeneficiary = "đối tượng: pupil_hardship, good_pupil, student, teacher, adult"
	FlagFundAwardSchool      = "trường (học sinh, sinh viên)"
	FlagFundAwardGrade       = "lớp"
	FlagFundAwardWorkplace   = "nơi công tác (giáo viên) hoặc nơi làm việc, nơi ở"
	FlagFundAwardCCCD        = "số CCCD (không bắt buộc)"
	FlagFundAwardOverride    = "cho nhận lần hai trong năm, với lý do (quản trị viên)"
	FlagFundAwardIDs         = "số của các người nhận cần duyệt, cách nhau bởi dấu phẩy (mặc định: tất cả chưa duyệt)"
	FlagFundAwardID          = "số của người nhận"
	FlagFundAwardFull        = "hiện đầy đủ CCCD và ngày sinh (được ghi vào nhật ký)"
	ErrFundAwardArgs         = "cần --unit, --programme và --year"
	ErrFundPayArgs           = "cần --award"
	// ErrFundAwardID refuses a recipient number that is not a number (%q).
	ErrFundAwardID        = "số người nhận %q không hợp lệ"
	FundAwardAdded        = "Đã thêm người nhận số %d: %s, %s đồng."
	FundAwardsApproved    = "Đã duyệt %d người nhận của chương trình %s năm %d."
	FundRecipientsWritten = "Đã ghi danh sách nhận vào %s."
	FundAwardPending      = "chờ duyệt"
	FundAwardApproved     = "đã duyệt, chưa chi"
)

// Texts of counted balances (kiểm quỹ).
const (
	// ErrFundCountMeans refuses an unknown kind of count (%q).
	ErrFundCountMeans = "kiểm quỹ %q không có: cash (tiền mặt tại quỹ), bank (tài khoản ngân hàng) hoặc all (toàn bộ quỹ)"
	// ErrFundCountAmount refuses a negative counted balance (%s).
	ErrFundCountAmount = "số kiểm đếm %s không hợp lệ: ghi số đồng từ 0 trở lên"
	SummaryFundCount   = "ghi số dư kiểm đếm thực tế (tiền mặt, ngân hàng) để đối chiếu với sổ quỹ"
	FlagFundCountMeans = "kiểm: cash (tiền mặt), bank (ngân hàng), all (toàn bộ quỹ)"
	FlagFundCounted    = "số dư đếm được hoặc theo sao kê (đồng)"
	ErrFundCountArgs   = "cần --unit và --counted"
	// FundCounted says a count was recorded (%s day, %s counted, %s ledger, %s difference).
	FundCounted = "Kiểm quỹ ngày %s: thực tế %s đồng, sổ quỹ %s đồng, chênh lệch %s đồng."
	// FundBookCount is a count's line under the book (%s day, %s what, %s
	// counted, %s ledger, %s difference).
	FundBookCount = "Kiểm quỹ ngày %s (%s): thực tế %s, sổ quỹ %s, chênh lệch %s"
)

// fundCountLabels name what a count counts.
var fundCountLabels = map[string]string{"cash": "tiền mặt", "bank": "ngân hàng", "all": "toàn bộ quỹ"}

// FundCountLabel is the Vietnamese name of what a count counts.
func FundCountLabel(means string) string {
	if s, ok := fundCountLabels[means]; ok {
		return s
	}
	return means
}

// SignedInt writes a difference with its sign: +1.000, -500, 0.
func SignedInt(n int64) string {
	if n > 0 {
		return "+" + Int(n)
	}
	return Int(n)
}

func init() {
	for k, v := range fundUI {
		UI[k] = v
	}
}

// fundUI are the labels of the fund's pages, merged into UI.
var fundUI = map[string]string{
	"nav.fund":                "Quỹ khuyến học",
	"fund.title":              "Quỹ khuyến học",
	"fund.lead":               "Ghi phiếu thu, in phiếu, chi học bổng theo chương trình và in sổ quỹ. Chứng từ đã ghi không sửa, không xóa: ghi sai thì lập bút toán đảo.",
	"fund.done":               "Đã ghi %s.",
	"fund.balance":            "Số dư quỹ hôm nay",
	"fund.dong":               "đồng",
	"fund.book":               "Tải sổ quỹ năm %d (Excel)",
	"fund.receipt":            "Ghi phiếu thu",
	"fund.donor":              "Người nộp (nhà hảo tâm)",
	"fund.donor_kind":         "Loại nhà hảo tâm",
	"fund.amount":             "Số tiền (đồng)",
	"fund.amount_hint":        "Ghi số đồng nguyên, ví dụ 1.500.000.",
	"fund.means":              "Hình thức",
	"fund.items":              "Danh mục hiện vật",
	"fund.items_hint":         "Với quà bằng hiện vật: tên, số lượng; số tiền là giá trị ước tính.",
	"fund.date":               "Ngày",
	"fund.note":               "Diễn giải",
	"fund.receipt_submit":     "Ghi phiếu thu",
	"fund.entries":            "Chứng từ năm %d (mới nhất trước)",
	"fund.none":               "Chưa có chứng từ nào trong năm.",
	"fund.in":                 "Thu",
	"fund.out":                "Chi",
	"fund.after":              "Tồn quỹ sau",
	"fund.voucher":            "In phiếu (PDF)",
	"fund.reverse":            "Đảo chứng từ này",
	"fund.reverse_reason":     "Lý do đảo",
	"fund.reverse_submit":     "Ghi bút toán đảo",
	"fund.programmes":         "Chương trình học bổng, khen thưởng",
	"fund.no_programmes":      "Chưa có chương trình nào.",
	"fund.no_budget":          "không giới hạn",
	"fund.prog_add":           "Thêm chương trình năm nay",
	"fund.prog_code":          "Mã chương trình",
	"fund.prog_name":          "Tên chương trình",
	"fund.prog_budget":        "Ngân sách (đồng)",
	"fund.prog_spent":         "Đã chi",
	"fund.prog_year":          "Năm %d",
	"fund.payment":            "Ghi phiếu chi (ngoài chương trình)",
	"fund.payment_lead":       "Hỗ trợ giáo viên, sách vở, xe đạp và các khoản chi khác. Suất học bổng, khen thưởng của một chương trình thì chi ở trang của chương trình.",
	"fund.pay_to":             "Người nhận",
	"fund.pay_purpose":        "Nội dung chi",
	"fund.pay_note":           "Mục đích, diễn giải",
	"fund.pay_overdraft":      "Lý do chi vượt số dư (chỉ khi cần)",
	"fund.pay_overdraft_hint": "Để trống nếu quỹ đủ tiền. Chi vượt số dư chỉ được ghi khi có lý do.",
	"fund.payment_submit":     "Ghi phiếu chi",
	"fund.awards":             "Học bổng, khen thưởng đã chi theo chương trình năm %d",
	"fund.awards_lead":        "Theo các phiếu chi suất của chương trình trong năm của đơn vị và các đơn vị trực thuộc, trừ phiếu đã đảo.",
	"fund.awards_none":        "Chưa chi suất nào của chương trình trong năm.",
	"fund.awards_programme":   "Chương trình",
	"fund.awards_unit":        "Đơn vị lập chương trình",
	"fund.awards_count":       "Số suất",
	"fund.awards_amount":      "Số tiền (đồng)",
	"fund.awards_total":       "Tổng cộng",
	"fund.prog_listed":        "Tổng các suất trong danh sách",
	"fund.prog_submit":        "Thêm chương trình",
	"fund.prog_list":          "Tải danh sách nhận (Excel)",
	"fund.back":               "Về quỹ khuyến học",
	"fund.approve_all":        "Duyệt %d người chờ duyệt",
	"fund.award_add":          "Thêm người nhận",
	"fund.award_payer":        "do %s chi trả",
	"fund.award_name":         "Họ và tên",
	"fund.award_born":         "Ngày sinh",
	"fund.award_beneficiary":  "Đối tượng",
	"fund.award_kind":         "Loại suất",
	"fund.award_school":       "Trường (học sinh, sinh viên)",
	"fund.award_grade":        "Lớp",
	"fund.award_workplace":    "Nơi công tác (giáo viên, người lớn)",
	"fund.award_cccd":         "Số CCCD (không bắt buộc)",
	"fund.award_reason":       "Lý do",
	"fund.award_submit":       "Thêm vào danh sách",
	"fund.award_place":        "Trường, lớp / nơi công tác",
	"fund.award_state":        "Tình trạng",
	"fund.award_added":        "Đã thêm người nhận vào danh sách (chờ duyệt).",
	"fund.awards_approved":    "Đã duyệt danh sách.",
	"fund.no_awards":          "Chưa có người nhận nào.",
	"fund.pay":                "Chi suất này (lập phiếu chi)",
}
