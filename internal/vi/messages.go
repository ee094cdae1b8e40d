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
	ErrWrongLevel       = "mã %s không phải mã %s vào ngày %s"
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
	ArgNone           = "không có đối số nào ngoài các tùy chọn"
	FlagDB            = "cơ sở dữ liệu (sqlite:ĐƯỜNG_DẪN hoặc postgres://…; mặc định lấy từ KHUYENHOC_DB)"
	FlagNoMigrate     = "không nâng cấp cơ sở dữ liệu; từ chối nếu cơ sở dữ liệu cũ"
	FlagFormat        = "định dạng đầu ra"
)

// Imports of tabular files: aggregate values and clusters (internal/aggregate,
// internal/cluster, internal/cli/imports.go). Where* name the place of a
// fault; Err* say what is wrong there.
const (
	WhereFile        = "tệp %s"
	WhereFileRow     = "tệp %s, dòng %d"
	WhereFileRowCol  = "tệp %s, dòng %d, cột %s"
	ErrFileRowsBad   = "tệp %s: %d dòng lỗi, không ghi dữ liệu nào"
	ErrMoreErrors    = "… và %d lỗi khác"
	ErrFileEmpty     = "tệp trống, không có dòng tiêu đề"
	ErrFileNoRows    = "tệp chỉ có dòng tiêu đề, không có dữ liệu"
	ErrFileRead      = "không đọc được tệp: %v"
	ErrNotUTF8       = "tệp không phải văn bản UTF-8; hãy mở bằng Excel và lưu lại với kiểu \"CSV UTF-8 (Comma delimited)\""
	ErrUTF16         = "tệp được lưu dạng Unicode (UTF-16); hãy lưu lại với kiểu \"CSV UTF-8 (Comma delimited)\""
	ErrBadXLSX       = "không đọc được tệp Excel (.xlsx): %v"
	ErrXLSXNoSheet   = "tệp Excel không có trang tính nào"
	ErrCSVSyntax     = "lỗi cú pháp CSV (dấu ngoặc kép không khớp?)"
	ErrMissingCols   = "thiếu cột %s (dòng tiêu đề cần các cột: %s)"
	ErrSemicolon     = "dòng tiêu đề dùng dấu chấm phẩy; tệp CSV phải phân cách bằng dấu phẩy (lưu lại với kiểu \"CSV UTF-8 (Comma delimited)\")"
	ErrDupCol        = "cột %s có hai lần trong dòng tiêu đề"
	ErrRagged        = "dòng có %d ô nhưng dòng tiêu đề có %d cột"
	ErrEmptyCell     = "ô trống"
	ErrNegative      = "%q là số âm; chỉ tiêu này không nhận số âm"
	ErrTooLarge      = "%q quá lớn"
	ErrRatioImport   = "chỉ tiêu «%s» là tỉ lệ, được tính từ «%s» và «%s»; hãy nhập hai chỉ tiêu đó"
	ErrClusterImport = "không nhập số liệu cho cụm thi đua: số liệu của cụm được tính từ các tỉnh trong cụm"
	ErrDupValue      = "%s, %s, «%s» đã có ở dòng %d với giá trị %s, dòng này ghi %s"
	ErrBadYear       = "năm %q không hợp lệ"
	ErrClusterName   = "cụm %s năm %d có hai tên: %q (dòng %d) và %q"
	ErrProvinceTwice = "tỉnh %s có trong hai cụm năm %d: cụm %s (dòng %d) và cụm %s"
	ErrNoClustersYet = "năm %d chưa có cụm thi đua nào"

	// Unit words for ErrNotWhole.
	UnitWordPerson    = "số người"
	UnitWordHousehold = "số hộ"
	UnitWordCount     = "số đếm"
	UnitWordVND       = "số tiền tính bằng đồng, không có phần lẻ"

	// Summaries printed after an import.
	ImportSummary        = "%s: %s dòng, %s mới, %s thay đổi, %s không đổi"
	ImportSummaryDryRun  = "%s (chạy thử, chưa ghi gì): %s dòng, %s mới, %s thay đổi, %s không đổi"
	ClusterImportSummary = "%s: %s dòng, %s cụm thi đua, %s cụm thay đổi, %s cụm không đổi"
	FlagDryRun           = "chỉ kiểm tra và đếm, không ghi gì"
	FlagActor            = "tên người nhập (ghi vào lịch sử thay đổi)"
	FlagYear             = "năm"
	SummaryImportAgg     = "nhập số liệu tổng hợp từ tệp CSV/XLSX (period,level,code,indicator,value)"
	SummaryImportCluster = "nhập thành phần cụm thi đua từ tệp CSV hoặc XLSX (year,cluster,name,province[,from]); --replace cho phép bỏ tỉnh khỏi cụm"
	SummaryClustersList  = "liệt kê các cụm thi đua của một năm (--year) hoặc một ngày (--at)"
	ArgFile              = "một tệp"
	LabelCluster         = "Cụm"
	LabelClusterName     = "Tên cụm"
	LabelProvinces       = "Các tỉnh"
)

// Population shares of split communes (internal/lineage,
// internal/cli/lineage.go): how an old commune divided between the new
// communes that took part of it.
const (
	ErrLineageLevel      = "cấp %q: chỉ xã, phường bị chia mới cần số dân của từng phần (cột level ghi commune hoặc để trống)"
	ErrLineageOldCode    = "không có xã, phường mã %s đang tồn tại ngày 30/06/2025"
	ErrLineageNewCode    = "không có xã, phường mã %s đang tồn tại ngày 01/07/2025"
	ErrLineageNoLink     = "xã cũ %s không có phần nào vào xã mới %s; các xã mới nhận phần của nó: %s"
	ErrLineageFull       = "xã cũ %s nhập toàn bộ vào xã mới %s: liên kết toàn phần không cần số dân, hãy bỏ dòng này"
	ErrLineagePopulation = "số dân %q không hợp lệ: cần một số nguyên từ 0 trở lên, viết liền (ví dụ 12345)"
	ErrLineageDup        = "cặp %s → %s đã có ở dòng %d"
	ErrLineageMissing    = "xã cũ %s được chia cho %d xã mới; tệp thiếu phần vào: %s (cần đủ mọi phần mới tính được tỉ lệ)"
	ErrLineageAllZero    = "mọi phần của xã cũ %s đều bằng 0: không tính được tỉ lệ"

	LineageImportSummary = "%s: %s dòng, %s xã cũ bị chia, %s tỉ lệ thay đổi, %s tỉ lệ không đổi"
	SummaryImportLineage = "nhập số dân của từng phần xã bị chia từ tệp CSV/XLSX (old_code,new_code,population)"
	AuditLineageDetail   = "nguồn %s: %d dòng, %d xã cũ bị chia, %d tỉ lệ thay đổi"
)

// Reports for people: the table, the figure sentences of the document
// (--format text, docx, pdf) and the XLSX workbook (internal/report:
// table.go, narrative.go, document.go, xlsx.go).
// Text* are sentences or parts of sentences of the narrative; a sentence
// whose figure has no data is left out, so each stands alone.
const (
	// Units written after a figure.
	ReportUnitPerson    = "người"
	ReportUnitHousehold = "hộ"
	ReportUnitDong      = "đồng"
	ReportUnitPerCapita = "đồng/người"
	ReportUnitPoints    = "điểm phần trăm"
	ReportUnitCount     = "số lượng"

	// Table and workbook.
	ReportTitle         = "Báo cáo số liệu khuyến học, khuyến tài, xây dựng xã hội học tập: %s, %s (so với cùng kỳ %s)"
	ReportColIndicator  = "Chỉ tiêu"
	ReportColCode       = "Mã chỉ tiêu"
	ReportColUnit       = "Đơn vị tính"
	ReportColValue      = "Kỳ này"
	ReportColPrevious   = "Cùng kỳ"
	ReportColChange     = "Tăng/giảm"
	ReportColChangePct  = "Tăng/giảm (%)"
	ReportColApprox     = "Ước tính"
	ReportColLevel      = "Cấp"
	ReportColUnitCode   = "Mã đơn vị"
	ReportColUnitName   = "Đơn vị"
	ReportChildrenTitle = "Các đơn vị trực thuộc"
	ReportApproxMark    = "*"
	ReportApproxNote    = "(*) Số liệu so sánh ước tính do sắp xếp đơn vị hành chính."
	ReportYes           = "có"
	ReportSheetScope    = "Chỉ tiêu"
	ReportSheetChildren = "Đơn vị trực thuộc"
	ReportColMembersChg = "Tăng/giảm hội viên"

	// The comparison clause appended to a sentence: year of the comparison
	// period, then a change (TextUp, TextDown or TextSame).
	TextCompare = ", so với cùng kỳ năm %d %s"
	TextUp      = "tăng %s"
	TextDown    = "giảm %s"
	TextSame    = "không thay đổi"
	TextPctUp   = " (tăng %s)"
	TextPctDown = " (giảm %s)"

	// A figure with the association's own part: the total, the
	// territory ("toàn tỉnh"), the association ("Hội tỉnh"), its part.
	TextOwn            = "%s %s, trong đó %s %s"
	TextOwnWhole       = "toàn %s"
	TextOwnBody        = "Hội %s"
	TextOwnUnit        = "đơn vị"
	TextOwnNationWhole = "toàn quốc"
	TextOwnNation      = "Trung ương Hội"
	TextSentenceEnd    = "."
	TextListSep        = "; "
	TextTopItem        = "%s (%s)"
	TextTopItemChg     = "%s (%s, %s so với cùng kỳ%s)"
	TextApproxItem     = ", ước tính"
	TextChildItem      = "%s (%s)"

	// I. Organisation.
	TextGrassroots = "Số Hội Khuyến học cơ sở hiện có là %s"
	TextBranches   = "Số chi hội khuyến học là %s"
	TextBoards     = "Số ban khuyến học là %s"

	// II. Members.
	TextMembers      = "Tổng số hội viên hiện có là %s"
	TextMembersRatio = "Số hội viên chiếm %s dân số"
	TextTopRatio     = "%s có tỉ lệ hội viên trên dân số cao nhất: %s"
	TextTopUnits     = "Các đơn vị"
	TextTopProvinces = "Các tỉnh"
	TextTopDistricts = "Các huyện"
	TextTopCommunes  = "Các xã, phường"
	TextHighRising   = "%s có tỉ lệ hội viên cao (trên mức chung %s) và tăng so với cùng kỳ: %s"
	TextRisingItem   = "%s (%s, %s%s)"

	// III. Learning models: noun of the title, then the title's name.
	TextRegistered = "Có %s đăng ký danh hiệu “%s”"
	TextRecognized = "Có %s được công nhận danh hiệu “%s”"
	TextFamilyRate = "Tỉ lệ gia đình được công nhận “Gia đình học tập” đạt %s"
	// A half-year: this year's registrations, the previous year's
	// recognitions (the year is the third argument).
	TextRegisteredYear = "Năm %[3]d có %[1]s đăng ký danh hiệu “%[2]s”"
	TextRegisteredRate = "Số gia đình đăng ký “Gia đình học tập” đạt %s số hộ gia đình"
	TextRecognizedYear = "Năm %[3]d có %[1]s được công nhận danh hiệu “%[2]s”"
	TextFamilyRateYear = "Tỉ lệ gia đình được công nhận “Gia đình học tập” năm %[2]d đạt %[1]s"
	TextCompareYear    = ", so với năm %d %s"
	// Titles in force at the end of the period, the rates against the
	// people of each kind, recognitions per registration, and the rates
	// against their targets (issue 11).
	TextInForce         = "Đến cuối kỳ có %s đang giữ danh hiệu “%s” (còn hiệu lực)"
	TextInForceCommunes = "Có %s đạt “Cộng đồng học tập cấp xã” còn hiệu lực"
	TextTitleRate       = "Tỉ lệ “%[2]s” đạt %[1]s"
	TextGroupRate       = "Tỉ lệ Công dân học tập trong nhóm %[2]s đạt %[1]s"
	TextRecognizedPct   = "Số được công nhận bằng %s số đăng ký"
	// The rate's name, the figure's year, the rate, the target, the
	// target's year, whose target, the share of the target reached.
	TextTarget         = "%s năm %d là %s, so với chỉ tiêu %s đến năm %d %s: đạt %s chỉ tiêu"
	TextTargetNation   = "của cả nước"
	TextTargetProvince = "của tỉnh"
	NounCommune        = "xã, phường"
	TitleFamily        = "Gia đình học tập"
	TitleClan          = "Dòng họ học tập"
	TitleCommunity     = "Cộng đồng học tập"
	TitleUnit          = "Đơn vị học tập"
	TitleCitizen       = "Công dân học tập"
	NounFamily         = "gia đình"
	NounClan           = "dòng họ"
	NounCommunity      = "cộng đồng"
	NounUnit           = "đơn vị"
	NounCitizen        = "người"
	NounPartner        = "đơn vị"
	NounCenter         = "trung tâm"
	NounAward          = "suất"
	NounGrassroots     = "hội"
	NounBranch         = "chi hội"
	NounBoard          = "ban"
	NounAttendance     = "lượt người"
	NounStudent        = "học sinh"

	// IV. Cooperation agreements.
	TextPartners        = "Số đơn vị đã ký kết chương trình phối hợp là %s"
	TextPartnersByChild = "Cụ thể: %s"
	TextPartnersTop     = "Các đơn vị có nhiều đơn vị phối hợp nhất: %s"

	// V. The fund.
	TextFundRaised = "Quỹ khuyến học huy động được %s"
	TextFundPerCap = "Bình quân quỹ khuyến học huy động trong kỳ đạt %s"
	// TextFundByMeans and TextFundByDonor list the parts of the fund raised
	// (%s: "bằng tiền hơn 3 triệu đồng; …") by means and by kind of donor.
	TextFundByMeans = "Trong đó: %s"
	// TextFundByMeansLedgers is TextFundByMeans where the parts make up only
	// some of the fund raised (%s: their sum; then the parts).
	TextFundByMeansLedgers = "Trong đó, các đơn vị ghi sổ quỹ trên hệ thống huy động %s: %s"
	TextFundByDonor        = "Theo nguồn đóng góp: %s"
	TextFundCash           = "bằng tiền"
	TextFundInKind         = "bằng hiện vật"
	TextFundWorks          = "bằng công trình"
	TextDonorPerson        = "cá nhân"
	TextDonorClan          = "dòng họ"
	TextDonorEnterprise    = "doanh nghiệp"
	TextDonorOrganisation  = "cơ quan, tổ chức"
	TextDonorHometown      = "hội đồng hương"
	// TextFundPerCapHeld is the other basis of the fund per resident: the
	// fund held at the end of the period (fund.per_capita.held).
	TextFundPerCapHeld = "Bình quân số dư quỹ khuyến học cuối kỳ đạt %s"
	TextFundSpent      = "Chi quỹ khuyến học %s"
	TextFundBalance    = "Số dư quỹ khuyến học đến cuối kỳ là %s"
	TextScholarships   = "Đã trao %s học bổng"
	TextScholarAmt     = "Tổng giá trị học bổng là %s"
	TextPrizes         = "Đã trao %s khen thưởng"
	// TextScholarshipsNone and TextPrizesNone say that none was given in
	// the period (the ledger's zero), instead of "Đã trao 0 học bổng".
	TextScholarshipsNone = "Chưa trao học bổng nào trong kỳ"
	TextPrizesNone       = "Chưa trao khen thưởng nào trong kỳ"
	TextPrizesAmt        = "Tổng giá trị khen thưởng là %s"
	TextReturned         = "Đã vận động %s bỏ học, có nguy cơ bỏ học trở lại lớp"

	// VI. Community learning centres.
	TextCenters      = "Hiện có %s học tập cộng đồng"
	TextParticipants = "Các trung tâm học tập cộng đồng đã thu hút %s tham gia học tập"

	// The demo command (internal/cli/demo.go).
	SummaryDemo    = "nạp dữ liệu mẫu (cụm thi đua số 6, 2023–2026) và in báo cáo sơ kết của cụm"
	FlagSeed       = "hạt giống sinh số liệu mẫu (cùng hạt giống cho cùng số liệu)"
	FlagDemoPeriod = "kỳ báo cáo in ra sau khi nạp"
	FlagDemoScope  = "đơn vị báo cáo in ra sau khi nạp"
	DemoGenerated  = "Dữ liệu mẫu: %s xã trước sắp xếp, %s xã sau sắp xếp, %s giá trị."
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

// The report command.
const (
	SummaryReport = "báo cáo sơ kết, tổng kết của một đơn vị, cụm thi đua hoặc toàn quốc"
	FlagScope     = "phạm vi báo cáo: nation, province:MÃ, commune:MÃ, cluster:SỐ"
	FlagPeriod    = "kỳ báo cáo: 2024, 2024H1, 2024Q3, 2024-07"
	FlagOutput    = "ghi ra tệp thay vì màn hình"
	ErrReportArgs = "cần --scope và --period, ví dụ: khuyenhoc report --scope province:66 --period 2024H1"
	ErrNeedOutput = "định dạng %s cần tên tệp: thêm -o TỆP"
	ErrWriteFile  = "không ghi được tệp %s: %v"
	ReportWritten = "Đã ghi báo cáo vào tệp %s."
)

// The web application: access and sessions (internal/web).
const (
	ErrNoSuchUnitForYou = "không tìm thấy đơn vị %s trong phạm vi của bạn"
	ErrForbidden        = "bạn không có quyền thực hiện thao tác này"
	ErrCSRF             = "phiên làm việc không hợp lệ hoặc đã hết hạn; hãy tải lại trang và thử lại"
	ErrSignInFirst      = "bạn cần đăng nhập"
	ErrInternal         = "hệ thống gặp lỗi; vui lòng thử lại sau hoặc báo cho quản trị viên"
)

// Users, sign-in, sessions and tokens (internal/auth, khuyenhoc user, khuyenhoc token).
const (
	ErrAuthBadEmail        = "địa chỉ email %q không hợp lệ"
	ErrAuthNoName          = "cần có họ và tên"
	ErrAuthNameTooLong     = "họ và tên quá dài (tối đa %d ký tự)"
	ErrAuthBadRole         = "vai trò %q không hợp lệ (admin, officer hoặc viewer)"
	ErrAuthShortPassword   = "mật khẩu cần ít nhất %d ký tự"
	ErrAuthLongPassword    = "mật khẩu dài quá %d byte"
	ErrAuthNoScopeUnit     = "không có đơn vị phạm vi mã số %d"
	ErrAuthDuplicateEmail  = "đã có người dùng với email %s"
	ErrAuthNoUser          = "không có người dùng %s"
	ErrAuthNoUserID        = "không có người dùng số %d"
	ErrAuthWrongLogin      = "Sai email hoặc mật khẩu"
	ErrAuthDisabled        = "tài khoản này đã bị khóa; hãy liên hệ quản trị viên"
	ErrAuthSessionInvalid  = "phiên đăng nhập không hợp lệ hoặc đã hết hạn; hãy đăng nhập lại"
	ErrAuthTokenInvalid    = "mã truy cập không hợp lệ hoặc đã bị thu hồi"
	ErrAuthNoToken         = "không có mã truy cập số %d"
	ErrAuthNoPasswordInput = "cần mật khẩu: dùng --password, gõ khi được hỏi, hoặc đưa một dòng vào đầu vào chuẩn"
	ErrPasswordsDiffer     = "hai lần nhập mật khẩu không khớp nhau; chưa thay đổi gì"
	PromptPassword         = "Mật khẩu (không hiện khi gõ): "
	PromptPasswordAgain    = "Nhập lại mật khẩu: "

	UserAddSummary     = "thêm người dùng (email, họ tên, vai trò, phạm vi đơn vị)"
	UserListSummary    = "liệt kê người dùng"
	UserPasswdSummary  = "đặt lại mật khẩu của một người dùng"
	UserDisableSummary = "khóa một người dùng (đăng xuất mọi phiên, thu hồi mã truy cập)"
	TokenCreateSummary = "tạo mã truy cập API cho một người dùng (chỉ hiện một lần)"

	FlagUserEmail    = "email của người dùng"
	FlagUserName     = "họ và tên"
	FlagUserRole     = "vai trò: admin, officer hoặc viewer"
	FlagUserScope    = "phạm vi: nation, province:MÃ hoặc commune:MÃ (đơn vị hiện hành)"
	FlagUserPassword = "mật khẩu (nếu bỏ trống thì hỏi trên màn hình mà không hiện chữ gõ, hoặc đọc một dòng từ đầu vào chuẩn)"
	FlagTokenUser    = "email của người dùng sở hữu mã"
	FlagTokenName    = "tên gợi nhớ của mã (ví dụ: tập lệnh nhập số liệu)"
	ErrUserAddArgs   = "cần --email, --name, --role và --scope, ví dụ: khuyenhoc user add --email a@b.vn --name \"Nguyễn Văn A\" --role admin --scope nation"
	ErrUserNeedEmail = "cần --email"
	ErrTokenNeedUser = "cần --user EMAIL"

	UserAdded        = "Đã thêm người dùng %s (%s), vai trò %s, phạm vi %s."
	UserDisabledDone = "Đã khóa người dùng %s; các phiên đăng nhập đã bị xóa và mã truy cập đã bị thu hồi."
	TokenCreated     = "Mã truy cập cho %s (chỉ hiện lần này, hãy lưu lại):"
	TokenDefaultName = "mã truy cập"

	LabelUserEmail    = "Email"
	LabelUserName     = "Họ và tên"
	LabelUserRole     = "Vai trò"
	LabelUserScope    = "Phạm vi"
	LabelUserStatus   = "Trạng thái"
	LabelUserCreated  = "Ngày tạo"
	UserStatusActive  = "hoạt động"
	UserStatusBlocked = "đã khóa"
	RoleAdmin         = "quản trị"
	RoleOfficer       = "cán bộ"
	RoleViewer        = "chỉ xem"
)

// The serve command.
const (
	SummaryServe      = "chạy ứng dụng web (giao diện và API) trên một địa chỉ"
	FlagAddr          = "địa chỉ lắng nghe, ví dụ :8080 hoặc 127.0.0.1:8080"
	FlagServeDemo     = "nạp dữ liệu mẫu vào cơ sở dữ liệu trống và tạo tài khoản dùng thử"
	FlagSecureCookies = "chỉ gửi cookie qua HTTPS (bật khi chạy sau TLS)"
	ServeListening    = "khuyenhoc đang chạy tại %s (Ctrl+C để dừng)"
)

// serve --demo.
const (
	DemoAccounts = "Tài khoản dùng thử (mở địa chỉ trên trong trình duyệt và đăng nhập):"
	DemoPassword = "Mật khẩu của mọi tài khoản dùng thử: %s"
)

// The audit log and data entry with approval (internal/audit,
// internal/entry). AuditAction names the actions of the log; EntryStatus*
// the states of a unit's figures for a period; ErrEntry* the refusals of the
// data-entry form.
const (
	AuditActionEntrySave        = "lưu bản nháp số liệu"
	AuditActionEntrySubmit      = "gửi số liệu để duyệt"
	AuditActionEntryApprove     = "duyệt số liệu"
	AuditActionEntryReturn      = "trả lại số liệu"
	AuditActionEntryUnlock      = "mở khóa số liệu đã duyệt"
	AuditActionUserAdd          = "thêm người dùng"
	AuditActionUserPassword     = "đặt lại mật khẩu"
	AuditActionUserDisable      = "khóa tài khoản"
	AuditActionUserEnable       = "mở khóa tài khoản"
	AuditActionTokenCreate      = "tạo mã truy cập cho chương trình"
	AuditActionImportAggregates = "nhập số liệu tổng hợp từ tệp"
	AuditActionImportLineage    = "nhập tỉ lệ dân số của xã bị chia"
	AuditImportDetail           = "nguồn %s: %d dòng, %d giá trị mới, %d giá trị thay đổi"
	AuditApproveDetail          = "%d giá trị được ghi vào số liệu chính thức"

	EntryStatusNone      = "chưa có số liệu"
	EntryStatusImported  = "đã có số liệu nhập từ tệp"
	EntryStatusDraft     = "đang nhập (bản nháp)"
	EntryStatusSubmitted = "đã gửi, chờ duyệt"
	EntryStatusApproved  = "đã duyệt"
	EntryStatusReturned  = "bị trả lại"
	EntrySource          = "nhập liệu %s kỳ %s"

	ErrEntryFields          = "%d ô số liệu không hợp lệ, chưa lưu gì"
	ErrEntryUnitNotInPeriod = "đơn vị %s không tồn tại vào ngày %s, cuối kỳ %s"
	ErrEntryLocked          = "không sửa được số liệu %s của %s: trạng thái hiện tại là «%s»"
	ErrEntryNotSubmitted    = "chỉ duyệt hoặc trả lại được số liệu đã gửi; số liệu %s của %s đang ở trạng thái «%s»"
	ErrEntryCannotSubmit    = "không gửi được số liệu %s của %s: trạng thái hiện tại là «%s»"
	ErrEntryNotApproved     = "chỉ mở khóa được số liệu đã duyệt; số liệu %s của %s đang ở trạng thái «%s»"
	ErrEntryNothing         = "chưa có số liệu nào để gửi (%s, %s)"
	ErrEntryCommentRequired = "cần ghi rõ lý do trả lại"
	ErrEntryReasonRequired  = "cần ghi rõ lý do mở khóa"
)

// auditActions maps each action code of the log to its label.
var auditActions = map[string]string{
	"entry.save":        AuditActionEntrySave,
	"entry.submit":      AuditActionEntrySubmit,
	"entry.approve":     AuditActionEntryApprove,
	"entry.return":      AuditActionEntryReturn,
	"entry.unlock":      AuditActionEntryUnlock,
	"user.add":          AuditActionUserAdd,
	"user.password":     AuditActionUserPassword,
	"user.disable":      AuditActionUserDisable,
	"user.enable":       AuditActionUserEnable,
	"token.create":      AuditActionTokenCreate,
	"import.aggregates": AuditActionImportAggregates,
	"import.lineage":    AuditActionImportLineage,
	"import.clusters":   AuditActionImportClusters,
	"signin.failed":     AuditActionSignInFailed,
	"signin.throttled":  AuditActionSignInThrottled,
	"token.revoke":      AuditActionTokenRevoke,
	"member.add":        AuditActionMemberAdd,
	"member.edit":       AuditActionMemberEdit,
	"member.leave":      AuditActionMemberLeave,
	"member.transfer":   AuditActionMemberTransfer,
	"member.rejoin":     AuditActionMemberRejoin,
	"member.erase":      AuditActionMemberErase,
	"member.view":       AuditActionMemberView,
	"member.export":     AuditActionMemberExport,
	"import.members":    AuditActionImportMembers,
	"org.add":           AuditActionOrgAdd,
	"org.dissolve":      AuditActionOrgDissolve,
	"org.move":          AuditActionOrgMove,
	"report.texts":      AuditActionReportTexts,
	"report.letterhead": AuditActionReportLetterhead,
}

// AuditAction is the Vietnamese label of an action code of the audit log,
// or the code itself for an action without a label yet.
func AuditAction(code string) string {
	if s, ok := auditActions[code]; ok {
		return s
	}
	return code
}

// entryStatuses maps each status of a unit's figures to its label.
var entryStatuses = map[string]string{
	"none":      EntryStatusNone,
	"imported":  EntryStatusImported,
	"draft":     EntryStatusDraft,
	"submitted": EntryStatusSubmitted,
	"approved":  EntryStatusApproved,
	"returned":  EntryStatusReturned,
}

// EntryStatus is the Vietnamese label of a data-entry status ("draft",
// "submitted", …), or the status itself when unknown.
func EntryStatus(status string) string {
	if s, ok := entryStatuses[status]; ok {
		return s
	}
	return status
}

// The JSON API under /api/v1 (internal/web/api_*.go). Parameter names and
// JSON fields stay in English, as scripts write them.
const (
	ErrAPINoRoute          = "không có đường dẫn API %s %s"
	ErrAPIMethod           = "đường dẫn %s không nhận phương thức %s"
	ErrAPIMissingParam     = "thiếu tham số %s"
	ErrAPIBadYear          = "năm %q không hợp lệ (ví dụ: 2026)"
	ErrAPIBadLimit         = "số kết quả %q không hợp lệ (từ 1 đến %d)"
	ErrAPIClusterNotUnit   = "cụm thi đua không phải là đơn vị hành chính; hãy dùng /api/v1/clusters"
	ErrAPIBodyJSON         = "nội dung yêu cầu không phải là JSON hợp lệ"
	ErrAPIBodyField        = "trường %q trong nội dung yêu cầu không đúng kiểu"
	ErrAPIBodyUnknownField = "không có trường %q trong nội dung yêu cầu"
	ErrAPIBodyTooLarge     = "nội dung yêu cầu quá lớn (tối đa %d MB)"
	ErrAPINoRows           = "không có dòng số liệu nào (trường rows trống)"
	ErrAPIRowsForbidden    = "%d dòng thuộc đơn vị ngoài phạm vi của bạn, không ghi dữ liệu nào"
	ErrRowsForbiddenAndBad = "%d dòng thuộc đơn vị ngoài phạm vi của bạn; %s"
	ErrAPIRowForbidden     = "bạn không có quyền ghi số liệu của %s"
)

// Values locked by data entry (internal/aggregate).
const (
	ErrLockedTitle  = "không ghi dữ liệu nào: một số số liệu đang chờ duyệt hoặc đã được duyệt trên phiếu nhập"
	ErrValuesLocked = "%s, %s: phiếu nhập số liệu %s; hãy đề nghị đơn vị cấp trên mở khóa trước khi sửa"
)

// The pages of data entry, upload, completeness and the audit log
// (internal/web: entry.go, upload.go, completeness.go, auditpage.go).
const (
	ErrEntryAction    = "thao tác %q không hợp lệ (lưu nháp hoặc gửi duyệt)"
	ErrUploadNoFile   = "chưa chọn tệp số liệu (CSV hoặc XLSX) hoặc tệp trống"
	ErrUploadTooLarge = "tệp quá lớn (tối đa %d MB)"
	ErrUploadForm     = "không đọc được biểu mẫu tải tệp; hãy tải lại trang và thử lại"
	ErrCompleteStatus = "trạng thái %q không hợp lệ"
	ErrAuditPage      = "số trang %q không hợp lệ"
)

// The audit detail of the user commands.
const AuditUserDetail = "%s (%s), vai trò %s"

// The users and account pages (internal/web: users.go, account.go): an
// admin manages the users of their subtree; everyone changes their own
// password.
const (
	ErrUsersBadID        = "mã người dùng %q không hợp lệ"
	ErrUsersScopeNeeded  = "cần chọn đơn vị phạm vi"
	ErrUsersScopeOutside = "đơn vị %s nằm ngoài phạm vi bạn quản lý; bạn chỉ tạo được người dùng cho đơn vị của mình và các đơn vị trực thuộc"
	ErrUsersSelfDisable  = "bạn không thể tự khóa tài khoản của mình"
	ErrUsersSelfPassword = "để đổi mật khẩu của chính bạn, hãy dùng trang Tài khoản (cần mật khẩu hiện tại)"
	ErrUsersFormFaults   = "biểu mẫu có %d ô chưa hợp lệ, chưa lưu gì"
	ErrAccountNoCurrent  = "cần nhập mật khẩu hiện tại"
	ErrAccountWrongOld   = "mật khẩu hiện tại không đúng"
	ErrAccountMismatch   = "mật khẩu nhập lại không khớp với mật khẩu mới"
)

// serve --demo on a database with real data.
const ErrDemoNotEmpty = "cơ sở dữ liệu này đã có dữ liệu không phải dữ liệu mẫu; dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống hoặc chỉ có dữ liệu mẫu (hãy chọn tệp khác bằng --db)"

// The upload page's file of the populations of split communes' parts
// (internal/web/upload.go, kind=lineage).
const (
	ErrUploadKind                = "loại tệp %q không hợp lệ (chọn số liệu hoặc dân số các phần của xã bị chia tách)"
	ErrUploadLineageForbidden    = "%d dòng thuộc xã ngoài phạm vi quản trị của bạn, không ghi dữ liệu nào"
	ErrUploadLineageNewForbidden = "bạn không có quyền quản trị xã mới %s: chỉ quản trị viên của tỉnh, xã nhận phần này mới nhập được số dân của nó"
	ErrUploadLineageOldForbidden = "xã cũ %s nằm ngoài phạm vi của bạn"
)
