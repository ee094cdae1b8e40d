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
