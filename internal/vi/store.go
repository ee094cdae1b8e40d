package vi

// Texts of opening the database: missing files, a busy writer, init.
const (
	ErrNoDatabase    = "không có cơ sở dữ liệu %s: tệp này chưa tồn tại (gõ nhầm đường dẫn?). Để tạo cơ sở dữ liệu mới: khuyenhoc init --db %s"
	ErrDBIsDir       = "%s là một thư mục, không phải tệp cơ sở dữ liệu"
	ErrBusy          = "cơ sở dữ liệu đang bận: một lần nhập hoặc ghi dữ liệu khác đang chạy (đã chờ %s). Hãy thử lại sau khi việc đó xong"
	ErrBadBusyTime   = "thời gian chờ %q không hợp lệ (ví dụ: 30s, 2m)"
	ErrInitExists    = "cơ sở dữ liệu %s đã có dữ liệu (lược đồ phiên bản %d); init chỉ tạo cơ sở dữ liệu mới. Các lệnh khác tự nâng cấp cơ sở dữ liệu cũ"
	ErrInitNoMigrate = "init luôn tạo lược đồ; không dùng --no-migrate với init"
	InitDone         = "Đã tạo cơ sở dữ liệu %s (lược đồ phiên bản %d)."
	FlagBusyTimeout  = "thời gian tối đa chờ một lần ghi khác đang chạy xong (mặc định lấy từ KHUYENHOC_BUSY_TIMEOUT, nếu không thì 30s)"
	ErrReplicaSQLite = "bản sao chỉ đọc (--db-read) chỉ dùng với PostgreSQL; cơ sở dữ liệu SQLite không có bản sao"
	ErrBadReplicaURL = "địa chỉ bản sao chỉ đọc %q không hợp lệ (dạng đúng: postgres://…)"
	SummaryInit      = "tạo cơ sở dữ liệu mới (tệp SQLite hoặc lược đồ PostgreSQL trống)"
)

// Texts of the backup command and the operator's settings (serve).
const (
	ErrBackupPostgres = "khuyenhoc backup chỉ sao lưu cơ sở dữ liệu SQLite. Với PostgreSQL hãy dùng pg_dump (ví dụ: pg_dump -Fc -f khuyenhoc.dump 'postgres://…') hoặc sao lưu liên tục bằng lưu trữ WAL; xem docs/deploy.md"
	ErrBackupMemory   = "không sao lưu được cơ sở dữ liệu trong bộ nhớ (sqlite::memory:)"
	ErrBackupExists   = "tệp %s đã có; khuyenhoc backup không ghi đè một tệp. Hãy chọn tên khác hoặc xoá tệp cũ"
	ErrBackupArgs     = "cần đúng một tệp đích, ví dụ: khuyenhoc backup sao-luu-2026-11-30.db"
	SummaryBackup     = "sao lưu cơ sở dữ liệu SQLite vào một tệp khi máy chủ vẫn chạy (PostgreSQL: dùng pg_dump)"
	BackupDone        = "Đã sao lưu %s vào %s (%s, lược đồ phiên bản %d)."
)
