package document

import (
	"fmt"

	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// provinces are the 34 provinces and cities after the 2025 reorganisation,
// the rows of the nation's appendix tables.
var provinces = []string{
	"Thành phố Hà Nội", "Thành phố Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn",
	"Quảng Ninh", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang",
	"Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Thành phố Hải Phòng",
	"Ninh Bình", "Quảng Trị", "Thành phố Đà Nẵng", "Quảng Ngãi", "Gia Lai", "Khánh Hòa",
	"Lâm Đồng", "Đắk Lắk", "Thành phố Hồ Chí Minh", "Đồng Nai", "Tây Ninh", "Thành phố Cần Thơ",
	"Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
}

func num(x float64) *float64 { return &x }

// figureTable is a table of rows provinces × ncol figures, a header of two
// rows (a spanning group over the figures), numbers in every body cell.
func figureTable(rows, ncol int) Table {
	t := Table{Caption: "Bảng số liệu hội viên và quỹ khuyến học",
		Columns: []Column{{Width: 0.6}, {Width: 3}}}
	top := []Cell{{Text: "TT", RowSpan: 2}, {Text: "Đơn vị", RowSpan: 2}, {Text: "Số liệu kỳ báo cáo", Span: ncol}}
	var second []Cell
	for j := range ncol {
		t.Columns = append(t.Columns, Column{Width: 1.4, Numeric: true})
		second = append(second, Cell{Text: fmt.Sprintf("Chỉ tiêu %d", j+1)})
	}
	t.Header = [][]Cell{top, second}
	for i := range rows {
		row := []Cell{{Text: fmt.Sprint(i + 1)}, {Text: provinces[i%len(provinces)]}}
		for j := range ncol {
			v := float64((i+1)*1000003+j*7919) / 10
			if j%3 == 2 {
				v = float64((i*37+j)%10000) / 100 // a ratio
				row = append(row, Cell{Text: vi.Number(v, 2), Value: num(v)})
				continue
			}
			row = append(row, Cell{Text: vi.Number(v, 0), Value: num(v)})
		}
		t.Rows = append(t.Rows, row)
	}
	t.Rows = append(t.Rows, append([]Cell{{Text: "Tổng cộng", Span: 2, Bold: true}}, t.Rows[0][2:]...))
	t.Notes = []string{"Ghi chú: số liệu tạm tính, chưa được thẩm định."}
	return t
}

// sample is a document holding every element the model has.
func sample() Document {
	p := func(s string) Block { return Plain(s) }
	long := "Trong 6 tháng đầu năm, Hội Khuyến học tỉnh đã tham mưu cho Tỉnh ủy, Ủy ban nhân dân tỉnh ban hành nhiều văn bản chỉ đạo về công tác khuyến học, khuyến tài, xây dựng xã hội học tập; phối hợp với các sở, ngành, đoàn thể tổ chức các hoạt động khuyến học thiết thực, hiệu quả."
	return Document{
		Header: Header{
			Superior:  "HỘI KHUYẾN HỌC VIỆT NAM",
			Issuer:    "HỘI KHUYẾN HỌC TỈNH ĐẮK LẮK",
			Number:    "Số: 12/BC-KH",
			Motto:     [2]string{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"},
			PlaceDate: "Đắk Lắk, ngày 30 tháng 11 năm 2026",
		},
		Title:       []string{"BÁO CÁO", "Sơ kết công tác khuyến học, khuyến tài, xây dựng xã hội học tập", "6 tháng đầu năm 2026 và phương hướng, nhiệm vụ 6 tháng cuối năm 2026"},
		Provisional: "Số liệu tạm tính đến ngày 29/11/2026",
		Lead: []Block{
			p("Thực hiện Kế hoạch số 15/KH-KHVN của Trung ương Hội Khuyến học Việt Nam, Hội Khuyến học tỉnh Đắk Lắk báo cáo kết quả như sau:"),
			Paragraph{Runs: []Run{
				{Text: "Sau sắp xếp đơn vị hành chính từ 01/07/2025, số hội cơ sở thay đổi theo số xã, phường"},
				{Text: ".", Note: "Trước sắp xếp tỉnh có 184 xã, phường, thị trấn; nay có 102 xã, phường."},
			}},
		},
		Sections: []Section{{
			Number: "PHẦN I", Title: "KẾT QUẢ THỰC HIỆN NHIỆM VỤ",
			Sections: []Section{
				{Number: "I", Title: "CÔNG TÁC THAM MƯU, CHỈ ĐẠO", Key: "advice", Blocks: []Block{p(long), p(long)}},
				{Number: "II", Title: "CÔNG TÁC TỔ CHỨC, PHÁT TRIỂN HỘI VIÊN", Key: "organisation", Blocks: []Block{
					Paragraph{Key: "figure:members.total", Figure: "members.total", Runs: []Run{
						{Text: "Tổng số hội viên là "}, {Text: "462.117 người", Bold: true},
						{Text: ", chiếm 24,37% dân số, tăng 1.234 người so với cùng kỳ năm 2025."},
					}},
					Paragraph{Bullet: true, Runs: []Run{{Text: "Chi hội khuyến học: 1.245 chi hội;"}}},
					Paragraph{Bullet: true, Runs: []Run{{Text: "Ban khuyến học: 312 ban;"}, {Text: " (số liệu ước tính)", Italic: true}}},
					figureTable(12, 4),
				}, Sections: []Section{
					{Number: "1", Title: "Hạn chế", Key: "organisation.limits", Blocks: []Block{p("Việc phát triển hội viên ở một số xã vùng sâu còn chậm.")}},
				}},
			},
		}, {
			Number: "PHẦN II", Title: "PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2026",
			Blocks: []Block{p(long)},
		}},
		Recipients: []string{"- Trung ương Hội Khuyến học Việt Nam (để b/c);", "- Thường trực Tỉnh ủy, UBND tỉnh (để b/c);", "- Lưu VP."},
		Signature:  Signature{OnBehalf: "TM. BAN THƯỜNG VỤ", Title: "CHỦ TỊCH", Name: "Nguyễn Văn Hùng"},
		Appendices: []Appendix{
			{Title: "Phụ lục 1. Số liệu hội viên theo tỉnh, thành phố", Table: figureTable(80, 5)},
			{Title: "Phụ lục 2. Số liệu các chỉ tiêu theo tỉnh, thành phố", Table: figureTable(34, 14), Landscape: true},
		},
	}
}
