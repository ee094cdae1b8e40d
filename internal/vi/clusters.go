package vi

// Cluster membership with its validity and history (internal/cluster,
// internal/cli/imports.go, internal/web/clusters.go).
const (
	ErrClusterNotOn           = "không có cụm thi đua số %s vào ngày %s"
	ErrClusterBadFrom         = "ngày %q không hợp lệ (viết dd/mm/yyyy, ví dụ 01/07/2025, hoặc yyyy-mm-dd)"
	ErrClusterFromYear        = "ngày %s không thuộc năm %d của dòng"
	ErrClusterRemovals        = "tệp %s sẽ bỏ những thành phần cụm thi đua sau; chưa ghi dữ liệu nào"
	ClusterRemovesProvince    = "bỏ %s (mã %s) khỏi cụm %s «%s» từ %s đến %s"
	ClusterRemovesCluster     = "bỏ cụm %s «%s» năm %d: cụm không còn tỉnh, thành phố nào"
	ClusterReplaceHint        = "nếu đúng là muốn bỏ, hãy nhập lại với --replace; thành phần cũ vẫn được lưu và xem được theo ngày"
	ClusterRemovedSummary     = "đã bỏ (thành phần cũ vẫn được lưu):"
	AuditClustersDetail       = "nguồn %s: %d dòng, %d cụm thay đổi, %d thành phần bị bỏ"
	AuditActionImportClusters = "nhập thành phần cụm thi đua"
	FlagClustersReplace       = "cho phép bỏ tỉnh khỏi cụm hoặc bỏ cụm (thành phần cũ vẫn được lưu)"
	FlagClustersAt            = "ngày xem thành phần cụm (dd/mm/yyyy hoặc yyyy-mm-dd)"
	ErrClustersYearOrAt       = "cần --year NĂM hoặc --at NGÀY (không dùng cả hai)"
	ClusterTermWhole          = "cả năm"
	ClusterTermFromTo         = "từ %s đến %s"
	LabelClusterFrom          = "Từ ngày"
	LabelClusterTo            = "Đến ngày"
)

// More texts of the clusters listing.
const (
	ErrClusterNoneOn = "ngày %s không có cụm thi đua nào"
	LabelClusterTerm = "Thời gian"
)

// ErrClustersFileTooLarge refuses a clusters file over the page's bound.
const ErrClustersFileTooLarge = "tệp thành phần cụm quá lớn (tối đa %d KB)"

// ErrClustersForbidden refuses a clusters import by anyone but an admin of
// the nation or the local administrator.
const ErrClustersForbidden = "chỉ quản trị viên cấp Trung ương mới nhập được thành phần cụm thi đua"

// Texts of the clusters' history (clusters list --history) and of renames
// kept in the audit log.
const (
	AuditClusterRenamed  = "cụm %s năm %d đổi tên từ «%s» thành «%s»"
	FlagClustersHistory  = "liệt kê mọi thành phần đã lưu của năm, cả những thành phần đã bị thay, với lần nhập đã ghi và đã thay"
	ErrClustersHistoryAt = "--history đi với --year, không đi với --at"
	LabelClusterWritten  = "Ghi bởi"
	LabelClusterEnded    = "Bị thay bởi"
	ClusterImportRef     = "%s · %s · %s"
	ClusterCarriedOver   = "(có từ trước khi lưu lịch sử)"
	ClusterStillHolds    = "còn hiệu lực"
)
