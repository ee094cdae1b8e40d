package vi

// The approval rule: what a write of figures by a unit's own officer does
// (it fills the unit's data-entry form as a draft), and how official
// writes are recorded.
const (
	// FiguresDraftSaved tells a unit's own officer where their file or API
	// call went: the unit's name, the period, who approves it.
	FiguresDraftSaved = "đã lưu vào bản nháp biểu nhập số liệu của %s, %s; hãy gửi để %s duyệt"
	// FiguresDraftCounts follows FiguresDraftSaved on the upload page.
	FiguresDraftCounts = "%s ô mới, %s ô thay đổi, %s ô giữ nguyên trong bản nháp"
	// FiguresDraftLink is the link to the form on the upload page.
	FiguresDraftLink = "Mở biểu nhập số liệu để xem và gửi duyệt"
	// FiguresDraftDryRun replaces FiguresDraftSaved in a dry run.
	FiguresDraftDryRun = "chạy thử: sẽ lưu vào bản nháp biểu nhập số liệu của %s, %s (chưa ghi gì); sau đó hãy gửi để %s duyệt"

	// AuditDraftSource is the detail of the audit entries of a draft
	// filled from a file or an API call.
	AuditDraftSource = "bản nháp điền từ %s"
	// AuditOfficialAbove, AuditOfficialNation and AuditOfficialLocal say
	// by which right an import or API write changed official figures at
	// once, after the counts of AuditImportDetail.
	AuditOfficialAbove  = "ghi chính thức bởi cấp trên (phạm vi %s)"
	AuditOfficialNation = "ghi chính thức bởi quản trị toàn quốc"
	AuditOfficialLocal  = "ghi chính thức bởi quản trị cục bộ (dòng lệnh trên máy chủ)"
)

// ApproverOf names, for a message, who approves the form of a unit whose
// parent is at level (units.Level as text): "tỉnh" for a commune.
func ApproverOf(level string) string {
	switch level {
	case "nation":
		return "Trung ương Hội"
	case "province":
		return "tỉnh"
	case "district":
		return "huyện"
	case "commune":
		return "xã"
	}
	return "cấp trên"
}
