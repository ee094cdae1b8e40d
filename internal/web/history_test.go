package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// TestHistoryPageFromAFigure: the report page and the dashboard link each
// stored figure (not a ratio) to its history; the history shows who wrote
// the value, when (Vietnam time), through which file, and for a province
// the writes of its communes.
func TestHistoryPageFromAFigure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newPageWorld(t, db)
		link := "/history?" + url.Values{"indicator": {"members.total"}, "period": {"2026H2"}, "unit": {w.commA.Ref()}}.Encode()
		body := w.page("dlcomm", "/report?scope="+url.QueryEscape(w.commA.Ref())+"&period=2026H2", 200)
		mustContain(t, "report page", body, link)
		mustNotContain(t, "report page", body, "indicator=members.ratio")
		body = w.page("dlcomm", "/?unit="+url.QueryEscape(w.commA.Ref())+"&period=2026H2", 200)
		mustContain(t, "dashboard", body, link)

		body = w.page("dlcomm", link, 200)
		mustContain(t, "commune history", body, "Số hội viên", w.commA.FullName(), "01/02/2027 16:00", "test",
			"(giá trị đầu tiên)", "1.234", "tệp seed.csv")

		body = w.page("dl", "/history?unit=province:66&period=2026H2&indicator=members.total", 200)
		mustContain(t, "province history", body, "Chưa có thay đổi nào", w.commA.FullName(), w.commB.FullName(), "1.234", "2.000")
		mustNotContain(t, "province history", body, w.glComm.FullName())
	})
}

// TestHistoryPageRefusesUnitsOutsideTheScope: an officer of Gia Lai cannot
// read the history of a commune of Đắk Lắk, nor a commune viewer its
// province's; bad parameters are refused in Vietnamese.
func TestHistoryPageRefusesUnitsOutsideTheScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newPageWorld(t, db)
		for _, c := range []struct{ user, target string }{
			{"gl", "/history?unit=" + url.QueryEscape(w.commA.Ref()) + "&period=2026H2&indicator=members.total"},
			{"dlcomm", "/history?unit=province:66&period=2026H2&indicator=members.total"},
		} {
			rec := w.get(c.user, c.target)
			if rec.Code != 403 || !strings.Contains(rec.Body.String(), "không có quyền xem lịch sử") || strings.Contains(rec.Body.String(), "1.234") {
				t.Errorf("%s as %s: status %d\n%s", c.target, c.user, rec.Code, rec.Body)
			}
		}
		for _, target := range []string{
			"/history?unit=province:66&period=2026H2",
			"/history?unit=province:66&period=2026H9&indicator=members.total",
			"/history?unit=province:66&period=2026H2&indicator=members.ratio",
		} {
			if rec := w.get("dl", target); rec.Code != 400 {
				t.Errorf("%s: status %d, want 400\n%s", target, rec.Code, rec.Body)
			}
		}
	})
}
