package vi

// Texts of the operator's side of serve: readiness, metrics, settings.
const (
	ErrNotReadyDB       = "cơ sở dữ liệu không trả lời"
	ErrNotReadySchema   = "lược đồ cơ sở dữ liệu không khớp với phiên bản chương trình này (đang nâng cấp?)"
	ErrMetricsForbidden = "chỉ đọc được /metrics từ chính máy chủ (loopback, không qua proxy) hoặc với mã --metrics-token (Authorization: Bearer …)"
)

// The settings of serve (flags and environment variables) and what a bad
// value should have been.
const (
	FlagReadHeaderTimeout = "thời gian tối đa đọc phần đầu một yêu cầu"
	FlagReadTimeout       = "thời gian tối đa đọc cả một yêu cầu, kể cả tệp tải lên (0: không giới hạn)"
	FlagWriteTimeout      = "thời gian tối đa từ khi đọc xong phần đầu yêu cầu đến khi trả lời xong, kể cả một lần nhập lớn (0: không giới hạn)"
	FlagIdleTimeout       = "thời gian giữ một kết nối không hoạt động chờ yêu cầu tiếp theo (0: không giới hạn)"
	FlagShutdownTimeout   = "khi nhận SIGINT/SIGTERM: thời gian tối đa chờ các yêu cầu đang chạy xong rồi mới dừng"
	FlagDBMaxConns        = "số kết nối PostgreSQL tối đa của tiến trình này"
	FlagDBReaders         = "số kết nối đọc SQLite (bên cạnh một kết nối ghi)"
	FlagDBRead            = "địa chỉ một bản sao chỉ đọc của PostgreSQL (postgres://…); lặp lại cờ hoặc ngăn cách bằng dấu phẩy cho nhiều bản sao. Trang và báo cáo đọc từ bản sao, người vừa ghi đọc từ máy chủ chính cho đến khi bản sao theo kịp"
	FlagDBMaxReplicaLag   = "bản sao chậm hơn máy chủ chính quá thời gian này thì bị bỏ qua (đọc từ máy chủ chính)"
	FlagLogFormat         = "dạng nhật ký trên stderr: auto (JSON khi stderr không phải màn hình, chữ thường khi là màn hình), json, text"
	FlagAccessLog         = "ghi một dòng nhật ký cho mỗi yêu cầu (mã yêu cầu, tuyến, trạng thái, thời gian)"
	FlagTrustedProxies    = "các proxy ngược (IP hoặc dải CIDR, cách nhau bằng dấu phẩy) mà X-Forwarded-For của chúng được tin để biết địa chỉ người dùng (giới hạn đăng nhập, nhật ký kiểm toán)"
	FlagMetricsToken      = "mã cho phép đọc /metrics từ bất kỳ đâu (Authorization: Bearer MÃ); không đặt thì chỉ đọc được từ chính máy chủ"

	ErrBadSetting = "giá trị %q không hợp lệ cho --%s (biến môi trường %s): cần %s"
	WantAddr      = "một địa chỉ lắng nghe dạng máy:cổng, ví dụ :8080 hoặc 127.0.0.1:8080"
	WantDuration  = "một khoảng thời gian dương, ví dụ 30s, 5m, 1h"
	WantTimeout   = "một khoảng thời gian, ví dụ 30s, 5m, hoặc 0 để không giới hạn"
	WantCount     = "một số nguyên từ 1 đến 1000"
	WantBool      = "true hoặc false"
	WantLogFormat = "auto, json hoặc text"
	WantToken     = "một mã dài ít nhất 16 ký tự (hoặc để trống)"
	WantProxies   = "các địa chỉ IP hoặc dải CIDR cách nhau bằng dấu phẩy, ví dụ 127.0.0.1,10.0.0.0/8"
	WantReplicas  = "địa chỉ PostgreSQL dạng postgres://người-dùng@máy:cổng/cơ-sở-dữ-liệu, nhiều địa chỉ cách nhau bằng dấu phẩy"
)

// Texts of the migrate command.
const (
	SummaryMigrate = "nâng cấp lược đồ một cơ sở dữ liệu đã có lên phiên bản của chương trình (--no-migrate: chỉ kiểm tra)"
	MigrateDone    = "Cơ sở dữ liệu %s ở lược đồ phiên bản %d, khớp với chương trình."
)
