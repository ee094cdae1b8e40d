package vi

// Texts of a figure's history (the history command and page; the page's
// labels are in UI).

// The history command.
const (
	HistorySummary      = "lịch sử một số liệu: khi nào, ai, giá trị cũ, giá trị mới, qua tệp nào hoặc phiếu nào"
	FlagIndicator       = "mã chỉ tiêu, ví dụ members.total"
	ErrHistoryArgs      = "cần --scope, --period và --indicator, ví dụ: khuyenhoc history --scope commune:00004 --period 2026H1 --indicator members.total"
	HistoryNone         = "Chưa có thay đổi nào của số liệu này."
	HistoryHeading      = "Lịch sử %s — %s — %s"
	HistoryBelowHdr     = "Thay đổi gần nhất ở các đơn vị trực thuộc (%d/%d):"
	ErrHistoryForbidden = "bạn không có quyền xem lịch sử số liệu của %s"
	ErrFiguresForbidden = "bạn không có quyền xem số liệu của %s"
)

// Column headers of the history, in the table and CSV formats and on the page.
const (
	HistoryColAt      = "Thời gian"
	HistoryColUnit    = "Đơn vị"
	HistoryColActor   = "Người thực hiện"
	HistoryColOld     = "Giá trị cũ"
	HistoryColNew     = "Giá trị mới"
	HistoryColThrough = "Qua"
)

// HistoryThrough says through what a value was written: kind and source
// of its import run ("entry" for an approved form, "aggregates" for a file
// or the API).
func HistoryThrough(kind, source string) string {
	switch {
	case kind == "entry":
		return "phiếu nhập liệu được duyệt (" + source + ")"
	case source == "api":
		return "API"
	case source == "":
		return "không rõ"
	}
	return "tệp " + source
}

// HistoryFirstValue stands in the old-value column for a figure's first value.
const HistoryFirstValue = "(giá trị đầu tiên)"
