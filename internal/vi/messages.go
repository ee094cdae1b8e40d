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

// Administrative units: the units list/show/lineage/find commands
// (internal/units, internal/cli/units.go).
const (
	ErrUnitSearchEmpty  = "cần nhập tên đơn vị để tìm"
	ErrUnitNoID         = "không có đơn vị mã số nội bộ %d"
	ErrUnitNeedLevel    = "cần chọn cấp đơn vị: --level province, district hoặc commune"
	ErrUnitListLevel    = "không liệt kê được cấp %q (chọn province, district hoặc commune)"
	ErrUnitInNotAbove   = "%s không thể chứa đơn vị cấp %s"
	ErrUnitNotFoundName = "không tìm thấy đơn vị nào có tên %q"

	UnitsListSummary    = "liệt kê các đơn vị hành chính của một cấp vào một ngày"
	UnitsShowSummary    = "xem một đơn vị hành chính: tên, loại, trực thuộc, hiệu lực, hình thành từ đâu"
	UnitsLineageSummary = "xem đơn vị hành chính trước và sau sắp xếp (01/07/2025)"
	UnitsFindSummary    = "tìm đơn vị hành chính theo tên (không cần gõ dấu)"

	FlagUnitLevel = "cấp đơn vị (province, district, commune)"
	FlagUnitIn    = "chỉ các đơn vị thuộc đơn vị này (ví dụ province:52)"
	FlagUnitAt    = "ngày xem (dạng 2024-07-05; mặc định hôm nay)"
	FlagUnitLimit = "số kết quả tối đa"
	ArgUnitRef    = "một đơn vị dạng CẤP:MÃ (ví dụ province:52)"
	ArgUnitText   = "tên đơn vị cần tìm"
	ArgUnitNone   = "không có đối số nào ngoài các tùy chọn"

	LabelUnitLevel        = "Cấp"
	LabelUnitCode         = "Mã"
	LabelUnitName         = "Tên"
	LabelUnitType         = "Loại"
	LabelUnitParent       = "Trực thuộc"
	LabelUnitPlace        = "Địa bàn"
	LabelUnitValidFrom    = "Hiệu lực từ"
	LabelUnitValidTo      = "Hiệu lực đến"
	LabelUnitValidity     = "Hiệu lực"
	LabelUnitUnit         = "Đơn vị"
	LabelUnitPredecessors = "Hình thành từ"
	LabelUnitSuccessors   = "Chuyển thành"
	LabelUnitDirection    = "Quan hệ"
	LabelUnitKind         = "Phạm vi"
	LabelUnitEffective    = "Từ ngày"
	LabelUnitChildren     = "Số đơn vị trực thuộc"
	UnitPredecessor       = "trước"
	UnitSuccessor         = "sau"
	UnitFull              = "toàn bộ"
	UnitPartial           = "một phần"
	UnitNone              = "(không có)"
	UnitOpen              = "—"
	UnitSince             = "từ %s"
	UnitUntil             = "đến %s"
	UnitFromTo            = "từ %s đến %s"
	UnitAlways            = "không giới hạn"
	UnitLevelNation       = "toàn quốc"
	UnitLevelProvince     = "tỉnh"
	UnitLevelDistrict     = "huyện"
	UnitLevelCommune      = "xã"
)
