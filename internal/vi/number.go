package vi

// Messages of the number parser (internal/number) and of a value that
// does not suit its indicator: they explain in the terms people write
// numbers in, dots between thousands and a comma before the decimals.
const (
	ErrNotNumber       = "%q không phải là số; hãy viết như 1.234.567 hoặc 1234567, phần thập phân sau dấu phẩy (20,74)"
	ErrNumberGroups    = "%q viết sai nhóm nghìn: sau dấu chấm (hoặc dấu cách) ngăn nghìn phải đủ 3 chữ số, ví dụ 1.234.567 hoặc 1 234 567"
	ErrNumberEnglish   = "%q viết theo kiểu tiếng Anh (dấu phẩy ngăn nghìn, dấu chấm trước phần thập phân); cách viết Việt Nam là %s"
	ErrNumberAmbiguous = "%q chưa rõ: dấu chấm ngăn nhóm nghìn hay đứng trước phần thập phân? Viết %s nếu là số nguyên, %s nếu có phần thập phân"
	ErrNumberTooLong   = "số dài hơn %d ký tự"
	ErrNotWhole        = "%q phải là số nguyên: chỉ tiêu «%s» là %s, không có phần thập phân (dấu phẩy đứng trước phần thập phân; nhóm nghìn ngăn bằng dấu chấm, như 1.234)"
)
