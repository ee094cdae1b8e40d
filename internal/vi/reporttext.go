package vi

import "strings"

// Texts of the parts of a report the officers write (package reporttext):
// the headings of the sections, the letterhead's fields, the refusals.
// Each Err… is a format for apperr.New, its verbs documented beside it.

// reportSections are the headings of the sections an officer writes, by
// key (report.TextKeys), as the document names them; a result section's
// shortcomings are its key with ".limits".
var reportSections = map[string]string{
	"advice":       DocSecAdvice,
	"propaganda":   DocSecPropaganda,
	"organisation": DocSecOrganisation,
	"models":       DocSecModels,
	"fund":         DocSecFund,
	"cooperation":  DocSecCooperation,
	"centres":      DocSecCentres,
	"emulation":    DocSecEmulation,
	"strengths":    DocStrengths,
	"weaknesses":   DocWeaknesses,
	"causes":       DocCauses,
	"directions":   "Phương hướng, nhiệm vụ",
	"proposals":    "Kiến nghị, đề xuất",
}

// ReportSection is the heading of a section an officer writes ("Công tác
// tuyên truyền", "Công tác tuyên truyền: tồn tại, hạn chế"), or the key
// itself for one it does not know.
func ReportSection(key string) string {
	if s, ok := reportSections[key]; ok {
		return s
	}
	if base, ok := strings.CutSuffix(key, ".limits"); ok {
		if s, ok := reportSections[base]; ok {
			return s + ": " + strings.ToLower(strings.TrimSuffix(DocLimits, ":"))
		}
	}
	return key
}

// The letterhead's fields as the form and the messages name them.
const (
	LetterheadSuperior    = "Cơ quan cấp trên"
	LetterheadIssuer      = "Tên hội ban hành văn bản"
	LetterheadNumber      = "Số văn bản"
	LetterheadPlace       = "Địa danh"
	LetterheadRecipients  = "Nơi nhận"
	LetterheadOnBehalf    = "Thẩm quyền ký"
	LetterheadSignerTitle = "Chức vụ người ký"
	LetterheadSignerName  = "Họ và tên người ký"
)

const (
	// ReportTextAfter names an officer's sentence after a figure (%s: the
	// indicator's name).
	ReportTextAfter = "Câu viết thêm sau số liệu «%s»"
	// ReportTextGatherLine opens a province's part of a gathered text
	// (%s: the province's name, %s: its text's first paragraph).
	ReportTextGatherLine = "%s: %s"

	AuditActionReportTexts      = "lưu nội dung báo cáo"
	AuditActionReportLetterhead = "lưu phần đầu và chữ ký văn bản báo cáo"
	// AuditReportTextsDetail (%s: the scope, %s: the period, %s: the
	// sections saved).
	AuditReportTextsDetail = "%s, %s: %s"
	// AuditReportLetterheadDetail (%s: the scope, %s: the period).
	AuditReportLetterheadDetail = "%s, %s"

	// ErrReportPeriodH2 (%s: the period's name, %d: the year, %d: the year).
	ErrReportPeriodH2 = "không lập văn bản báo cáo %s: báo cáo tổng kết năm %d đã bao gồm 6 tháng cuối năm; hãy chọn kỳ cả năm %d"
	// ErrReportPeriodKind (%s: the period's name, %d: a year, %d: a year).
	ErrReportPeriodKind = "không có văn bản báo cáo cho %s: chỉ có báo cáo sơ kết 6 tháng đầu năm %d và báo cáo tổng kết năm %d"
	// ErrReportTextKey (%q: the key given).
	ErrReportTextKey = "báo cáo không có phần %q (các phần: advice, propaganda, organisation, models, fund, cooperation, centres, emulation, mỗi phần có thêm .limits; strengths, weaknesses, causes, directions, proposals)"
	// ErrReportTextIndicator (%q: the code given).
	ErrReportTextIndicator = "không có chỉ tiêu %q để viết câu sau số liệu"
	// ErrReportTextTooLong (%s: the section's heading, %d: its length,
	// %d: the bound).
	ErrReportTextTooLong = "phần «%s» dài %d ký tự, quá giới hạn %d ký tự; hãy rút gọn"
	// ErrReportTextVersion (%d: the version given, %s: the section).
	ErrReportTextVersion = "phiên bản %d của phần «%s» không hợp lệ"
	// ErrReportTextBadChars (%s: the section's heading).
	ErrReportTextBadChars = "phần «%s» có ký tự không hợp lệ (không phải UTF-8 hoặc ký tự điều khiển)"
	ErrReportTextNothing  = "không có phần nào để lưu"
	// ErrReportTextChanged is a save refused because someone saved in the
	// meantime (%s: the sections, each "«heading» (by, at)").
	ErrReportTextChanged = "có người khác vừa lưu %s trong lúc bạn sửa; chưa lưu gì. Hãy tải lại trang, xem nội dung mới rồi sửa lại"
	// ReportTextChangedBy is one section of ErrReportTextChanged (%s: the
	// heading, %s: who, %s: when).
	ReportTextChangedBy = "phần «%s» (%s, lúc %s)"
	// SomeoneElse stands for who saved when the save that raced cannot
	// tell.
	SomeoneElse = "người khác"
	// ErrLetterheadChanged (%s: who, %s: when).
	ErrLetterheadChanged = "phần đầu và chữ ký của văn bản vừa được %s lưu lúc %s trong lúc bạn sửa; chưa lưu gì. Hãy tải lại trang rồi sửa lại"
	// ErrLetterheadTooLong (%s: the field, %d: its length, %d: the bound).
	ErrLetterheadTooLong = "ô «%s» dài %d ký tự, quá giới hạn %d ký tự"
	// ErrLetterheadRecipients (%d: the lines, %d: the bound).
	ErrLetterheadRecipients = "nơi nhận có %d dòng, quá giới hạn %d dòng"
	// ErrLetterheadVersion (%d: the version given).
	ErrLetterheadVersion = "phiên bản %d của phần đầu văn bản không hợp lệ"
	// The command report texts.
	SummaryReportTexts = "xem hoặc ghi các phần nội dung do cán bộ viết trong báo cáo (--set KHÓA=TỆP)"
	FlagTextSet        = "KHÓA=TỆP: ghi nội dung tệp (UTF-8) vào phần KHÓA (advice, directions, …, after:MÃ_CHỈ_TIÊU); lặp lại được"
	ErrReportTextsArgs = "cần --scope và --period, ví dụ: khuyenhoc report texts --scope province:66 --period 2026H1 --set directions=phuong-huong.txt"
	// ErrReportTextsSet (%q: the flag's value).
	ErrReportTextsSet = "--set %q: cần dạng KHÓA=TỆP, ví dụ directions=phuong-huong.txt"
	// ReportTextsSaved (%d: how many, %s: the scope, %s: the period).
	ReportTextsSaved     = "Đã lưu %d phần nội dung báo cáo của %s, %s."
	ReportTextsNone      = "chưa viết"
	ReportTextsPrefilled = "lấy từ báo cáo kỳ trước (%s), chưa lưu cho kỳ này"
	// ReportTextsVersion (%d: the version, %s: who, %s: when).
	ReportTextsVersion = "phiên bản %d, %s lưu lúc %s"

	ErrGatherNotCluster = "chỉ tập hợp được nội dung các tỉnh cho báo cáo của một cụm thi đua"
)
