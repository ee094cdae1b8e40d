package vi

// Texts of a figure's history (the history command and page), and of the
// locking of concurrent writers.

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

func init() {
	for k, v := range historyUI {
		UI[k] = v
	}
}

// historyUI are the history page's texts, added to UI.
var historyUI = map[string]string{
	"history.title":       "Lịch sử số liệu",
	"history.link":        "Lịch sử",
	"history.link_label":  "Xem lịch sử số liệu",
	"history.own":         "Các lần ghi số liệu của chính đơn vị",
	"history.none":        "Chưa có thay đổi nào của số liệu này tại đơn vị.",
	"history.rolled_up":   "Số liệu của đơn vị là tổng các đơn vị trực thuộc khi đơn vị không có số liệu riêng.",
	"history.below":       "Thay đổi gần nhất ở các đơn vị trực thuộc",
	"history.below_count": "Hiển thị %d trên %d thay đổi.",
	"history.col_at":      HistoryColAt,
	"history.col_unit":    HistoryColUnit,
	"history.col_actor":   HistoryColActor,
	"history.col_old":     HistoryColOld,
	"history.col_new":     HistoryColNew,
	"history.col_through": HistoryColThrough,
	"history.back":        "Về báo cáo",
}
