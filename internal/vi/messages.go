// Package vi holds everything that khuyenhoc says to people, in Vietnamese,
// in one place so that it can be reviewed by a speaker, and the Vietnamese
// way of writing numbers, percentages and dates.
//
// Messages are format strings for fmt. Names start with Err for error
// messages, Period for period names, Label for column and field labels.
package vi

// Period names (contracts: "Periods").
const (
	PeriodYear       = "năm %d"
	PeriodFirstHalf  = "6 tháng đầu năm %d"
	PeriodSecondHalf = "6 tháng cuối năm %d"
	PeriodQuarter    = "quý %s năm %d"
	PeriodMonth      = "tháng %d năm %d"
)

// Errors about periods, units and indicators.
const (
	ErrBadPeriod        = "kỳ báo cáo %q không hợp lệ (dạng đúng: 2024, 2024H1, 2024Q3, 2024-07)"
	ErrBadDate          = "ngày %q không hợp lệ (dạng đúng: 2024-07-05)"
	ErrBadLevel         = "cấp đơn vị %q không hợp lệ (nation, province, district, commune, cluster)"
	ErrBadUnitRef       = "đơn vị %q không hợp lệ (dạng đúng: province:52, commune:24611, nation)"
	ErrUnknownUnit      = "không có đơn vị %s:%s vào ngày %s"
	ErrWrongLevel       = "mã %s không phải mã cấp %s vào ngày %s"
	ErrNoDistrictAfter  = "từ ngày 01/07/2025 không còn cấp huyện"
	ErrUnknownIndicator = "không có chỉ tiêu %q"
	ErrUnknownCluster   = "không có cụm thi đua số %s trong năm %d"
)

// Errors about the database.
const (
	ErrBadDBURL    = "địa chỉ cơ sở dữ liệu %q không hợp lệ (dạng đúng: sqlite:khuyenhoc.db hoặc postgres://user@host:5432/db)"
	ErrOldSchema   = "cơ sở dữ liệu đang ở phiên bản %d, chương trình cần phiên bản %d; hãy chạy lại không có --no-migrate để nâng cấp"
	ErrNewerSchema = "cơ sở dữ liệu ở phiên bản %d, mới hơn chương trình này (phiên bản %d); hãy dùng bản khuyenhoc mới hơn"
)

// The command line.
const (
	UsageHeader       = "khuyenhoc: hệ thống khuyến học, khuyến tài, xây dựng xã hội học tập.\nCách dùng: khuyenhoc LỆNH [tùy chọn]. Các lệnh:"
	ErrNoCommand      = "thiếu lệnh; gõ khuyenhoc help để xem các lệnh"
	ErrUnknownCommand = "không có lệnh %q; gõ khuyenhoc help để xem các lệnh"
	ErrBadFormat      = "định dạng %q không hỗ trợ (chọn một trong: %s)"
	ErrArgs           = "%s: cần %s"
	FlagDB            = "cơ sở dữ liệu (sqlite:ĐƯỜNG_DẪN hoặc postgres://…; mặc định lấy từ KHUYENHOC_DB)"
	FlagNoMigrate     = "không nâng cấp cơ sở dữ liệu; từ chối nếu cơ sở dữ liệu cũ"
	FlagFormat        = "định dạng đầu ra"
)
