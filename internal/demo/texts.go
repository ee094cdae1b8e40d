package demo

import (
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// TextSet is what the officers of one demo association wrote in one of
// its reports: the sections that are not figures, and a letterhead.
type TextSet struct {
	Ref        units.Ref
	Period     period.Period
	Sections   map[string]string
	Letterhead report.Letterhead
}

// ProvinceCode is the demo province whose officers have written their
// reports' sections (Đắk Lắk, the province of the demo's province account).
const ProvinceCode = "66"

// ReportTexts are the sections the demo's province association and its
// cluster wrote for the first halves of 2024 and 2026 and the year 2025,
// so that the demo's documents read as an association's would: every part
// of Phần I, the general assessment, the directions and the proposals.
// They are plausible words, not any association's real report.
func ReportTexts() []TextSet {
	var out []TextSet
	for _, p := range []string{"2024H1", "2025", "2026H1"} {
		per := period.MustParse(p)
		out = append(out,
			TextSet{Ref: units.Ref{Level: units.Province, Code: ProvinceCode}, Period: per, Sections: provinceTexts,
				Letterhead: report.Letterhead{SignerName: "Nguyễn Thị Hồng Vân", Recipients: []string{
					"Trung ương Hội Khuyến học Việt Nam (để báo cáo)",
					"Thường trực Tỉnh ủy, UBND tỉnh (để báo cáo)",
					"Ban Tuyên giáo và Dân vận Tỉnh ủy",
					"Ủy ban MTTQ Việt Nam tỉnh",
					"Các Hội Khuyến học xã, phường",
				}}},
			TextSet{Ref: units.Ref{Level: units.Cluster, Code: ClusterCode}, Period: per, Sections: clusterTexts,
				Letterhead: report.Letterhead{SignerName: "Trần Văn Minh"}},
		)
	}
	return out
}

var provinceTexts = map[string]string{
	report.SecAdvice: "Ban Thường vụ Hội đã chủ động tham mưu với Tỉnh ủy, Ủy ban nhân dân tỉnh ban hành kế hoạch thực hiện Kết luận số 49-KL/TW của Ban Bí thư về đẩy mạnh công tác khuyến học, khuyến tài, xây dựng xã hội học tập.\n" +
		"Phối hợp với Sở Giáo dục và Đào tạo hướng dẫn các xã, phường đánh giá, công nhận các danh hiệu học tập theo Quyết định số 387/QĐ-TTg.",
	report.SecAdvice + report.LimitsSuffix: "Một số Hội cơ sở chưa chủ động tham mưu với cấp ủy, chính quyền sau sắp xếp đơn vị hành chính.",
	report.SecPropaganda: "Các cấp Hội đã tuyên truyền trên Báo và Đài Phát thanh - Truyền hình tỉnh, trang thông tin điện tử của Hội và mạng xã hội; tổ chức Tuần lễ hưởng ứng học tập suốt đời.\n" +
		"- Đăng 126 tin, bài về các gương điển hình vượt khó học giỏi, gia đình học tập, dòng họ học tập.\n" +
		"- Tổ chức hội nghị biểu dương các mô hình học tập tiêu biểu.",
	report.SecOrganisation:                       "Sau sắp xếp đơn vị hành chính, Hội đã hướng dẫn các xã, phường kiện toàn Ban Chấp hành Hội Khuyến học cơ sở, giữ ổn định các chi hội ở thôn, buôn, tổ dân phố; phát triển hội viên gắn với cập nhật danh sách hội viên trên phần mềm.",
	report.SecOrganisation + report.LimitsSuffix: "Việc chuyển sinh hoạt hội viên sau sắp xếp ở một số nơi còn chậm; số hội viên trẻ còn ít.",
	report.SecModels:                             "Các cấp Hội phối hợp với Ủy ban Mặt trận Tổ quốc và các đoàn thể vận động gia đình, dòng họ, cộng đồng đăng ký và đánh giá, công nhận các danh hiệu học tập; chú trọng mô hình Công dân học tập gắn với chuyển đổi số.",
	report.SecModels + report.LimitsSuffix:       "Việc đánh giá, công nhận ở một số nơi còn hình thức, chưa gắn với tiêu chí cụ thể.",
	report.SecFund:                               "Quỹ khuyến học được vận động từ hội viên, doanh nghiệp và nhà hảo tâm, quản lý công khai, đúng mục đích; ưu tiên học bổng cho học sinh, sinh viên có hoàn cảnh khó khăn ở vùng đồng bào dân tộc thiểu số.",
	report.SecCooperation:                        "Duy trì các chương trình phối hợp với Sở Giáo dục và Đào tạo, Hội Nông dân, Hội Liên hiệp Phụ nữ, Tỉnh đoàn, Liên đoàn Lao động tỉnh và Bộ Chỉ huy Quân sự tỉnh.",
	report.SecCentres:                            "Các trung tâm học tập cộng đồng được kiện toàn theo đơn vị hành chính mới, tổ chức các lớp chuyển giao khoa học kỹ thuật, tin học cơ bản, kỹ năng sống và xóa mù chữ.",
	report.SecCentres + report.LimitsSuffix:      "Cơ sở vật chất của nhiều trung tâm còn thiếu; kinh phí hoạt động chủ yếu dựa vào nguồn xã hội hóa.",
	report.SecEmulation:                          "Phát động phong trào thi đua \"Cả nước trở thành một xã hội học tập\"; đề nghị Trung ương Hội tặng Bằng khen cho 5 tập thể và 8 cá nhân có thành tích xuất sắc.",
	report.SecStrengths:                          "Công tác khuyến học, khuyến tài tiếp tục nhận được sự quan tâm lãnh đạo của cấp ủy, chính quyền; tổ chức Hội ổn định sau sắp xếp; các chỉ tiêu chủ yếu đều tăng so với cùng kỳ.",
	report.SecWeaknesses:                         "Hoạt động của một số chi hội còn đơn điệu; việc cập nhật số liệu ở một số xã, phường còn chậm.",
	report.SecCauses:                             "Một số cán bộ Hội kiêm nhiệm, tuổi cao; nguồn lực cho công tác khuyến học ở vùng khó khăn còn hạn chế.",
	report.SecDirections: "- Tiếp tục kiện toàn tổ chức Hội các cấp theo đơn vị hành chính mới.\n" +
		"- Đẩy mạnh xây dựng các mô hình học tập, nâng cao chất lượng đánh giá, công nhận.\n" +
		"- Tăng cường vận động quỹ khuyến học, ưu tiên vùng đồng bào dân tộc thiểu số.\n" +
		"- Cập nhật đầy đủ danh sách hội viên và số liệu trên phần mềm đúng kỳ.",
	report.SecProposals: "Đề nghị Ủy ban nhân dân tỉnh bố trí kinh phí hoạt động cho Hội Khuyến học các xã, phường mới; đề nghị Trung ương Hội hướng dẫn thống nhất tiêu chí đánh giá Công dân học tập.",
}

var clusterTexts = map[string]string{
	report.SecAdvice:       "Hội Khuyến học các tỉnh trong Cụm đã tham mưu với cấp ủy, chính quyền địa phương ban hành các văn bản chỉ đạo công tác khuyến học, khuyến tài, xây dựng xã hội học tập sau sắp xếp đơn vị hành chính.",
	report.SecPropaganda:   "Các tỉnh trong Cụm đẩy mạnh tuyên truyền trên báo, đài địa phương và mạng xã hội; trao đổi kinh nghiệm xây dựng mô hình học tập giữa các tỉnh.",
	report.SecOrganisation: "Tổ chức Hội ở các tỉnh được kiện toàn theo đơn vị hành chính mới; số hội viên tiếp tục tăng.",
	report.SecModels:       "Các tỉnh đều triển khai đánh giá, công nhận các danh hiệu học tập theo hướng dẫn của Trung ương Hội.",
	report.SecFund:         "Quỹ khuyến học các tỉnh được vận động, sử dụng đúng mục đích; tập trung học bổng cho học sinh vùng khó khăn.",
	report.SecCooperation:  "Các tỉnh duy trì chương trình phối hợp với ngành giáo dục và các đoàn thể cùng cấp.",
	report.SecCentres:      "Trung tâm học tập cộng đồng được sắp xếp lại theo xã, phường mới và tiếp tục hoạt động.",
	report.SecEmulation:    "Cụm đã tổ chức ký giao ước thi đua năm và chấm điểm thi đua theo hướng dẫn của Trung ương Hội.",
	report.SecStrengths:    "Các tỉnh trong Cụm hoàn thành tốt các chỉ tiêu chủ yếu; phối hợp giữa các tỉnh chặt chẽ.",
	report.SecWeaknesses:   "Số liệu của một số tỉnh gửi về Cụm còn chậm.",
	report.SecDirections:   "- Tiếp tục thực hiện giao ước thi đua của Cụm.\n- Tổ chức hội nghị trao đổi kinh nghiệm xây dựng xã hội học tập giữa các tỉnh.",
	report.SecProposals:    "Đề nghị Trung ương Hội tổ chức tập huấn sử dụng phần mềm quản lý số liệu khuyến học cho cán bộ Hội các tỉnh.",
}
