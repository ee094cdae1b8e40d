package vi

// Texts of the web report page: the pickers of the unit and the period,
// the downloads and the CSV meant for people. The labels join UI (the
// templates' {{t "key"}}); the formats are for the handlers.

func init() {
	for k, v := range reportPageUI {
		UI[k] = v
	}
}

// reportPageUI are the labels of the report page, merged into UI.
var reportPageUI = map[string]string{
	"report.find":          "Đơn vị, cụm thi đua hoặc toàn quốc",
	"report.find_hint":     "Gõ một phần tên, có dấu hay không dấu đều được, rồi chọn trong danh sách. Ví dụ: ea tu, dak lak, cum thi dua.",
	"report.find_none":     "Không có đơn vị nào khớp trong phạm vi của bạn.",
	"report.find_count":    "kết quả, dùng phím mũi tên để chọn",
	"report.period_docs":   "Báo cáo sơ kết, tổng kết",
	"report.period_data":   "Chỉ tải số liệu (JSON, CSV, XLSX)",
	"report.period_note":   "Không lập báo cáo riêng cho 6 tháng cuối năm: báo cáo năm bao gồm cả 6 tháng cuối năm. Số liệu 6 tháng cuối năm vẫn tải được dạng JSON, CSV, XLSX.",
	"report.choose":        "Có nhiều đơn vị khớp với tên đã gõ. Chọn một:",
	"report.h2_title":      "Số liệu",
	"report.h2_year_link":  "Xem báo cáo cả năm",
	"report.downloads":     "Tải về",
	"report.download_pdf":  "PDF",
	"report.download_docx": "Word (DOCX)",
	"report.download_xlsx": "Excel (XLSX)",
	"report.download_csv":  "CSV",
	"report.download_json": "JSON",
	"report.children_nav":  "Các đơn vị trực thuộc: xem báo cáo từng đơn vị",
	"report.recipients":    DocRecipients,
	"report.note_back":     "Trở lại chỗ ghi chú",
	"report.csv_note":      "Tệp CSV có tên đơn vị, chỉ tiêu tiếng Việt, mở được bằng Excel; số viết dấu chấm thập phân (18.53). Để tính toán trong Excel, dùng tệp XLSX.",
}

// Formats and words of the report page's handlers.
const (
	// ReportNation is the nation's name in the unit picker.
	ReportNation = "Toàn quốc"
	// ReportUnfinished follows the name of a period not yet over in the
	// period picker.
	ReportUnfinished = "%s (đang diễn ra, số liệu tạm tính)"
	// ReportH2Notice explains on the page of a second half-year that it is
	// not a document of its own: %s is the year's report ("năm 2026").
	ReportH2Notice = "Không lập báo cáo riêng cho %s: báo cáo %s bao gồm cả 6 tháng cuối năm. Số liệu %s ở bảng dưới đây và trong các tệp JSON, CSV, XLSX."
	// ErrReportNoMatch: nothing the caller may read has that name.
	ErrReportNoMatch = "không tìm thấy đơn vị, cụm thi đua nào khớp với «%s» trong phạm vi của bạn vào ngày %s (cuối kỳ đã chọn)"
	// ErrReportH2Document refuses a second half-year as a document:
	// %s the half-year, %d the year whose report covers it.
	ErrReportH2Document = "không lập %s thành văn bản (%s): báo cáo năm %d bao gồm cả 6 tháng cuối năm; số liệu 6 tháng cuối năm tải được dạng JSON, CSV, XLSX"
	// ErrReportFormat: a download format the page does not offer.
	ErrReportFormat = "không có định dạng tải về %q (có: pdf, docx, xlsx, csv, json)"
	// ReportFilePrefix starts the name of every downloaded report file.
	ReportFilePrefix = "bao-cao"
)

// ReportCSVHeader is the header row of the report's CSV for people: the
// unit and the indicator by name, the unit of measure, the figures of the
// period and of the same period a year earlier, the change, and a note
// (ReportCSVApprox). The columns of the figures carry the periods' names
// after ": " (see ReportCSVPeriodCol).
var ReportCSVHeader = []string{"Đơn vị", "Chỉ tiêu", "Đơn vị tính", "Kỳ báo cáo", "Cùng kỳ năm trước", "Tăng/giảm", "Tăng/giảm (%)", "Ghi chú"}

const (
	// ReportCSVPeriodCol names a figure column with its period:
	// "Kỳ báo cáo: 6 tháng đầu năm 2026".
	ReportCSVPeriodCol = "%s: %s"
	// ReportCSVApprox notes an apportioned comparison figure.
	ReportCSVApprox = "số liệu cùng kỳ ước tính do sắp xếp đơn vị hành chính"
	// ReportCSVOwn notes the association's own part of a total.
	ReportCSVOwn = "trong đó hội cấp này: %s"
)

// MeasureWord is the unit of measure of an indicator, named by its
// catalogue unit (person, household, percent, VND, VND/person), in words
// for a column "Đơn vị tính"; ReportUnitCount for a count of anything
// else.
func MeasureWord(unit string) string {
	switch unit {
	case "person":
		return ReportUnitPerson
	case "household":
		return ReportUnitHousehold
	case "percent":
		return "%"
	case "VND":
		return ReportUnitDong
	case "VND/person":
		return ReportUnitPerCapita
	}
	return ReportUnitCount
}
