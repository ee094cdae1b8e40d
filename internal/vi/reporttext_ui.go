package vi

// Texts of the page on which officers write a report's sections, their
// sentences after figures and the letterhead (internal/web/reporttexts.go),
// merged into UI.

func init() {
	for k, v := range reportTextUI {
		UI[k] = v
	}
}

var reportTextUI = map[string]string{
	"texts.link":             "Viết nội dung báo cáo",
	"texts.title":            "Nội dung báo cáo",
	"texts.back":             "Về trang báo cáo",
	"texts.lead":             "Các phần không phải số liệu, do cán bộ hội viết: được đưa vào báo cáo ở mọi định dạng (Word, PDF, văn bản). Mỗi lần lưu là một bản nháp; báo cáo luôn lấy bản lưu mới nhất.",
	"texts.readonly":         "Bạn chỉ được xem, không được sửa nội dung báo cáo này.",
	"texts.part1":            "Phần I. Kết quả thực hiện nhiệm vụ",
	"texts.assessment":       "Đánh giá chung",
	"texts.part2":            "Phần II. Phương hướng, nhiệm vụ",
	"texts.result":           "Kết quả",
	"texts.limits":           "Tồn tại, hạn chế",
	"texts.prefilled":        "lấy từ báo cáo kỳ trước",
	"texts.prefilled_note":   "Nội dung đánh dấu «lấy từ báo cáo kỳ trước» chưa phải của kỳ này: chỉ được lưu khi bạn sửa nó, hoặc đánh dấu «Dùng nội dung này cho kỳ này».",
	"texts.keep":             "Dùng nội dung này cho kỳ này",
	"texts.gathered":         "tập hợp từ các tỉnh, chưa lưu",
	"texts.gather":           "Tập hợp nội dung của các tỉnh trong cụm",
	"texts.gather_hint":      "Điền vào mỗi phần nội dung các tỉnh đã viết cho kỳ này, có tên từng tỉnh, để thư ký cụm biên tập lại. Chưa lưu gì cho đến khi bấm «Lưu bản nháp».",
	"texts.gathered_note":    "Đã tập hợp nội dung của các tỉnh vào các ô bên dưới. Hãy biên tập rồi bấm «Lưu bản nháp».",
	"texts.saved_by":         "Đã lưu",
	"texts.version":          "phiên bản",
	"texts.save":             "Lưu bản nháp",
	"texts.saved":            "Đã lưu nội dung báo cáo.",
	"texts.unchanged":        "Không có gì thay đổi để lưu.",
	"texts.theirs":           "Bản vừa được lưu",
	"texts.conflict_note":    "Nội dung bạn đã gõ vẫn còn trong các ô. Xem bản vừa được lưu dưới mỗi ô bị trùng, sửa lại rồi bấm «Lưu bản nháp» một lần nữa.",
	"texts.figures":          "Câu viết thêm sau số liệu",
	"texts.figures_hint":     "Câu in nghiêng là câu hệ thống tự viết từ số liệu; câu bạn viết vào ô bên dưới được đặt ngay sau nó trong báo cáo.",
	"texts.figures_none":     "Chưa có số liệu nào cho kỳ này.",
	"texts.figure_label":     "Câu viết thêm",
	"texts.no_sentence":      "(số liệu này không còn trong báo cáo kỳ này)",
	"texts.chars":            "Mỗi dòng trong ô là một đoạn của báo cáo; dòng bắt đầu bằng «- » là một ý gạch đầu dòng. Tối đa 20.000 ký tự mỗi phần.",
	"texts.letterhead":       "Phần đầu văn bản, nơi nhận và chữ ký",
	"texts.letterhead_hint":  "Để trống một ô thì báo cáo dùng nội dung mặc định (ghi mờ trong ô). Phần này được dùng lại cho các kỳ sau, trừ số văn bản.",
	"texts.recipients_hint":  "Mỗi dòng một nơi nhận, ví dụ: Hội Khuyến học Việt Nam (để báo cáo). Dòng «Lưu: VP.» được thêm tự động.",
	"texts.letterhead_save":  "Lưu phần đầu và chữ ký",
	"texts.letterhead_saved": "Đã lưu phần đầu và chữ ký của văn bản.",
	"texts.lh_superior":      LetterheadSuperior,
	"texts.lh_issuer":        LetterheadIssuer,
	"texts.lh_number":        LetterheadNumber,
	"texts.lh_place":         LetterheadPlace,
	"texts.lh_recipients":    LetterheadRecipients,
	"texts.lh_on_behalf":     LetterheadOnBehalf,
	"texts.lh_signer_title":  LetterheadSignerTitle,
	"texts.lh_signer_name":   LetterheadSignerName,
}
