package vi

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
	DocAppendixChildren = "Phụ lục 2. Số liệu %s của các đơn vị thuộc %s"
	DocColNo            = "TT"
	DocColUnitName      = "Đơn vị"
	DocColMeasure       = "Đơn vị tính"
	DocPointsShort      = "điểm %"
	DocMeasureCount     = "đơn vị"
)
