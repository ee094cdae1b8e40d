package vi

// Texts of the plausibility checks of a data-entry form (internal/checks,
// internal/entry): the pieces of the warnings whose templates are in
// internal/indicator/checks.csv, the refusal of a submission with a
// warning left unexplained, and the labels of the form and the approval
// page.
const (
	// CheckValueOf is a figure taken from another period than the form's
	// (a population not entered, from the previous period): the value and
	// the period.
	CheckValueOf = "%s, số của %s"
	// CheckYearToDate is a flow counted from the start of the form's year
	// to its end (recognitions against registrations): the value and the
	// year.
	CheckYearToDate = "%s, cộng dồn từ đầu năm %d"
	// CheckRise and CheckFall are the way a figure changed.
	CheckRise = "tăng"
	CheckFall = "giảm"
	// CheckChangeClause is one comparison of a change warning: the way,
	// the change in percent, the earlier period, the earlier and the new
	// figure.
	CheckChangeClause = "%s %s so với %s (%s → %s)"
	// CheckAnd joins two comparisons.
	CheckAnd = " và "

	// ErrEntryUnexplained refuses a submission with warnings left without
	// an explanation: the unit, the period, how many.
	ErrEntryUnexplained = "chưa gửi được số liệu của %s, %s: còn %d cảnh báo chưa có giải thích. Nếu con số đúng, hãy viết giải thích ngắn cho từng cảnh báo; nếu sai, hãy sửa con số rồi gửi lại"
	// ErrExplanationMissing stands under a warning without an explanation.
	ErrExplanationMissing = "Cần giải thích cảnh báo này (hoặc sửa con số) trước khi gửi."
	// ErrExplanationTooLong refuses an explanation over the limit (%d
	// characters).
	ErrExplanationTooLong = "giải thích dài quá %d ký tự; hãy viết ngắn gọn"
	// ErrExplanationKey refuses an explanation of something that is no
	// warning (%q what was sent).
	ErrExplanationKey = "không có loại cảnh báo %q; dùng mã cảnh báo (key) mà phiếu trả về"

	AuditActionEntryExplain = "giải thích cảnh báo số liệu"
	// AuditExplainDetail is the detail of an explanation's audit entry:
	// the warning, then the explanation (empty when it was removed).
	AuditExplainDetail = "%s — giải thích: %s"
	// AuditSubmitWarnings follows a submission's audit entry: how many
	// warnings went with it, each explained.
	AuditSubmitWarnings = "%d cảnh báo, đều đã có giải thích"
)

func init() {
	auditActions["entry.explain"] = AuditActionEntryExplain
	for k, v := range checksUI {
		UI[k] = v
	}
}

// checksUI are the labels of the warnings on the form and on the approval
// pages, merged into UI.
var checksUI = map[string]string{
	"checks.heading":        "Cảnh báo cần xem lại",
	"checks.lead":           "Các con số dưới đây có vẻ bất thường. Nếu con số sai, hãy sửa lại. Nếu con số đúng, hãy viết một giải thích ngắn cho từng cảnh báo (ví dụ: «đã sáp nhập thêm xã», «mới thành lập chi hội»). Cấp trên sẽ đọc giải thích khi duyệt; chưa giải thích đủ thì chưa gửi được.",
	"checks.lead_locked":    "Các cảnh báo của phiếu và giải thích của đơn vị:",
	"checks.explain":        "Giải thích của đơn vị",
	"checks.explain_hint":   "Vì sao con số như vậy (bắt buộc trước khi gửi)",
	"checks.none_explained": "chưa có giải thích",
	"checks.field_mark":     "Có cảnh báo",
	"checks.count":          "cảnh báo",
	"checks.no_warnings":    "Không có cảnh báo",

	"approve.sent_at":         "Gửi lúc",
	"approve.figures":         "Số liệu của phiếu",
	"approve.figures_lead":    "Mỗi chỉ tiêu với số kỳ trước, số cùng kỳ năm trước và mức thay đổi. Dòng tô màu có cảnh báo.",
	"approve.col_indicator":   "Chỉ tiêu",
	"approve.col_value":       "Số báo cáo",
	"approve.col_previous":    "Kỳ trước",
	"approve.col_compare":     "Cùng kỳ năm trước",
	"approve.col_change":      "Thay đổi",
	"approve.change_previous": "Thay đổi so với kỳ trước",
	"approve.change_compare":  "Thay đổi so với cùng kỳ",
	"approve.own":             "Số liệu riêng của Hội cấp này",
	"approve.decide":          "Quyết định",
	"approve.decide_lead":     "Duyệt để đưa số liệu vào số liệu chính thức, hoặc trả lại kèm lý do để đơn vị sửa.",
	"approve.not_waiting":     "Phiếu này không ở trạng thái chờ duyệt.",
	"approve.back":            "Danh sách chờ duyệt",
	"approve.warn_label":      "Cảnh báo",
	"approve.review":          "Xem số liệu và duyệt",
	"approve.no_value":        "chưa nhập",
}
