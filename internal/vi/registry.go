package vi

// Texts of the association registry (package registry): association units,
// members, the member import. Each Err… is a format for apperr.New, its
// verbs documented beside it.

// memberColumns are the Vietnamese headers of the member file's columns
// (docs/contracts.md, section Members), also the names of the form's fields.
var memberColumns = map[string]string{
	"commune":     "Mã xã",
	"branch":      "Chi hội",
	"full_name":   "Họ và tên",
	"gender":      "Giới tính",
	"birth_date":  "Ngày sinh",
	"cccd":        "Số CCCD",
	"phone":       "Số điện thoại",
	"address":     "Địa chỉ",
	"joined_on":   "Ngày vào hội",
	"left_on":     "Ngày ra hội",
	"left_reason": "Lý do ra hội",
	"card_no":     "Số thẻ hội viên",
	"consent":     "Đồng ý xử lý dữ liệu cá nhân",
	"source":      "Tệp nhập",
}

// MemberColumn is the Vietnamese header of a member file's column (the
// machine name itself for one it does not know).
func MemberColumn(col string) string {
	if s, ok := memberColumns[col]; ok {
		return s
	}
	return col
}

// memberColumnAliases are other headers that officers' own member lists
// give the same columns (with or without diacritics, in any case), so that
// a list kept before the template existed is read whole: a phone column
// headed «Điện thoại» or «SĐT» was otherwise left out as a note column, and
// its numbers silently not imported.
var memberColumnAliases = map[string][]string{
	"commune":    {"Mã xã, phường", "Mã xã/phường", "Mã phường", "Mã đơn vị hành chính"},
	"branch":     {"Tên chi hội", "Chi hội/phân hội", "Chi hội sinh hoạt"},
	"full_name":  {"Họ tên", "Họ và tên hội viên", "Tên hội viên"},
	"gender":     {"Giới", "Nam/Nữ"},
	"birth_date": {"Năm sinh", "Ngày tháng năm sinh", "Ngày, tháng, năm sinh", "Sinh ngày"},
	"cccd": {"CCCD", "Căn cước", "Căn cước công dân", "Số căn cước", "Số căn cước công dân", "Số định danh",
		"Số định danh cá nhân", "CMND/CCCD", "Số CMND/CCCD"},
	"phone":       {"Điện thoại", "SĐT", "Số ĐT", "Điện thoại liên hệ", "Di động", "Số di động", "Điện thoại di động"},
	"address":     {"Nơi ở", "Nơi ở hiện nay", "Chỗ ở hiện nay", "Địa chỉ thường trú", "Địa chỉ liên hệ"},
	"joined_on":   {"Ngày kết nạp", "Ngày vào", "Ngày tham gia"},
	"left_on":     {"Ngày ra", "Ngày thôi sinh hoạt"},
	"left_reason": {"Lý do ra", "Lý do thôi sinh hoạt"},
	"card_no":     {"Số thẻ", "Mã thẻ", "Mã thẻ hội viên"},
}

// MemberColumnAliases are other headers of a member file's column than
// its MemberColumn.
func MemberColumnAliases(col string) []string { return memberColumnAliases[col] }

// memberColumnHints say what goes in each column of the member template
// (notes on its header cells).
var memberColumnHints = map[string]string{
	"commune":     "Bắt buộc. Mã xã, phường, đặc khu (ví dụ 22015), theo danh mục sau sắp xếp ngày 01/07/2025.",
	"branch":      "Bắt buộc. Tên chi hội hoặc phân hội nơi hội viên sinh hoạt, như đã đăng ký trong hệ thống.",
	"full_name":   "Bắt buộc. Họ và tên đầy đủ, có dấu.",
	"gender":      "Nam hoặc Nữ.",
	"birth_date":  "Ngày sinh dạng dd/mm/yyyy (ví dụ 05/09/1960), hoặc chỉ năm sinh (1960).",
	"cccd":        "Số căn cước công dân, 12 chữ số (giữ số 0 ở đầu: định dạng cột là văn bản). Có thể để trống.",
	"phone":       "Số điện thoại di động (10 số) hoặc cố định. Có thể để trống.",
	"address":     "Địa chỉ nơi ở. Có thể để trống.",
	"joined_on":   "Bắt buộc. Ngày vào hội dạng dd/mm/yyyy.",
	"left_on":     "Ngày ra hội dạng dd/mm/yyyy, nếu hội viên đã ra hội.",
	"left_reason": "Lý do ra hội, nếu có ngày ra hội.",
	"card_no":     "Số thẻ hội viên, nếu có.",
	"consent":     "Hội viên đồng ý cho hội xử lý dữ liệu cá nhân: ghi ngày và mục đích (ví dụ: đồng ý ngày 05/09/2025, để quản lý hội viên).",
}

// MemberColumnHint says what goes in a column of the member template.
func MemberColumnHint(col string) string { return memberColumnHints[col] }

// orgKinds are the names of the kinds of association units.
var orgKinds = map[string]string{
	"grassroots": "Hội Khuyến học cơ sở",
	"branch":     "Chi hội",
	"subbranch":  "Phân hội",
	"board":      "Ban khuyến học",
}

// OrgKind is the Vietnamese name of a kind of association unit.
func OrgKind(kind string) string {
	if s, ok := orgKinds[kind]; ok {
		return s
	}
	return kind
}

const (
	// AssociationName names a commune's association made by an import
	// (%s: the commune's full name).
	AssociationName = "Hội Khuyến học %s"
	// ErasedName stands for the name of an erased member (%d: the id).
	ErasedName = "(đã xóa dữ liệu cá nhân #%d)"
	// ErasedValue stands for an erased field in the history.
	ErasedValue = "(đã xóa)"
	// Masked stands for a hidden field.
	Masked = "(ẩn)"
	// MemberSheet names the sheet of the template and of exports.
	MemberSheet = "Hội viên"
	// ExportMasked and ExportFull complete AuditMemberExportDetail.
	ExportMasked = "thông tin cá nhân đã che"
	// ExportFull: see ExportMasked.
	ExportFull = "có đầy đủ thông tin cá nhân"
	// AuditMemberOwnDataDetail (%d: id).
	AuditMemberOwnDataDetail = "trích xuất toàn bộ dữ liệu của hội viên số %d theo yêu cầu của hội viên"

	// ProgressChecked and ProgressWritten name the stages of an import's
	// progress.
	ProgressChecked = "đã kiểm tra"
	// ProgressWritten: see ProgressChecked.
	ProgressWritten = "đã ghi"

	ErrRequired = "cần điền"
	// ErrTooLong refuses a long text (%d: the most characters).
	ErrTooLong = "dài quá %d ký tự"
	// ErrDayFormat refuses a day written otherwise (%q: the text).
	ErrDayFormat = "ngày %q không đúng dạng dd/mm/yyyy"
	// ErrDayInFuture refuses a day after today (%s: the day, %s: today).
	ErrDayInFuture = "ngày %s ở sau hôm nay (%s)"
	// ErrLeftBeforeJoined (%s: the leaving day, %s: the joining day).
	ErrLeftBeforeJoined = "ngày ra hội %s phải sau ngày vào hội (hoặc ngày chuyển chi hội) %s"
	// ErrLeftReasonWithoutDay refuses a reason with no leaving day.
	ErrLeftReasonWithoutDay = "có lý do ra hội nhưng chưa ghi ngày ra hội"
	ErrReasonRequired       = "cần ghi rõ lý do"
	// ErrNoSuchCommune (%s: the code typed).
	ErrNoSuchCommune = "không có xã, phường, đặc khu nào mã %s"

	// ErrOrgKind (%q: the text).
	ErrOrgKind = "loại tổ chức %q không hợp lệ; ghi Hội Khuyến học cơ sở, Chi hội, Phân hội hoặc Ban khuyến học"
	ErrOrgName = "cần ghi tên tổ chức hội"
	// ErrOrgNeedsCommune: a grassroots association sits in a commune.
	ErrOrgNeedsCommune = "Hội Khuyến học cơ sở phải thuộc một xã, phường hoặc đặc khu"
	// ErrOrgCommuneNotThen (%s: the commune, %s: the day).
	ErrOrgCommuneNotThen = "%s không còn tồn tại vào ngày %s"
	// ErrOrgParentKind (%s: the kind, %s: the parent's kind it needs).
	ErrOrgParentKind = "%s phải thuộc một %s"
	// ErrOrgParentInactive (%s: the parent's name, %s: the day).
	ErrOrgParentInactive = "%s chưa thành lập hoặc đã giải thể vào ngày %s"
	// ErrOrgExists (%s: the name, %d: the id of the one there).
	ErrOrgExists = "đã có %s (số %d) đang hoạt động ở đây; không thêm lần nữa"
	// ErrNoSuchOrg (%d: the id).
	ErrNoSuchOrg = "không tìm thấy tổ chức hội số %d"
	// ErrOrgDissolved (%s: name, %s: day).
	ErrOrgDissolved = "%s đã giải thể từ ngày %s"
	// ErrOrgDissolveBeforeFounded (%s: the day, %s: the founding day).
	ErrOrgDissolveBeforeFounded = "ngày giải thể %s phải sau ngày thành lập %s"
	// ErrOrgHasUnits (%s: name, %d: how many).
	ErrOrgHasUnits = "%s còn %d tổ chức trực thuộc đang hoạt động; hãy giải thể hoặc chuyển chúng trước"
	// ErrOrgHasMembers (%s: name, %d: how many).
	ErrOrgHasMembers = "%s còn %d hội viên; hãy chuyển chi hội hoặc ghi ra hội cho họ trước"
	// ErrNotABranch (%s: name, %s: its kind).
	ErrNotABranch = "%s là %s, không phải chi hội hay phân hội: hội viên sinh hoạt ở chi hội hoặc phân hội"
	// ErrBranchDissolved (%s: name, %s: day).
	ErrBranchDissolved = "chi hội %s đã giải thể từ ngày %s"
	// ErrNoSuchBranch (%q: the name, %s: the commune).
	ErrNoSuchBranch = "chưa có chi hội %q ở %s; hãy thêm chi hội trước, hoặc nhập lại và chọn tạo chi hội mới (dòng lệnh: --create-branches)"

	// ErrNoSuchMember (%d: the id).
	ErrNoSuchMember = "không tìm thấy hội viên số %d"
	// ErrDuplicateCCCD (%s: name, %d: id, %s: commune).
	ErrDuplicateCCCD = "số CCCD này đã có ở hội viên %s (số %d, %s)"
	// ErrDuplicateName (%s: name, %d: id, %s: commune).
	ErrDuplicateName = "đã có hội viên %s (số %d, %s) cùng họ tên, ngày sinh và xã; nếu đúng là hai người khác nhau, hãy xác nhận để thêm"
	// ErrDuplicateElsewhere: the other record is outside the user's scope.
	ErrDuplicateElsewhere = "người này đã là hội viên ở một đơn vị ngoài phạm vi của bạn"
	// ErrMemberChanged (%d: id, %s: when).
	ErrMemberChanged = "hồ sơ hội viên số %d vừa được người khác sửa lúc %s; hãy tải lại trang để xem và sửa lại"
	// ErrMemberErased (%d: id).
	ErrMemberErased = "hồ sơ hội viên số %d đã xóa dữ liệu cá nhân, không sửa được nữa"
	// ErrMemberLeft (%s: name, %s: day).
	ErrMemberLeft = "%s đã ra hội từ ngày %s"
	ErrUseLeave   = "để ghi hội viên ra hội, hãy dùng chức năng Ra hội (ghi ngày và lý do)"
	// ErrCannotUnleave: a leaving is not undone by editing.
	ErrCannotUnleave = "không xóa được ngày ra hội đã ghi; nếu hội viên vào lại hội, hãy dùng chức năng Vào lại hội"
	// ErrMemberNotLeft (%s: name).
	ErrMemberNotLeft = "%s đang là hội viên, chưa ra hội"
	// ErrRejoinBeforeLeft (%s: the day, %s: the leaving day).
	ErrRejoinBeforeLeft = "ngày vào lại hội %s phải từ ngày ra hội %s trở đi"
	// AuditMemberRejoinDetail (%d: id, %s: branch, %s: day).
	AuditMemberRejoinDetail = "hội viên số %d vào lại hội ở chi hội %s từ ngày %s"
	// ErrJoinedAfterTransfer (%s: the first transfer's day).
	ErrJoinedAfterTransfer = "ngày vào hội phải trước ngày chuyển chi hội %s"
	ErrSameBranch          = "hội viên đang ở chi hội này rồi"
	// ErrTransferTooEarly (%s: the day, %s: the start of the current branch).
	ErrTransferTooEarly = "ngày chuyển %s phải sau ngày bắt đầu sinh hoạt ở chi hội hiện tại %s"
	ErrMayNotReveal     = "tài khoản của bạn chỉ xem được thông tin cá nhân đã che"

	// ErrOnDuplicate (%q: the value).
	ErrOnDuplicate = "--on-duplicate %q không hợp lệ; dùng skip (bỏ qua) hoặc update (cập nhật)"
	// ErrImportDuplicates titles the list of duplicate rows (%s: file, %d: how many).
	ErrImportDuplicates = "tệp %s: %d dòng trùng với hội viên đã có hoặc với dòng khác trong tệp, không ghi dữ liệu nào; chọn bỏ qua (--on-duplicate skip) hoặc cập nhật (--on-duplicate update)"
	// ErrRowIsMember (%s: name, %d: id).
	ErrRowIsMember = "trùng với hội viên %s (số %d) nhưng thông tin khác"
	// ErrRowRepeats (%d: the earlier line).
	ErrRowRepeats = "trùng người với dòng %d nhưng thông tin khác"

	// ErrMoveNotGrassroots (%s: name): only associations sit in communes.
	ErrMoveNotGrassroots = "%s không phải Hội Khuyến học cơ sở: chỉ hội cơ sở mới chuyển sang xã mới"
	// ErrMoveCommuneExists (%s: name).
	ErrMoveCommuneExists = "xã nơi %s đặt trụ sở vẫn còn, không cần chuyển"
	// ErrMoveTarget (%s: the unit, %s: the day).
	ErrMoveTarget = "%s không phải xã, phường, đặc khu tồn tại vào ngày %s"
	// ErrLocalOnly refuses a command of the local administrator to anyone else.
	ErrLocalOnly = "chỉ quản trị viên tại máy chủ (dòng lệnh) làm được việc này"
	// AuditOrgMoveDetail (%s name, %d id, %s from, %s to, %s day, %d members).
	AuditOrgMoveDetail = "%s (số %d) chuyển từ %s sang %s từ ngày %s, cùng %d hội viên"

	// Audit details. AuditOrgDetail (%s: kind, %s: name, %d: id).
	AuditOrgDetail = "%s %s (số %d)"
	// AuditOrgDissolveDetail (%s kind, %s name, %d id, %s day, %s reason).
	AuditOrgDissolveDetail = "%s %s (số %d) giải thể từ ngày %s: %s"
	// AuditMemberDetail (%d: id, %s: branch).
	AuditMemberDetail = "hội viên số %d, chi hội %s"
	// AuditMemberEditDetail (%d: id, %s: the fields changed).
	AuditMemberEditDetail = "hội viên số %d: sửa %s"
	// AuditMemberLeaveDetail (%d: id, %s: day, %s: reason).
	AuditMemberLeaveDetail = "hội viên số %d ra hội từ ngày %s: %s"
	// AuditMemberTransferDetail (%d: id, %s: from, %s: to, %s: day).
	AuditMemberTransferDetail = "hội viên số %d chuyển từ chi hội %s sang chi hội %s từ ngày %s"
	// AuditMemberEraseDetail (%d: id, %s: reason).
	AuditMemberEraseDetail = "xóa dữ liệu cá nhân của hội viên số %d: %s"
	// AuditMemberViewDetail (%d: id).
	AuditMemberViewDetail = "xem thông tin cá nhân đầy đủ của hội viên số %d"
	// AuditImportMembersDetail (%s: file, %d added, %d updated, %d unchanged, %d skipped).
	AuditImportMembersDetail = "tệp %s: thêm %d, cập nhật %d, giữ nguyên %d, bỏ qua %d hội viên"
	// AuditMemberExportDetail (%s: what, %d: how many, %s: masked or not).
	AuditMemberExportDetail = "xuất danh sách hội viên %s: %d người, %s"

	AuditActionMemberAdd      = "Thêm hội viên"
	AuditActionMemberEdit     = "Sửa hồ sơ hội viên"
	AuditActionMemberLeave    = "Ghi hội viên ra hội"
	AuditActionMemberTransfer = "Chuyển chi hội"
	AuditActionMemberRejoin   = "Hội viên vào lại hội"
	AuditActionMemberErase    = "Xóa dữ liệu cá nhân"
	AuditActionMemberView     = "Xem thông tin cá nhân"
	AuditActionMemberExport   = "Xuất danh sách hội viên"
	AuditActionImportMembers  = "Nhập danh sách hội viên"
	AuditActionOrgAdd         = "Thêm tổ chức hội"
	AuditActionOrgDissolve    = "Giải thể tổ chức hội"
	AuditActionOrgMove        = "Chuyển hội cơ sở sang xã mới"
)

// The registry's commands (internal/cli/members.go, orgs.go).
const (
	SummaryImportMembers = "nhập danh sách hội viên từ tệp CSV/XLSX (--template TỆP ghi tệp mẫu)"
	SummaryMembersFind   = "tìm hội viên theo tên (không cần dấu), số CCCD hoặc số điện thoại"
	SummaryMembersShow   = "xem hồ sơ một hội viên (--reveal: hiện đầy đủ thông tin cá nhân, có ghi nhật ký)"
	SummaryMembersLeave  = "ghi hội viên ra hội (--on NGÀY --reason LÝ_DO)"
	SummaryMembersExport = "xuất danh sách hội viên ra tệp XLSX theo mẫu nhập"
	SummaryMembersRejoin = "ghi hội viên đã ra hội vào lại hội (--branch SỐ_CHI_HỘI --on NGÀY)"
	FlagRejoinOn         = "ngày vào lại hội (dd/mm/yyyy; mặc định hôm nay)"
	FlagRejoinBranch     = "số của chi hội sinh hoạt (xem orgs list)"
	ErrRejoinArgs        = "cần --branch SỐ_CHI_HỘI"
	// MembersRejoined (%d id, %s day).
	MembersRejoined = "đã ghi hội viên số %d vào lại hội từ ngày %s"
	SummaryOrgsList = "liệt kê hội cơ sở, chi hội, phân hội, ban khuyến học của một xã"
	SummaryOrgsAdd  = "thêm hội cơ sở, chi hội, phân hội hoặc ban khuyến học"
	SummaryOrgsMove = "chuyển các hội cơ sở của xã cũ sang xã mới theo sắp xếp đơn vị hành chính 2025"

	FlagOnDuplicate    = "khi một dòng trùng với hội viên đã có: skip (bỏ qua) hoặc update (cập nhật); không ghi thì từ chối cả tệp"
	FlagCreateBranches = "tạo chi hội (và hội cơ sở) chưa có"
	FlagTemplate       = "ghi tệp mẫu (.csv hoặc .xlsx theo tên tệp) rồi dừng"
	FlagCodesOn        = "mã xã trong tệp là mã của ngày này (dd/mm/yyyy; mặc định hôm nay; danh sách lập trước sắp xếp: 30/06/2025)"
	// MoreItems (%d: how many more).
	MoreItems             = "… và %d mục nữa"
	FlagMembersIn         = "chỉ hội viên thuộc đơn vị này (ví dụ commune:00004, province:01)"
	FlagMembersAll        = "kể cả người đã ra hội"
	FlagMembersGivenFirst = "xếp theo tên (tên, tên đệm, họ) thay vì theo họ"
	FlagPage              = "trang thứ mấy"
	FlagPerPage           = "số dòng mỗi trang"
	FlagReveal            = "hiện đầy đủ số CCCD, số điện thoại, ngày sinh, địa chỉ (có ghi nhật ký)"
	FlagLeaveOn           = "ngày ra hội (dd/mm/yyyy; mặc định hôm nay)"
	FlagLeaveReason       = "lý do ra hội"
	FlagOrgKind           = "loại: grassroots (Hội Khuyến học cơ sở), branch (chi hội), subbranch (phân hội), board (ban khuyến học)"
	FlagOrgName           = "tên"
	FlagOrgCommune        = "xã nơi hội cơ sở đặt trụ sở (ví dụ commune:00004)"
	FlagOrgParent         = "số của tổ chức cấp trên (hội cơ sở của chi hội, chi hội của phân hội)"
	FlagOrgFounded        = "ngày thành lập (dd/mm/yyyy; mặc định hôm nay)"
	FlagOrgPlace          = "thôn, tổ dân phố, trường, cơ quan, doanh nghiệp hay dòng họ nơi tổ chức sinh hoạt"
	FlagApply             = "thực hiện (không có thì chỉ liệt kê những gì sẽ làm)"

	ArgSearch   = "một nội dung tìm kiếm"
	ArgMemberID = "số của hội viên"
	// ErrMemberID (%q: the text).
	ErrMemberID          = "số hội viên %q không hợp lệ"
	ErrMembersExportArgs = "cần --in ĐƠN_VỊ và -o TỆP.xlsx"
	ErrTemplateArgs      = "dùng: khuyenhoc import members --template TỆP.csv (hoặc .xlsx)"
	ErrOrgsArgs          = "cần --kind, --name và --in (hội cơ sở) hoặc --parent (các tổ chức khác)"
	// TemplateWritten (%s: the file).
	TemplateWritten = "đã ghi tệp mẫu %s"
	// MembersImportSummary (%s file, %s rows, %s added, %s updated, %s unchanged, %s skipped).
	MembersImportSummary = "%s: %s dòng; thêm %s, cập nhật %s, giữ nguyên %s, bỏ qua %s hội viên"
	// MembersImportSummaryDryRun: as MembersImportSummary, for a dry run.
	MembersImportSummaryDryRun = "%s (chạy thử, chưa ghi gì): %s dòng; sẽ thêm %s, cập nhật %s, giữ nguyên %s, bỏ qua %s hội viên"
	// MembersImportCreated (%s: the units made).
	MembersImportCreated = "tạo mới: %s"
	// MembersImportUnread (%s: the headers of the columns not read).
	MembersImportUnread = "không đọc các cột: %s (tên cột không có trong mẫu; nếu cột nào là thông tin của hội viên, hãy đặt lại tên cột theo mẫu rồi nhập lại)"
	// MembersImportMatches (%d: how many).
	MembersImportMatches = "%d dòng trùng với hội viên đã có hoặc với dòng khác:"
	// MembersImportMatchMember (%d line, %s name, %d id).
	MembersImportMatchMember = "dòng %d: hội viên %s (số %d)"
	// MembersImportMatchLine (%d line, %d other line).
	MembersImportMatchLine = "dòng %d: trùng dòng %d"
	// MoreLines (%d: how many more).
	MoreLines          = "… và %d dòng nữa"
	MembersNone        = "không có hội viên nào khớp"
	MembersTableHeader = "Số\tHọ và tên\tNăm sinh\tChi hội\tXã\tSố CCCD\tNgày vào hội"
	// MembersLeftOn (%s: day).
	MembersLeftOn = " (ra hội %s)"
	// MembersPageLine (%d page, %d pages, %s total).
	MembersPageLine = "trang %d/%d, tất cả %s hội viên"
	MembersCommune  = "Xã, phường"
	// MembersLeft (%d id, %s day).
	MembersLeft = "đã ghi hội viên số %d ra hội từ ngày %s"
	// MembersExported (%s how many, %s file).
	MembersExported = "đã xuất %s hội viên vào %s"
	// OrgsTableHeader heads orgs list.
	OrgsTableHeader = "Số\tLoại\tTên\tNơi sinh hoạt\tXã\tThành lập\tGiải thể"
	SummaryOrgMove  = "chuyển một hội cơ sở của xã đã bị chia tách sang xã mới (số hội --to commune:MÃ)"
	FlagMoveTo      = "xã mới (ví dụ commune:00004)"
	ErrOrgMoveArgs  = "dùng: khuyenhoc orgs move SỐ_HỘI --to commune:MÃ"
	// OrgMoved (%d id, %s commune).
	OrgMoved    = "đã chuyển hội số %d sang %s"
	MoveNothing = "không có hội cơ sở nào ở xã đã bị sắp xếp cần chuyển"
	// MovePlanned and MoveDone head move-reform's list (%d: how many).
	MovePlanned = "%d hội cơ sở sẽ chuyển sang xã mới (thêm --apply để thực hiện):"
	// MoveDone: see MovePlanned.
	MoveDone = "đã chuyển %d hội cơ sở sang xã mới:"
	// MoveLine (%s name, %d id, %s from, %s to, %s day, %d members).
	MoveLine = "%s (số %d): %s → %s từ ngày %s, %d hội viên"
	// MoveUndecided (%d: how many).
	MoveUndecided = "%d hội cơ sở ở xã đã bị chia tách, cần người quyết định chuyển về xã nào (khuyenhoc orgs move SỐ --to commune:MÃ):"
	// MoveUndecidedLine (%s name, %d id, %s from, %s candidates).
	MoveUndecidedLine = "%s (số %d) ở %s: có thể về %s"
	// OrgAdded (%s kind, %s name, %d id).
	OrgAdded = "đã thêm %s «%s» (số %d)"
)
