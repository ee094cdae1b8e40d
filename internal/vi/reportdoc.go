package vi

import (
	"fmt"
	"math"
)

// The report as an administrative document (internal/report/document.go):
// the header block, the title, the parts and sections, the recipients and
// the signature, and the appendix tables.
const (
	DocMotto1          = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	DocMotto2          = "Độc lập - Tự do - Hạnh phúc"
	DocNumber          = "Số: %s"
	DocNumberBlank     = "Số:    /BC-KH"
	DocPlaceDate       = "%s, ngày %d tháng %d năm %d"
	DocPlaceBlank      = "……………"
	DocNationPlace     = "Hà Nội"
	DocKind            = "BÁO CÁO"
	DocTitleHalf       = "Sơ kết công tác khuyến học, khuyến tài, xây dựng xã hội học tập 6 tháng đầu năm %d và phương hướng, nhiệm vụ 6 tháng cuối năm %d"
	DocTitleYear       = "Tổng kết công tác khuyến học, khuyến tài, xây dựng xã hội học tập năm %d và phương hướng, nhiệm vụ năm %d"
	DocTitleOther      = "Kết quả công tác khuyến học, khuyến tài, xây dựng xã hội học tập %s"
	DocProvisional     = "Số liệu tạm tính đến ngày %s"
	DocNoSecondHalf    = "không lập báo cáo sơ kết 6 tháng cuối năm %d: báo cáo tổng kết năm %d (--period %d) bao gồm 6 tháng cuối năm; số liệu 6 tháng cuối năm vẫn xuất được dưới dạng JSON, CSV, XLSX"
	DocNoData          = "Chưa có số liệu cho kỳ báo cáo này."
	DocIntro           = "%s báo cáo %s như sau:"
	DocNoCompare       = "Chưa có số liệu cùng kỳ năm %d để so sánh."
	DocPartResults     = "KẾT QUẢ THỰC HIỆN NHIỆM VỤ %s"
	DocPartDirections  = "PHƯƠNG HƯỚNG, NHIỆM VỤ %s"
	DocPartProposals   = "KIẾN NGHỊ, ĐỀ XUẤT"
	DocPart            = "PHẦN %s"
	DocAchieved        = "KẾT QUẢ ĐẠT ĐƯỢC"
	DocAssessment      = "ĐÁNH GIÁ CHUNG"
	DocStrengths       = "Ưu điểm"
	DocWeaknesses      = "Hạn chế"
	DocCauses          = "Nguyên nhân"
	DocLimits          = "Tồn tại, hạn chế:"
	DocSecAdvice       = "Công tác tham mưu, chỉ đạo"
	DocSecPropaganda   = "Công tác tuyên truyền"
	DocSecOrganisation = "Công tác tổ chức, phát triển hội viên"
	DocSecModels       = "Xây dựng các mô hình học tập"
	DocSecFund         = "Quỹ khuyến học, học bổng, khen thưởng"
	DocSecCooperation  = "Công tác phối hợp"
	DocSecCentres      = "Trung tâm học tập cộng đồng"
	DocSecEmulation    = "Công tác thi đua, khen thưởng"
	DocNextHalf        = "6 THÁNG CUỐI NĂM %d"
	DocNextYear        = "NĂM %d"
	DocNextOther       = "THỜI GIAN TỚI"

	// Names of the reporting association and its superior.
	DocAssociation       = "Hội Khuyến học %s" // + the unit's full name, its type in lower case
	DocAssociationUpper  = "HỘI KHUYẾN HỌC %s"
	DocNationAssociation = "Hội Khuyến học Việt Nam"
	DocNationUpper       = "HỘI KHUYẾN HỌC VIỆT NAM"
	DocNationIssuer      = "TRUNG ƯƠNG HỘI KHUYẾN HỌC VIỆT NAM"
	DocNationCentral     = "Trung ương Hội Khuyến học Việt Nam"

	// Recipients and signature (defaults of the letterhead).
	DocRecipientsHead = "Nơi nhận:"
	DocRecipient      = "- %s;"
	DocForReport      = "%s (để báo cáo)"
	DocStandingBoard  = "Thành viên Ban Thường vụ"
	DocClusterMembers = "Hội Khuyến học các tỉnh trong cụm"
	DocNationMembers  = "Hội Khuyến học các tỉnh, thành phố"
	DocArchive        = "- Lưu: VP."
	DocOnBehalf       = "TM. BAN THƯỜNG VỤ"
	DocSignerTitle    = "CHỦ TỊCH"

	// Appendices.
	DocAppendixScope    = "Phụ lục 1. Số liệu công tác khuyến học, khuyến tài, xây dựng xã hội học tập %s của %s"
	DocAppendixChildren = "Phụ lục 2. Số liệu %s của %s thuộc %s"
	// DocAppendixProgrammes is numbered after the appendices before it.
	DocAppendixProgrammes = "Phụ lục %d. Học bổng, khen thưởng đã chi theo chương trình %s của %s"
	DocColProgramme       = "Chương trình"
	DocColProgrammeUnit   = "Đơn vị lập chương trình"
	DocColAwardCount      = "Số suất"
	DocColAwardAmount     = "Số tiền (đồng)"
	DocColTotal           = "Tổng cộng"
	DocProgrammesNote     = "Theo sổ quỹ khuyến học của các đơn vị: các phiếu chi suất của chương trình trong kỳ, trừ các phiếu đã đảo."
	DocChildUnits         = "các đơn vị"
	DocChildProvinces     = "các tỉnh"
	DocChildDistricts     = "các huyện"
	DocChildCommunes      = "các xã, phường"
	DocColNo              = "TT"
	DocColUnitName        = "Đơn vị"
	DocColMeasure         = "Đơn vị tính"
	DocPointsShort        = "điểm %"
	DocMeasureCount       = "đơn vị"
	DocOwnRow             = "Trong đó: %s"
	DocYearRow            = "%s (năm %d)"
	DocReformMark         = "**"
	DocReformTableNote    = "(**) Số trước sắp xếp đơn vị hành chính từ %s; số hội, chi hội, ban khuyến học, trung tâm học tập cộng đồng thay đổi theo đơn vị hành chính, không tính tăng, giảm."

	// The reorganisation note: the day, the comparison year, the counts
	// before, the counts now.
	DocReformNote     = "Sau sắp xếp đơn vị hành chính từ %s, tổ chức hội được sắp xếp lại theo đơn vị hành chính mới: trước sắp xếp (cùng kỳ năm %d) có %s; nay có %s."
	DocListSep        = ", "
	DocApproxNote     = "Số liệu cùng kỳ năm %d của đơn vị hình thành từ một phần của đơn vị cũ là số ước tính (chưa có số dân của từng phần), nên các so sánh với cùng kỳ chỉ có tính tham khảo."
	DocBodyGrassroots = "Hội Khuyến học cơ sở"
	DocBodyBranches   = "chi hội"
	DocBodyBoards     = "ban khuyến học"
	DocBodyCentres    = "trung tâm học tập cộng đồng"
)

// Money in the prose of a report, as reports write it.
const (
	moneyBillion = "tỷ đồng"
	moneyMillion = "triệu đồng"
	moneyAbove   = "hơn %s"
	moneyBelow   = "gần %s"
)

// MoneyWords writes an amount in đồng the way a report's prose does,
// rounded: from a billion in tỷ with one decimal ("473,7 tỷ đồng", "2,6 tỷ
// đồng"), "hơn 191 tỷ đồng" (or "gần") where the decimal would be zero but
// the amount is not whole; from a million in whole triệu, "hơn 850 triệu
// đồng" where there is a remainder; below that to the đồng. Tables keep the
// exact figure.
func MoneyWords(x float64) string {
	neg := x < 0
	a := math.Abs(x)
	var s string
	switch {
	case a >= 1e9:
		t := a / 1e9
		r := math.Round(t*10) / 10
		if r != math.Trunc(r) {
			s = Number(r, 1) + " " + moneyBillion
			break
		}
		s = Number(r, 0) + " " + moneyBillion
		switch d := t - r; {
		case d > 5e-10:
			s = fmt.Sprintf(moneyAbove, s)
		case d < -5e-10:
			s = fmt.Sprintf(moneyBelow, s)
		}
	case a >= 1e6:
		m := math.Floor(a / 1e6)
		s = Number(m, 0) + " " + moneyMillion
		if a-m*1e6 >= 0.5 {
			s = fmt.Sprintf(moneyAbove, s)
		}
	default:
		s = Money(a)
	}
	if neg {
		return "-" + s
	}
	return s
}
