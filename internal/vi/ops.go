package vi

// Texts of the operator's side of serve: readiness, metrics, settings.
const (
	ErrNotReadyDB       = "cơ sở dữ liệu không trả lời"
	ErrNotReadySchema   = "lược đồ cơ sở dữ liệu không khớp với phiên bản chương trình này (đang nâng cấp?)"
	ErrMetricsForbidden = "chỉ đọc được /metrics từ chính máy chủ (loopback, không qua proxy) hoặc với mã --metrics-token (Authorization: Bearer …)"
)
