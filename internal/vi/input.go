package vi

// Messages of bounded file reading (internal/tabular) and of uploads: the
// limits a file may not break, and what Excel did to a cell.
const (
	ErrTooManyRows        = "tệp có hơn %s dòng (giới hạn của một tệp, như của một trang tính Excel); hãy chia thành nhiều tệp"
	ErrTooManyCols        = "dòng có ô ở cột thứ %s, vượt giới hạn %s cột"
	ErrCellTooLong        = "ô dài %s ký tự, vượt giới hạn %s ký tự của một ô"
	ErrLineTooLong        = "dòng dài hơn %s byte (giới hạn của một dòng CSV); tệp có đúng là CSV không?"
	ErrXLSXEntryTooLarge  = "phần %s của tệp Excel giải nén ra %s, vượt giới hạn %s cho một phần; tệp không được đọc (có thể là tệp \"bom nén\")"
	ErrXLSXTooLarge       = "tệp Excel giải nén ra hơn %s, vượt giới hạn của cả tệp; tệp không được đọc (có thể là tệp \"bom nén\")"
	ErrXLSXPartLies       = "phần %s của tệp Excel hỏng: giải nén ra khác kích thước ghi trong tệp; tệp không được đọc"
	ErrXLSXRun            = "phần %s của tệp Excel có một đoạn liền dài hơn %s, không phải bảng số liệu; tệp không được đọc"
	ErrXLSXStrings        = "tệp Excel có hơn %s đoạn văn bản khác nhau, vượt giới hạn; hãy chia thành nhiều tệp"
	ErrXLSXBrokenPart     = "tệp Excel (.xlsx) hỏng: không đọc được phần %s; hãy mở bằng Excel và lưu lại"
	ErrXLSXNotWorksheet   = "trang tính đầu tiên (%s) của tệp Excel không phải bảng dữ liệu; hãy đưa bảng số liệu lên trang đầu"
	ErrXLSXSheets         = "tệp Excel có %d trang tính; hãy để dữ liệu trong một trang tính duy nhất (xóa các trang khác hoặc chuyển sang tệp khác)"
	ErrXLSXMerged         = "các ô %s được gộp (merge): Excel chỉ giữ giá trị ở ô đầu, các ô còn lại là trống; hãy bỏ gộp ô và ghi giá trị vào từng dòng"
	ErrXLSXFormulaNoValue = "ô có công thức (=%s) nhưng tệp không lưu kết quả tính (tệp do chương trình khác tạo, hoặc Excel chưa tính lại); hãy mở tệp bằng Excel, nhấn F9 để tính lại rồi lưu"
	ErrXLSXErrorCell      = "ô là lỗi công thức %s của Excel, không phải giá trị"
	ErrXLSXDateCell       = "ô này Excel đã đổi thành ngày %s; hãy định dạng cột là văn bản (Text) và gõ lại giá trị (kỳ viết như 2024H2 hoặc 2024-07)"
)
