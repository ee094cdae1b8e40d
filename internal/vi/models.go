package vi

import (
	"math"
	"strings"
)

// Texts of the learning titles (package models): criteria sets, the yearly
// cycle of registration, evaluation and recognition. Each Err… is a format
// for apperr.New, its verbs documented beside it.

var modelTitles = map[string]string{
	"family":            TitleFamily,
	"clan":              TitleClan,
	"community":         TitleCommunity,
	"community_commune": "Cộng đồng học tập cấp xã",
	"unit":              TitleUnit,
	"citizen":           TitleCitizen,
}

// ModelTitle is a title's Vietnamese name (the code itself for one it
// does not know).
func ModelTitle(code string) string {
	if s, ok := modelTitles[code]; ok {
		return s
	}
	return code
}

var targetGroups = map[string]string{
	"residents": "Người dân ở xã, phường, đặc khu",
	"workers":   "Công nhân, người lao động",
	"officials": "Cán bộ, công chức, viên chức",
	"pupils":    "Học sinh, sinh viên",
}

// TargetGroup is the Vietnamese name of a learning citizen's target group.
func TargetGroup(code string) string {
	if s, ok := targetGroups[code]; ok {
		return s
	}
	return code
}

// modelColumns are the Vietnamese headers of the titles' files (the
// registrations and the evaluations file), by machine name.
var modelColumns = map[string]string{
	"commune":      "Mã xã",
	"title":        "Danh hiệu",
	"target_group": "Nhóm đối tượng",
	"year":         "Năm",
	"name":         "Tên",
	"cccd":         "Số CCCD",
	"people":       "Số người",
	"members":      "Thành viên",
	"set":          "Bộ tiêu chí",
	"evidence":     "Minh chứng",
}

// ModelColumn is the Vietnamese header of a column of the titles' files:
// an indicator's answer column is "Chỉ số 1.1", its evidence column
// "Minh chứng 1.1"; a column it does not know keeps its name.
func ModelColumn(col string) string {
	if s, ok := modelColumns[col]; ok {
		return s
	}
	if code, ok := strings.CutPrefix(col, "evidence_"); ok {
		return "Minh chứng " + code
	}
	if col != "" && col[0] >= '0' && col[0] <= '9' {
		return "Chỉ số " + col
	}
	return col
}

var modelStatuses = map[string]string{
	"registered": "Đã đăng ký",
	"evaluated":  "Đã chấm điểm",
	"verified":   "Chi hội đã xác nhận",
	"recognised": "Đã công nhận",
	"refused":    "Không công nhận",
	"revoked":    "Đã thu hồi công nhận",
}

// ModelStatus is the Vietnamese name of a registration's state.
func ModelStatus(code string) string {
	if s, ok := modelStatuses[code]; ok {
		return s
	}
	return code
}

var criteriaFields = map[string]string{
	"id": "mã bộ tiêu chí", "version": "phiên bản", "title": "danh hiệu", "target_group": "nhóm đối tượng",
	"name": "tên", "valid_from": "năm bắt đầu áp dụng", "valid_to": "năm hết áp dụng",
	"recognised_by": "cấp công nhận", "validity_years": "thời hạn công nhận (năm)", "criteria": "các tiêu chí",
	"pass": "điều kiện đạt", "levels": "các mức",
}

// CriteriaField names a field of a criteria file for people: its path as
// written in the file, with the Vietnamese name of a top-level field
// ("trường criteria[1].indicators[0].max_points", "trường valid_from (năm
// bắt đầu áp dụng)").
func CriteriaField(path string) string {
	if n, ok := criteriaFields[path]; ok {
		return "trường " + path + " (" + n + ")"
	}
	return "trường " + path
}

// BodyOf is the default recognising body of a unit of type typ ("Phường")
// and name: its people's committee, the type in lower case as the body's
// name is written ("Ủy ban nhân dân phường Ba Đình").
func BodyOf(typ, name string) string {
	return strings.TrimSpace("Ủy ban nhân dân " + strings.ToLower(typ) + " " + name)
}

// Points writes a number of points: whole numbers without decimals, others
// with up to two (7,5).
func Points(x float64) string {
	if x == math.Trunc(x) {
		return Number(x, 0)
	}
	s := Number(x, 2)
	if strings.Contains(s, ",") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ",")
	}
	return s
}

// Kinds of JSON values, for ErrCriteriaType.
const (
	KindText   = "chuỗi chữ"
	KindNumber = "số"
	KindList   = "danh sách"
	KindObject = "đối tượng"
	KindBool   = "true hoặc false"
)

// The criteria file's faults.
const (
	ErrCriteriaRead         = "không đọc được tệp bộ tiêu chí: %s"
	ErrCriteriaTooBig       = "tệp bộ tiêu chí quá lớn (tối đa %d byte)"
	ErrCriteriaUTF8         = "tệp bộ tiêu chí không phải văn bản UTF-8"
	ErrCriteriaTrailing     = "sau bộ tiêu chí còn nội dung thừa: mỗi tệp chỉ chứa một bộ"
	ErrCriteriaEmpty        = "tệp bộ tiêu chí rỗng hoặc bị cắt cụt"
	ErrCriteriaSyntax       = "tệp bộ tiêu chí sai cú pháp JSON ở dòng %d, cột %d: %s"
	ErrCriteriaType         = "cần một giá trị kiểu %s, tệp ghi %s"          // kind, what the file has
	ErrCriteriaUnknownField = "trường %q không có trong lược đồ bộ tiêu chí" // field
	ErrCriteriaID           = "mã bộ tiêu chí phải gồm chữ thường không dấu, số, dấu gạch (tối đa 64 ký tự), ví dụ citizen-residents-2023"
	ErrCriteriaVersion      = "phiên bản phải là số nguyên từ 1 đến 9999"
	ErrCriteriaTitle        = "danh hiệu %q không có; dùng một trong: %s"
	ErrCriteriaGroup        = "nhóm đối tượng %q không có; Công dân học tập cần một trong: %s"
	ErrCriteriaGroupNone    = "chỉ bộ tiêu chí Công dân học tập có nhóm đối tượng; để trống"
	ErrCriteriaEmptyText    = "không được để trống"
	ErrCriteriaYear         = "năm %d không hợp lệ (từ 2000 đến 2200)"
	ErrCriteriaValidTo      = "năm hết áp dụng %d phải từ năm bắt đầu (%d) trở đi"
	ErrCriteriaBy           = "cấp công nhận %q không có; dùng commune (xã) hoặc province (tỉnh)"
	ErrCriteriaValidity     = "thời hạn công nhận %d năm không hợp lệ (từ 1 đến 10)"
	ErrCriteriaNoCriteria   = "bộ tiêu chí cần ít nhất một tiêu chí"
	ErrCriteriaNoIndicators = "tiêu chí cần ít nhất một chỉ số"
	ErrCriteriaCode         = "mã %q không hợp lệ (chữ, số, dấu chấm hoặc gạch, tối đa 16 ký tự)"
	ErrCriteriaDupCode      = "mã chỉ số %q trùng với %s"
	ErrCriteriaMax          = "điểm tối đa %v phải lớn hơn 0 và không quá 1000"
	ErrCriteriaKind         = "cách chấm %q không có; dùng yes_no (đạt/không đạt), scale (thang điểm) hoặc number (số đo với các ngưỡng)"
	ErrCriteriaNoThresholds = "chỉ số chấm theo số đo cần ít nhất một ngưỡng"
	// ErrCriteriaThresholdsNotNumber is thresholds on a yes/no or scale indicator.
	ErrCriteriaThresholdsNotNumber = "chỉ chỉ số chấm theo số đo (number) mới có ngưỡng"
	ErrCriteriaNumber              = "cần một số"
	ErrCriteriaThresholdOrder      = "các ngưỡng phải tăng dần"
	ErrCriteriaThresholdPoints     = "điểm của ngưỡng %v phải từ 0 đến điểm tối đa của chỉ số (%v)"
	ErrCriteriaNoPass              = "điều kiện đạt cần ít nhất một yêu cầu (tổng điểm, điểm mỗi chỉ số, chỉ số bắt buộc hoặc tỉ lệ công dân học tập)"
	ErrCriteriaLevel               = "các mức phải đánh số liên tiếp từ 1; ở đây cần mức %d"
	ErrCriteriaTooManyLevels       = "tối đa 3 mức"
	ErrCriteriaUnitPercent         = "bộ tiêu chí Đơn vị học tập phải có tỉ lệ người được công nhận Công dân học tập (ví dụ 90)"
	ErrCriteriaTotal               = "tổng điểm cần đạt %v phải từ 0 đến tổng điểm tối đa của các chỉ số (%v)"
	ErrCriteriaEach                = "điểm tối thiểu mỗi chỉ số %v lớn hơn điểm tối đa của chỉ số %s (%v)"
	ErrCriteriaUnknownCode         = "không có chỉ số mã %q trong bộ tiêu chí"
	ErrCriteriaPercent             = "tỉ lệ %v%% phải từ 0 đến 100"
	ErrCriteriaNotFound            = "không có bộ tiêu chí %q"
	ErrCriteriaBadRef              = "%q không phải mã bộ tiêu chí (MÃ hoặc MÃ@PHIÊN_BẢN)"
)

// Answers and scores.
const (
	ErrAnswerNumber      = "chỉ số %s: cần một số"
	ErrAnswerYesNo       = "chỉ số %s: chấm đạt (1) hoặc không đạt (0)"
	ErrAnswerAboveMax    = "chỉ số %s: %s điểm vượt điểm tối đa %s"
	ErrAnswerNegative    = "chỉ số %s: số đo không được âm"
	ErrAnswerUnknown     = "không có chỉ số %s trong bộ tiêu chí %s"
	ErrAnswerTwice       = "chỉ số %s được chấm hai lần"
	ErrAnswerMissing     = "chưa chấm chỉ số %s"
	ErrAnswerNoEvidence  = "chỉ số %s cần minh chứng (ghi chú hoặc tệp đính kèm)"
	MissingTotal         = "tổng điểm %s, cần ít nhất %s"
	MissingEach          = "chỉ số %s được %s điểm, cần ít nhất %s"
	MissingRequired      = "chỉ số bắt buộc %s chưa đạt"
	MissingPeople        = "%s%% số người được công nhận Công dân học tập, cần ít nhất %s%%"
	MissingPeopleUnknown = "chưa biết tỉ lệ người được công nhận Công dân học tập (cần ít nhất %s%%)"
)

// The yearly cycle.
const (
	ErrModelSetNotValid     = "bộ tiêu chí %s không áp dụng cho năm %d (áp dụng %s)"
	ErrModelSetTitle        = "bộ tiêu chí %s dành cho %s, không phải %s"
	ErrModelYear            = "năm đánh giá %d không hợp lệ"
	ErrModelNeedCommune     = "cần một xã, phường, đặc khu đang tồn tại"
	ErrModelName            = "cần tên của hộ gia đình, dòng họ, cộng đồng, đơn vị hoặc người đăng ký"
	ErrModelCCCD            = "số CCCD không hợp lệ: %s"
	ErrModelAlready         = "%s đã đăng ký %s năm %d (đăng ký số %d)"
	ErrModelNoRegistration  = "không có đăng ký số %d"
	ErrModelState           = "đăng ký số %d đang ở trạng thái %q, không thể %s"
	ErrModelNotVerified     = "đăng ký số %d chưa được chi hội xác nhận"
	ErrModelNotPassed       = "đăng ký số %d chưa đạt: %s"
	ErrModelTwice           = "đăng ký số %d đã được công nhận theo quyết định %s"
	ErrModelNoAuthority     = "danh hiệu %s do %s công nhận; tài khoản này không có thẩm quyền đó"
	ErrModelDecision        = "cần số và ngày quyết định công nhận"
	ErrModelDecisionFuture  = "ngày quyết định %s sau hôm nay"
	ErrModelDecisionYear    = "ngày quyết định %s trước năm đánh giá %d"
	ErrModelReason          = "cần lý do"
	ErrModelNotRecognised   = "đăng ký số %d chưa được công nhận"
	ErrModelPeople          = "số người của đơn vị phải là số nguyên dương"
	ErrModelBatchEmpty      = "danh sách công nhận rỗng"
	ErrModelParent          = "đăng ký số %d không phải hộ gia đình hay đơn vị cùng năm để gắn công dân vào"
	ErrModelLevelWord       = "cấp xã"
	ErrModelLevelProvince   = "cấp tỉnh"
	ErrModelStateRegister   = "chấm điểm"
	ErrModelStateVerify     = "xác nhận"
	ErrModelStateRecognise  = "công nhận"
	ErrModelStateRefuse     = "không công nhận"
	ErrModelStateRevoke     = "thu hồi"
	ErrModelBodyName        = "cần tên cơ quan công nhận"
	ErrSelfCommune          = "hãy chọn xã, phường, đặc khu nơi bạn sống hoặc làm việc (theo danh mục mới từ 01/07/2025)"
	ErrSelfNoCCCD           = "cần số căn cước công dân (12 chữ số) để mỗi người chỉ có một bản tự đánh giá mỗi năm"
	ErrSelfVerified         = "bản tự đánh giá năm %d của bạn đã được chi hội xác nhận; muốn sửa, hãy liên hệ chi hội"
	ErrCertificateUnknown   = "không có giấy chứng nhận mã %s"
	ErrSelfTooMany          = "bạn đã gửi quá nhiều lần; hãy thử lại sau ít phút"
	ErrModelNeedProvince    = "cần một tỉnh, thành phố"
	ErrModelBodyLevel       = "cấp công nhận %q không có; dùng commune hoặc province"
	ErrModelNotFoundSet     = "không có bộ tiêu chí %q"
	ErrModelCriteriaInUse   = "bộ tiêu chí %s đã có kết quả chấm; bản sửa được lưu thành phiên bản %d"
	ErrModelAuthorityNation = "chỉ quản trị cấp toàn quốc được nạp bộ tiêu chí"
	ErrCriteriaFromMembers  = "chỉ số tính từ kết quả Công dân học tập của thành viên phải là một số (scoring.kind number, tính theo phần trăm)"
	EvidenceFromMembers     = "tính từ kết quả Công dân học tập của các thành viên đã đăng ký"
	ErrRegistrationsTwice   = "đối tượng này đã có ở dòng %d của tệp"
	TemplateExampleMembers  = "Nguyễn Văn An; Lê Thị Hoa; Nguyễn Minh Khôi"
	// Targets of the titles (models.SetTarget).
	ErrTargetUnit      = "chỉ tiêu được đặt cho toàn quốc hoặc một tỉnh, thành phố"
	ErrTargetIndicator = "không đặt được chỉ tiêu cho %q; dùng một tỉ lệ danh hiệu học tập (models.family.rate, models.citizen.officials.rate, …)"
	ErrTargetYear      = "năm của chỉ tiêu %d không hợp lệ"
	ErrTargetPercent   = "chỉ tiêu %s%% phải từ 0 đến 100 (0: bỏ chỉ tiêu riêng)"
)

// TemplateExampleName is the example row's subject in the evaluations
// template of a title.
func TemplateExampleName(title string) string {
	switch title {
	case "family":
		return "Hộ ông Nguyễn Văn An"
	case "clan":
		return "Dòng họ Nguyễn"
	case "community":
		return "Tổ dân phố số 1"
	case "community_commune":
		return ""
	case "unit":
		return "Trường Tiểu học Kim Đồng"
	}
	return "Nguyễn Thị Hoa"
}

// The certificate.
const (
	CertificateHeading  = "GIẤY CHỨNG NHẬN"
	CertificateSubject  = "Danh hiệu %s năm %d"
	CertificateDecision = "Căn cứ Quyết định số %s ngày %s của %s,"
	CertificateGranted  = "Chứng nhận: "
	CertificateOf       = "Thuộc: %s"
	CertificateTitle    = "Đạt danh hiệu: "
	CertificateValid    = "Năm đánh giá %d; có giá trị đến hết năm %d."
	CertificateCode     = "Mã xác minh: %s"
	CertificateURL      = "Tra cứu: %s"
	CertificateOnBehalf = "TM. ỦY BAN NHÂN DÂN"
	CertificateSigner   = "CHỦ TỊCH"
)

// The command line.
const (
	SummaryModelsList        = "liệt kê đăng ký danh hiệu học tập của một xã trong năm (--in commune:MÃ --year NĂM)"
	SummaryModelsRegister    = "đăng ký danh hiệu học tập (--title --in commune:MÃ --name …)"
	SummaryModelsVerify      = "chi hội xác nhận kết quả chấm của các đăng ký (số đăng ký …)"
	SummaryModelsRecognise   = "công nhận các đăng ký theo một quyết định (--decision SỐ --date NGÀY)"
	SummaryModelsRefuse      = "không công nhận một đăng ký (--reason)"
	SummaryModelsRevoke      = "thu hồi công nhận của một đăng ký (--reason)"
	SummaryModelsCertificate = "ghi giấy chứng nhận PDF của mã công nhận (-o TỆP.pdf)"
	SummaryModelsBody        = "đặt cấp và cơ quan công nhận danh hiệu của một bộ tiêu chí trong một tỉnh"
	ModelsBodySet            = "bộ tiêu chí %s ở %s: cơ quan công nhận %s"
	SummaryModelsTargets     = "liệt kê chỉ tiêu danh hiệu học tập của toàn quốc hoặc một tỉnh (--in province:MÃ)"
	SummaryModelsTarget      = "đặt chỉ tiêu của một tỉ lệ danh hiệu học tập (--in nation|province:MÃ --rate MÃ --year NĂM --percent SỐ; 0: bỏ)"
	FlagModelsTargetIn       = "toàn quốc (nation) hoặc tỉnh, thành phố (province:MÃ)"
	FlagModelsTargetRate     = "mã tỉ lệ: models.family.rate, models.clan.rate, models.community.rate, models.unit.rate, models.citizen.residents.rate, models.citizen.workers.rate, models.citizen.officials.rate, models.citizen.pupils.rate"
	FlagModelsTargetYear     = "năm của chỉ tiêu (đến hết năm đó)"
	FlagModelsTargetPercent  = "chỉ tiêu, phần trăm (0: bỏ chỉ tiêu riêng)"
	ModelsTargetsHeader      = "Mã\tTỉ lệ\tĐến năm\tChỉ tiêu\tCủa"
	ModelsTargetNational     = "cả nước"
	ModelsTargetDefault      = "cả nước (Quyết định 387, 677/QĐ-TTg)"
	ModelsTargetSet          = "%s: %s đến năm %d là %s%%"
	FlagModelsProvince       = "tỉnh, thành phố (province:MÃ)"
	FlagModelsLevel          = "cấp công nhận: commune (xã) hoặc province (tỉnh)"
	ModelsTableHeader        = "Số\tDanh hiệu\tTên\tTrạng thái\tĐiểm\tQuyết định\tMã"
	ModelsRegistered         = "đã đăng ký số %d: %s — %s, năm %d"
	ModelsVerified           = "đã xác nhận %d đăng ký"
	ModelsRecognised         = "đăng ký số %d: công nhận theo quyết định %s, mã giấy chứng nhận %s"
	ModelsRefused            = "đăng ký số %d: không công nhận"
	ModelsRevoked            = "đăng ký số %d: đã thu hồi công nhận"
	ModelsCertificateWritten = "đã ghi giấy chứng nhận %s"
	FlagModelsIn             = "xã, phường, đặc khu (commune:MÃ)"
	FlagModelsYear           = "năm đánh giá"
	FlagModelsTitle          = "danh hiệu: family, clan, community, community_commune, unit, citizen"
	FlagModelsName           = "tên hộ, dòng họ, cộng đồng, đơn vị hoặc người"
	FlagModelsGroup          = "nhóm đối tượng của Công dân học tập: residents, workers, officials, pupils"
	FlagModelsCCCD           = "số CCCD (Công dân học tập)"
	FlagModelsPeople         = "số người của đơn vị"
	FlagModelsReason         = "lý do"
	FlagModelsDecision       = "số quyết định công nhận"
	FlagModelsDate           = "ngày quyết định (dd/mm/yyyy)"
	FlagModelsBody           = "cơ quan công nhận (mặc định theo bộ tiêu chí và tỉnh)"
	FlagModelsSite           = "địa chỉ trang web in trên giấy chứng nhận, nơi mã QR dẫn tới trang xác minh (ví dụ https://khuyenhoc.vn; mặc định lấy từ KHUYENHOC_SITE)"
	// ErrModelsSite refuses a certificate without the site's address (%q:
	// what was given, %s: the environment variable).
	ErrModelsSite              = "cần địa chỉ trang web (--site, hoặc biến môi trường %[2]s) để mã QR trên giấy chứng nhận dẫn tới trang xác minh, ví dụ --site https://khuyenhoc.vn; %[1]q không phải địa chỉ http:// hoặc https://"
	ArgRegistrationID          = "số đăng ký"
	ArgCertificate             = "một mã giấy chứng nhận và -o TỆP.pdf"
	TemplateExampleEvidence    = "Biên bản họp chi hội ngày 15/11"
	SummaryImportEvaluations   = "nhập kết quả chấm điểm danh hiệu học tập từ CSV/XLSX (đăng ký nếu chưa có; --template TỆP --set MÃ ghi tệp mẫu)"
	ImportEvaluationsSummary   = "tệp %s: %s dòng, đăng ký mới %s, chấm điểm %s, đạt %s"
	ImportEvaluationsDryRun    = "tệp %s (chỉ kiểm tra, chưa ghi): %s dòng, sẽ đăng ký mới %s, chấm điểm %s, đạt %s"
	FlagCriteriaSet            = "bộ tiêu chí của tệp mẫu (MÃ hoặc MÃ@PHIÊN_BẢN)"
	ErrEvaluationsTemplate     = "dùng: khuyenhoc import evaluations --template TỆP.csv (hoặc .xlsx) [--set MÃ]"
	SummaryImportRegistrations = "nhập danh sách đăng ký danh hiệu học tập từ CSV/XLSX (--template TỆP ghi tệp mẫu)"
	ImportRegistrationsSummary = "tệp %s: %s dòng, đăng ký mới %s, đã đăng ký từ trước %s"
	ImportRegistrationsDryRun  = "tệp %s (chỉ kiểm tra, chưa ghi): %s dòng, sẽ đăng ký mới %s, đã đăng ký từ trước %s"
	ErrRegistrationsTemplate   = "dùng: khuyenhoc import registrations --template TỆP.csv (hoặc .xlsx)"
	SummaryCriteriaList        = "liệt kê các bộ tiêu chí danh hiệu học tập"
	SummaryCriteriaShow        = "xem một bộ tiêu chí (MÃ hoặc MÃ@PHIÊN_BẢN)"
	SummaryCriteriaLoad        = "nạp bộ tiêu chí từ tệp JSON (bản sửa của bộ đã có kết quả chấm thành phiên bản mới)"
	CriteriaTableHeader        = "Mã\tPhiên bản\tDanh hiệu\tNhóm đối tượng\tÁp dụng\tSố chỉ số\tĐiều kiện đạt\tNguồn"
	CriteriaPassTotal          = "tổng ≥ %s"
	CriteriaPassEach           = "mỗi chỉ số ≥ %s"
	CriteriaPassPeople         = "≥ %s%% người là Công dân học tập"
	CriteriaPassReq            = "bắt buộc: %s"
	CriteriaYearsOpen          = "từ %d"
	CriteriaYears              = "%d–%d"
	CriteriaLoaded             = "đã nạp bộ tiêu chí %s phiên bản %d"
	CriteriaUnchanged          = "bộ tiêu chí %s phiên bản %d không thay đổi"
	CriteriaNewVersion         = "bộ tiêu chí %s đã có kết quả chấm: bản sửa được lưu thành phiên bản %d"
	CriteriaShowHead           = "%s — %s (phiên bản %d)"
	CriteriaShowValid          = "Áp dụng: %s; công nhận: %s; thời hạn %d năm"
	CriteriaShowPass           = "Điều kiện đạt: %s"
	CriteriaShowLevel          = "%s: %s"
	CriteriaShowConfirm        = "Cần xác nhận: %s"
	CriteriaShowMax            = "tối đa %s điểm"
	CriteriaEvidence           = "cần minh chứng"
	CriteriaFromMembers        = "tính từ kết quả Công dân học tập của thành viên"
	ArgCriteriaID              = "một mã bộ tiêu chí"
	ArgCriteriaFile            = "một tệp bộ tiêu chí (.json)"
)

func init() {
	for code, label := range map[string]string{
		"criteria.load":        "Nạp bộ tiêu chí danh hiệu học tập",
		"models.register":      "Đăng ký danh hiệu học tập",
		"models.evaluate":      "Chấm điểm danh hiệu học tập",
		"models.verify":        "Chi hội xác nhận kết quả tự đánh giá, chấm điểm",
		"models.recognise":     "Công nhận danh hiệu học tập",
		"models.refuse":        "Không công nhận danh hiệu học tập",
		"models.revoke":        "Thu hồi công nhận danh hiệu học tập",
		"models.body":          "Đặt cơ quan công nhận danh hiệu học tập",
		"import.evaluations":   "Nhập kết quả chấm điểm danh hiệu học tập",
		"models.self":          "Công dân tự đánh giá trên trang công khai",
		"models.target":        "Đặt chỉ tiêu danh hiệu học tập",
		"import.registrations": "Nhập danh sách đăng ký danh hiệu học tập",
	} {
		auditActions[code] = label
	}
}

func init() {
	for k, v := range map[string]string{
		"self.title":                  "Tự đánh giá Công dân học tập",
		"self.lead":                   "Trả lời 10 chỉ số để biết bạn đã đạt danh hiệu Công dân học tập chưa. Không cần đăng nhập. Bản gửi sẽ chờ chi hội khuyến học xác nhận.",
		"self.where":                  "Xã, phường, đặc khu nơi bạn sống hoặc làm việc",
		"self.where_hint":             "Gõ tên theo danh mục mới từ 01/07/2025, ví dụ: Ba Đình",
		"self.find":                   "Tìm",
		"self.pick":                   "Chọn xã, phường của bạn",
		"self.none":                   "Không tìm thấy xã, phường nào có tên này.",
		"self.group":                  "Bạn thuộc nhóm",
		"self.next":                   "Tiếp tục",
		"self.points":                 "điểm (0 đến %s)",
		"self.yesno":                  "Đạt",
		"self.evidence":               "Minh chứng (bắt buộc)",
		"self.name":                   "Họ và tên",
		"self.cccd":                   "Số căn cước công dân",
		"self.cccd_hint":              "Chỉ dùng để mỗi người có một bản mỗi năm; không hiển thị lại.",
		"self.preview":                "Xem điểm",
		"self.submit":                 "Gửi để chi hội xác nhận",
		"self.score":                  "Tổng điểm: %s/%s",
		"self.passed":                 "Bạn đạt các tiêu chí Công dân học tập.",
		"self.missing":                "Còn thiếu để đạt:",
		"self.sent":                   "Đã gửi bản tự đánh giá. Chi hội khuyến học sẽ xác nhận.",
		"self.replaced":               "Bản này thay cho bản bạn gửi trước đó (chưa được xác nhận).",
		"verify.title":                "Xác minh giấy chứng nhận",
		"verify.name":                 "Họ và tên / tên",
		"verify.titlename":            "Danh hiệu",
		"verify.year":                 "Năm đánh giá",
		"verify.decision":             "Quyết định",
		"verify.valid":                "Giấy chứng nhận hợp lệ.",
		"verify.revoked":              "Danh hiệu này đã bị thu hồi.",
		"verify.level":                "Mức",
		"nav.models":                  "Danh hiệu học tập",
		"models.title":                "Danh hiệu học tập",
		"models.lead":                 "Các đăng ký danh hiệu học tập của xã trong năm: chi hội xác nhận kết quả chấm, xã công nhận theo một quyết định và in giấy chứng nhận.",
		"models.year":                 "Năm đánh giá",
		"models.number":               "Số",
		"models.status":               "Trạng thái",
		"models.score":                "Điểm",
		"models.passed":               "đạt",
		"models.not_passed":           "chưa đạt",
		"models.decision":             "Quyết định",
		"models.code":                 "Mã giấy chứng nhận",
		"models.pick":                 "Chọn",
		"models.certificate":          "In giấy chứng nhận",
		"models.verify_link":          "Xác minh mã",
		"models.verify_title":         "Chi hội xác nhận",
		"models.verify_hint":          "Xác nhận kết quả chấm (hoặc tự đánh giá) của các đăng ký đã chọn. Tất cả cùng được xác nhận, hoặc không đăng ký nào nếu có một đăng ký chưa chấm điểm.",
		"models.verify_submit":        "Xác nhận các đăng ký đã chọn",
		"models.recognise_title":      "Công nhận theo một quyết định",
		"models.recognise_hint":       "Các đăng ký đã chọn phải đã được chi hội xác nhận và đạt. Mỗi đăng ký được công nhận nhận một mã giấy chứng nhận.",
		"models.decision_number":      "Số quyết định",
		"models.decision_date":        "Ngày quyết định",
		"models.decision_body":        "Cơ quan công nhận",
		"models.decision_body_hint":   "Để trống: cơ quan theo bộ tiêu chí (Ủy ban nhân dân xã, phường).",
		"models.recognise_submit":     "Công nhận các đăng ký đã chọn",
		"models.none":                 "Xã chưa có đăng ký danh hiệu học tập nào trong năm này.",
		"models.done_verified":        "Đã xác nhận %d đăng ký.",
		"models.done_recognised":      "Đã công nhận %d đăng ký theo quyết định %s. Giấy chứng nhận in từ từng đăng ký.",
		"models.bad_date":             "ngày quyết định: %s",
		"models.import_link":          "Nhập từ tệp Excel",
		"mtimport.title":              "Nhập đăng ký, kết quả chấm danh hiệu học tập",
		"mtimport.lead":               "Nhập nhiều đăng ký, hoặc kết quả chấm điểm, cùng lúc từ tệp Excel (XLSX) hoặc CSV theo mẫu. Hãy bấm Xem trước để kiểm tra; chưa có gì được ghi cho đến khi bấm Nhập.",
		"mtimport.kind":               "Tệp có nội dung gì?",
		"mtimport.kind_reg":           "Danh sách đăng ký (chưa chấm điểm)",
		"mtimport.kind_eval":          "Kết quả chấm điểm (đăng ký luôn những đối tượng chưa đăng ký)",
		"mtimport.file":               "Tệp (XLSX hoặc CSV)",
		"mtimport.done":               "Đã nhập tệp",
		"mtimport.done_preview":       "Xem trước (chưa ghi gì), tệp",
		"mtimport.rows":               "Số dòng",
		"mtimport.registered":         "Đăng ký mới",
		"mtimport.existing":           "Đã đăng ký từ trước (giữ nguyên)",
		"mtimport.evaluated":          "Được chấm điểm",
		"mtimport.passed":             "Trong đó đạt",
		"mtimport.template_reg":       "Mẫu danh sách đăng ký",
		"mtimport.template_reg_text":  "Mỗi đối tượng một dòng: Mã xã, Danh hiệu (ví dụ Gia đình học tập), Năm, Tên; với Công dân học tập ghi thêm Nhóm đối tượng; với gia đình có thể ghi Thành viên, cách nhau bằng dấu chấm phẩy.",
		"mtimport.template_eval":      "Mẫu kết quả chấm điểm",
		"mtimport.template_eval_text": "Chọn bộ tiêu chí: tệp mẫu có một cột cho mỗi chỉ số của bộ (Chỉ số 1.1, Chỉ số 1.2…), ghi số điểm; cột Minh chứng ghi chú minh chứng khi bộ tiêu chí yêu cầu.",
		"mtimport.set":                "Bộ tiêu chí",
		"mtimport.rule":               "Nếu có dòng sai, cả tệp không được ghi; hãy sửa các dòng được nêu rồi tải lại. Nhập lại cùng một tệp không tạo đăng ký trùng.",
		"targets.title":               "Tiến độ chỉ tiêu xây dựng xã hội học tập",
		"targets.rate":                "Tỉ lệ",
		"targets.value":               "Hiện đạt",
		"targets.target":              "Chỉ tiêu",
		"targets.reached":             "Đạt so với chỉ tiêu",
		"targets.by":                  "đến năm %d",
		"targets.province":            "của tỉnh",
		"targets.hint":                "Chỉ tiêu của cả nước theo Quyết định 387/QĐ-TTg và 677/QĐ-TTg năm 2022, trừ nơi tỉnh đặt chỉ tiêu riêng. Tỉ lệ tính trên số hộ, dòng họ, thôn/tổ dân phố, cơ quan và số người của từng nhóm đã nhập cho đơn vị.",
	} {
		UI[k] = v
	}
}
