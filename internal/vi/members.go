package vi

// Texts of the member registry's pure rules (issue 10): CCCD, phone numbers,
// birth dates and gender, as checked by package members. Each is a format
// for apperr.New; the verbs are documented beside it.
const (
	// ErrCCCDLength refuses a CCCD of the wrong length (%d: digits found).
	ErrCCCDLength = "số CCCD phải có đúng 12 chữ số, ở đây có %d"
	// ErrCCCDLeadingZeroLost explains an 11-digit CCCD: a spreadsheet that
	// takes the column for a number drops the leading zero.
	ErrCCCDLeadingZeroLost = "số CCCD phải có đúng 12 chữ số, ở đây có 11: có thể bảng tính đã bỏ số 0 ở đầu; hãy định dạng cột Số CCCD là văn bản (Text) rồi nhập lại"
	// ErrCCCDNotDigits refuses a CCCD with other characters (%q: the first).
	ErrCCCDNotDigits = "số CCCD chỉ gồm chữ số, không có ký tự %q"
	// ErrCCCDProvince refuses an unknown province code (%s: the first three digits).
	ErrCCCDProvince = "ba chữ số đầu của số CCCD (%s) không phải mã tỉnh, thành phố nơi đăng ký khai sinh nào"
	// ErrCCCDCentury refuses a century digit that does not match the birth
	// year (%s: CCCD prefix, %c: fourth digit, %d: its century, %d: the year
	// it gives, %s: "ngày sinh là …" or "năm sinh là …").
	ErrCCCDCentury = "số CCCD %s có chữ số thứ tư là %c (sinh vào thế kỷ %d, tức năm %d) nhưng %s"
	// ErrCCCDYear refuses year digits that do not match the birth year (%s:
	// CCCD prefix, %d: the year it gives, %s: "ngày sinh là …" or "năm sinh là …").
	ErrCCCDYear = "số CCCD %s ghi năm sinh %d nhưng %s"
	// ErrCCCDSex refuses a sex digit that does not match the gender (%s:
	// CCCD prefix, %c: fourth digit, %s: the gender it gives, %s: the gender given).
	ErrCCCDSex = "số CCCD %s có chữ số thứ tư là %c (giới tính %s) nhưng giới tính ghi là %s"
	// CCCDBornOn and CCCDBornIn complete ErrCCCDCentury and ErrCCCDYear.
	CCCDBornOn = "ngày sinh là %s"
	// CCCDBornIn: see CCCDBornOn.
	CCCDBornIn = "năm sinh là %d"

	// ErrGender refuses a gender other than Nam or Nữ (%q: the text).
	ErrGender = "giới tính %q không hợp lệ; ghi Nam hoặc Nữ"

	// ErrPhoneChars refuses a phone number with other characters (%q: the first).
	ErrPhoneChars = "số điện thoại chỉ gồm chữ số (có thể có +84 ở đầu, dấu cách, dấu chấm, gạch ngang), không có ký tự %q"
	// ErrPhoneOld11 refuses the 11-digit mobile numbers (01x) renumbered in 2018.
	ErrPhoneOld11 = "số di động 11 số đầu 01 đã chuyển sang 10 số từ năm 2018; hãy ghi số mới (ví dụ 0162… thành 032…)"
	// ErrPhoneMobileLength refuses a mobile number of the wrong length (%d: digits).
	ErrPhoneMobileLength = "số di động phải có 10 chữ số (kể cả số 0 đầu), ở đây có %d"
	// ErrPhoneLandlineLength refuses a landline of the wrong length (%d: digits).
	ErrPhoneLandlineLength = "số cố định phải có 11 chữ số (mã vùng 02x và số máy), ở đây có %d"
	// ErrPhonePrefix refuses a number that is neither mobile nor landline (%s: its first two digits).
	ErrPhonePrefix = "đầu số %s không phải số di động (03, 05, 07, 08, 09) hay số cố định (02) của Việt Nam"

	// ErrBirthDateFormat refuses a birth date written otherwise (%q: the text).
	ErrBirthDateFormat = "ngày sinh %q không đúng dạng dd/mm/yyyy hoặc năm yyyy"
	// ErrBirthDateImpossible refuses a day that does not exist (%q: the text).
	ErrBirthDateImpossible = "ngày sinh %q không có thật"
	// ErrBirthYearTooEarly refuses a year before the earliest accepted (%d: year, %d: earliest).
	ErrBirthYearTooEarly = "năm sinh %d không hợp lý (sớm nhất là %d)"
	// ErrBornInFuture refuses a birth date after today (%s: the date, %s: today).
	ErrBornInFuture = "ngày sinh %s ở sau hôm nay (%s)"
	// ErrTooYoung refuses a member under the minimum age (%s: birth date,
	// %d: age, %s: the date of the check, %d: the minimum age).
	ErrTooYoung = "sinh %s thì mới %d tuổi vào ngày %s, chưa đủ %d tuổi để vào hội"
)
