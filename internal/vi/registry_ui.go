package vi

// Texts of the web pages and API answers of the association registry:
// the member list, a member's page, the add-member form, the member
// import and a commune's association units. The labels join UI (the
// templates' {{t "key"}}); the formats are for the handlers.

func init() {
	for k, v := range registryUI {
		UI[k] = v
	}
}

// registryUI are the labels of the registry's pages, merged into UI.
var registryUI = map[string]string{
	"nav.members":      "Hội viên",
	"nav.associations": "Tổ chức hội",

	"hint.date": "Ghi ngày/tháng/năm, ví dụ 05/07/2024.",

	"members.title":         "Hội viên",
	"members.lead":          "Tìm hội viên theo tên (gõ có dấu hay không dấu đều được), số CCCD hoặc số điện thoại.",
	"members.search":        "Tìm hội viên",
	"members.search_hint":   "Ví dụ: nguyen van an, 0905123456",
	"members.province":      "Tỉnh, thành phố",
	"members.all_provinces": "Tất cả tỉnh, thành phố",
	"members.commune":       "Xã, phường, đặc khu",
	"members.all_communes":  "Tất cả xã, phường trong phạm vi",
	"members.branch":        "Chi hội",
	"members.all_branches":  "Tất cả chi hội",
	"members.former":        "Gồm cả người đã ra hội",
	"members.order":         "Sắp xếp",
	"members.order_family":  "Theo họ (Nguyễn Văn An)",
	"members.order_given":   "Theo tên (An, Bình, Chi…)",
	"members.show":          "Tìm",
	"members.add":           "Thêm hội viên",
	"members.import":        "Nhập từ tệp",
	"members.export":        "Tải danh sách Excel",
	"members.orgs":          "Chi hội, tổ chức hội",
	"members.none":          "Không có hội viên nào khớp với điều kiện tìm.",
	"members.col_name":      "Họ và tên",
	"members.col_gender":    "Giới tính",
	"members.col_born":      "Năm sinh",
	"members.col_branch":    "Chi hội",
	"members.col_commune":   "Xã, phường",
	"members.col_joined":    "Ngày vào hội",
	"members.col_cccd":      "CCCD",
	"members.col_phone":     "Điện thoại",
	"members.left":          "Đã ra hội",
	"members.prev":          "‹ Trang trước",
	"members.next":          "Trang sau ›",
	"members.pick_commune":  "Chọn một xã, phường để thêm hội viên, xem chi hội hoặc nhập tệp của xã đó.",
	"members.done_added":    "Đã thêm hội viên.",
	"members.masked_note":   "Số CCCD và số điện thoại được che một phần; mở hồ sơ để xem đầy đủ (nếu bạn được phép).",
	"members.filters":       "Điều kiện tìm",
	"members.pages":         "Chuyển trang",

	"member.commune":           "Xã, phường",
	"member.facts":             "Thông tin hội viên",
	"member.back":              "‹ Danh sách hội viên",
	"member.reveal":            "Hiện thông tin cá nhân",
	"member.reveal_hint":       "Việc xem thông tin cá nhân đầy đủ được ghi vào nhật ký.",
	"member.revealed":          "Đang hiện đầy đủ thông tin cá nhân; lần xem này đã được ghi vào nhật ký.",
	"member.masked":            "Thông tin cá nhân đang được che.",
	"member.edit":              "Sửa hồ sơ",
	"member.edit_title":        "Sửa hồ sơ hội viên",
	"member.edit_save":         "Lưu thay đổi",
	"member.edit_hint":         "Để ghi ra hội hoặc chuyển chi hội, dùng các mục riêng bên dưới.",
	"member.leave":             "Ra hội",
	"member.leave_title":       "Ghi hội viên ra hội",
	"member.leave_submit":      "Ghi ra hội",
	"member.leave_reason_hint": "Ví dụ: chuyển nơi ở, tuổi cao, qua đời, xin thôi.",
	"member.transfer":          "Chuyển chi hội",
	"member.transfer_title":    "Chuyển sang chi hội khác",
	"member.transfer_to":       "Chuyển đến chi hội",
	"member.transfer_on":       "Từ ngày",
	"member.transfer_submit":   "Chuyển chi hội",
	"member.transfer_none":     "Xã này chưa có chi hội nào khác để chuyển đến.",
	"member.rejoin_title":      "Hội viên vào lại hội",
	"member.rejoin_on":         "Ngày vào lại",
	"member.rejoin_submit":     "Ghi vào lại hội",
	"member.done_rejoined":     "Đã ghi hội viên vào lại hội.",
	"member.erase":             "Xóa dữ liệu cá nhân",
	"member.erase_title":       "Xóa dữ liệu cá nhân theo yêu cầu của hội viên",
	"member.erase_text":        "Họ tên, CCCD, điện thoại, ngày sinh, địa chỉ, số thẻ được xóa khỏi hồ sơ và lịch sử; hồ sơ vẫn được giữ để số liệu các kỳ trước không đổi. Không hoàn tác được.",
	"member.erase_reason":      "Lý do xóa",
	"member.erase_confirm":     "Tôi xác nhận xóa dữ liệu cá nhân của hội viên này",
	"member.erase_submit":      "Xóa dữ liệu cá nhân",
	"member.own_data":          "Dữ liệu của tôi",
	"member.own_data_hint":     "Tải toàn bộ dữ liệu hệ thống lưu về hội viên này (tệp JSON) để trao cho hội viên khi họ yêu cầu. Việc tải được ghi vào nhật ký.",
	"member.own_data_submit":   "Tải dữ liệu của hội viên",
	"member.history":           "Lịch sử thay đổi",
	"member.history_to":        "thành",
	"member.history_none":      "Chưa có thay đổi nào.",
	"member.history_from":      "Từ ngày",
	"member.history_reason":    "Lý do",
	"member.history_by":        "bởi",
	"member.gender_none":       "— Không ghi —",
	"member.left_badge":        "Đã ra hội",
	"member.erased_badge":      "Đã xóa dữ liệu cá nhân",
	"member.done_edited":       "Đã lưu thay đổi.",
	"member.done_left":         "Đã ghi hội viên ra hội.",
	"member.done_transferred":  "Đã chuyển chi hội.",
	"member.done_erased":       "Đã xóa dữ liệu cá nhân của hội viên.",
	"member.done_added":        "Đã thêm hội viên.",
	"member.version_note":      "Nếu người khác sửa hồ sơ này trong lúc bạn đang sửa, hệ thống sẽ báo để bạn không ghi đè.",

	"member_new.title":        "Thêm hội viên",
	"member_new.lead":         "Điền thông tin hội viên mới. Ngày ghi theo dạng ngày/tháng/năm (05/07/2024).",
	"member_new.pick_commune": "Chọn xã, phường của hội viên",
	"member_new.go":           "Tiếp tục",
	"member_new.pick_branch":  "— Chọn chi hội —",
	"member_new.no_branch":    "Xã này chưa có chi hội nào. Hãy thêm chi hội trước.",
	"member_new.same_name_ok": "Tôi đã kiểm tra: đây là người khác, cùng họ tên và ngày sinh",
	"member_new.submit":       "Thêm hội viên",
	"member_new.cancel":       "Hủy",

	"mimport.title":           "Nhập danh sách hội viên",
	"mimport.lead":            "Nhập nhiều hội viên cùng lúc từ tệp Excel (XLSX) hoặc CSV theo mẫu. Hãy bấm Xem trước để kiểm tra; chưa có gì được ghi cho đến khi bấm Nhập.",
	"mimport.file":            "Tệp danh sách (XLSX hoặc CSV)",
	"mimport.file_hint":       "Dòng đầu là tiêu đề cột như tệp mẫu. Tối đa %d MB.",
	"mimport.on_duplicate":    "Khi một dòng trùng với hội viên đã có nhưng thông tin khác",
	"mimport.dup_refuse":      "Dừng lại và liệt kê để tôi xem",
	"mimport.dup_skip":        "Bỏ qua dòng đó, giữ hồ sơ đã có",
	"mimport.dup_update":      "Cập nhật hồ sơ đã có theo tệp",
	"mimport.create_branches": "Tự tạo chi hội chưa có trong hệ thống (theo tên ở cột Chi hội)",
	"mimport.pick":            "Chọn tệp…",
	"mimport.none":            "Chưa chọn tệp nào",
	"mimport.preview":         "Xem trước",
	"mimport.submit":          "Nhập",
	"mimport.uploading":       "Đang tải tệp lên…",
	"mimport.processing":      "Đang xử lý… xin đợi, tệp lớn có thể mất vài phút.",
	"mimport.done":            "Đã nhập tệp",
	"mimport.done_preview":    "Xem trước (chưa ghi gì), tệp",
	"mimport.preview_next":    "Nếu kết quả đúng như mong muốn, bấm Nhập để ghi.",
	"mimport.rows":            "Số dòng",
	"mimport.added":           "Thêm mới",
	"mimport.updated":         "Cập nhật",
	"mimport.unchanged":       "Giữ nguyên (đã có, không đổi)",
	"mimport.skipped":         "Bỏ qua",
	"mimport.matches":         "Dòng trùng với hội viên đã có",
	"mimport.created":         "Chi hội, tổ chức hội được tạo mới",
	"mimport.unread":          "Các cột không được đọc",
	"mimport.unread_hint":     "Tên các cột này không có trong mẫu, nên dữ liệu trong đó không được nhập. Nếu cột nào là thông tin của hội viên (ví dụ số điện thoại), hãy đặt lại tên cột theo mẫu rồi nhập lại.",
	"mimport.col_row":         "Dòng",
	"mimport.col_col":         "Cột",
	"mimport.col_reason":      "Lỗi",
	"mimport.col_name":        "Họ và tên",
	"mimport.col_match":       "Trùng với",
	"mimport.template":        "Tệp mẫu",
	"mimport.template_text":   "Tải tệp mẫu, điền mỗi hội viên một dòng rồi tải lên. Cột bắt buộc: Mã xã, Chi hội, Họ và tên, Ngày vào hội.",
	"mimport.template_xlsx":   "Tải mẫu Excel (XLSX)",
	"mimport.template_csv":    "Tải mẫu CSV",
	"mimport.rule":            "Nếu có dòng sai, cả tệp không được ghi; hãy sửa các dòng được nêu rồi tải lại. Nhập lại cùng một tệp không tạo hội viên trùng.",
	"mimport.fix":             "Hãy sửa các dòng sau trong tệp rồi tải lại:",
	"mimport.progress":        "Tiến độ tải lên",

	"orgs.title":           "Chi hội, tổ chức hội",
	"orgs.lead":            "Hội Khuyến học cơ sở của xã, các chi hội, phân hội và ban khuyến học trực thuộc.",
	"orgs.none":            "Xã này chưa có tổ chức hội nào trong hệ thống.",
	"orgs.col_parent":      "Trực thuộc",
	"orgs.col_place":       "Địa bàn",
	"orgs.col_founded":     "Thành lập",
	"orgs.col_dissolved":   "Giải thể",
	"orgs.members":         "Hội viên",
	"orgs.add":             "Thêm tổ chức hội",
	"orgs.kind":            "Loại tổ chức",
	"orgs.name":            "Tên",
	"orgs.name_hint":       "Ví dụ: Thôn 3, Trường Tiểu học Hòa Phú.",
	"orgs.parent":          "Trực thuộc",
	"orgs.parent_none":     "— Không (Hội Khuyến học cơ sở của xã) —",
	"orgs.parent_hint":     "Chi hội, ban khuyến học thuộc Hội cơ sở; phân hội thuộc một chi hội.",
	"orgs.place_kind":      "Loại địa bàn",
	"orgs.place_kind_hint": "Ví dụ: thôn, buôn, tổ dân phố, trường học, cơ quan, dòng họ.",
	"orgs.place":           "Tên địa bàn",
	"orgs.founded":         "Ngày thành lập",
	"orgs.add_submit":      "Thêm",
	"orgs.dissolve":        "Giải thể",
	"orgs.dissolve_on":     "Ngày giải thể",
	"orgs.dissolve_reason": "Lý do",
	"orgs.dissolve_submit": "Ghi giải thể",
	"orgs.done_added":      "Đã thêm tổ chức hội.",
	"orgs.done_dissolved":  "Đã ghi giải thể.",
	"orgs.active":          "Đang hoạt động",
}

// memberFieldHints are the hints under the fields of the member forms.
var memberFieldHints = map[string]string{
	"birth_date": "Ngày/tháng/năm (12/03/1960), hoặc chỉ năm sinh (1960).",
	"cccd":       "12 chữ số.",
	"phone":      "Ví dụ 0912345678.",
	"joined_on":  "Ngày/tháng/năm, ví dụ 05/07/2024.",
	"left_on":    "Ngày/tháng/năm, ví dụ 05/07/2024.",
	"consent":    "Ví dụ: đã ký phiếu đồng ý ngày 05/07/2024.",
}

// MemberFieldHint is the hint under a field of the member forms ("" for
// none).
func MemberFieldHint(field string) string { return memberFieldHints[field] }

// memberHistoryActions name the changes of a member's history.
var memberHistoryActions = map[string]string{
	"add":        "Thêm hội viên",
	"edit":       "Sửa hồ sơ",
	"leave":      "Ra hội",
	"rejoin":     "Vào lại hội",
	"transfer":   "Chuyển chi hội",
	"erase":      "Xóa dữ liệu cá nhân",
	"import":     "Cập nhật từ tệp nhập",
	"import-add": "Thêm từ tệp nhập",
}

// MemberHistoryAction names a change of a member's history.
func MemberHistoryAction(action string) string {
	if s, ok := memberHistoryActions[action]; ok {
		return s
	}
	return action
}

const (
	// MembersSummary counts a list (%s: members, %d: page, %d: pages).
	MembersSummary = "%s hội viên · trang %d/%d"
	// OrgDissolvedLabel names a dissolved unit in a list (%s: name, %s: day).
	OrgDissolvedLabel = "%s (giải thể %s)"
	// ErrMemberFormFaults heads a refused form (%d: how many fields).
	ErrMemberFormFaults = "Có %d ô chưa đúng; xem thông báo đỏ bên dưới mỗi ô."
	// ErrEraseConfirm asks for the confirmation box.
	ErrEraseConfirm = "hãy đánh dấu ô xác nhận trước khi xóa dữ liệu cá nhân"
	// ErrPickCommune asks to choose a commune first.
	ErrPickCommune = "hãy chọn một xã, phường trước"
	// ErrNoSuchMemberRef (%q: the path's id).
	ErrNoSuchMemberRef = "không tìm thấy hội viên %q"
	// ErrAPIBadNumber (%q: the value).
	ErrAPIBadNumber = "%q không phải số nguyên không âm"
	// ErrImportDuplicatesPage titles the duplicate rows on the import page
	// (%s: file, %d: how many).
	ErrImportDuplicatesPage = "Tệp %s có %d dòng trùng với hội viên đã có (hoặc với dòng khác trong tệp) nhưng thông tin khác. Chưa ghi gì. Hãy chọn Bỏ qua hoặc Cập nhật ở mục bên dưới rồi bấm lại."
	// ImportProgress is an import's stage (%s: the stage, vi.ProgressChecked
	// or ProgressWritten; %s: rows done; %s: rows in all).
	ImportProgress = "Đang xử lý… %s %s/%s dòng"
	// ImportMatchMember (%d: the member's id).
	ImportMatchMember = "hội viên số %d"
	// ImportMatchRow (%d: the earlier line).
	ImportMatchRow = "dòng %d của tệp"
	// ImportMatchByCCCD completes a match found by the CCCD.
	ImportMatchByCCCD = "(cùng số CCCD)"
)
