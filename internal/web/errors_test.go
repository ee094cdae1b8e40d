package web_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

func TestUnknownAddressAndMethodAnswerInVietnamese(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		for _, c := range []struct {
			user, method, target string
			code                 int
			say                  []string
		}{
			{"xa", "GET", "/khong-co", 404, []string{"Không có trang nào ở địa chỉ này", `href="/report"`}},
			{"", "GET", "/khong-co", 404, []string{"Không có trang nào ở địa chỉ này"}},
			{"xa", "DELETE", "/report", 405, []string{"không nhận yêu cầu gửi theo cách DELETE"}},
			{"xa", "POST", "/static/app.css", 405, []string{"không nhận yêu cầu"}},
		} {
			rec := w.send(c.user, httptest.NewRequest(c.method, c.target, nil))
			body := rec.Body.String()
			if rec.Code != c.code {
				t.Errorf("%s %s: %d, want %d", c.method, c.target, rec.Code, c.code)
			}
			if strings.Contains(body, "page not found") || strings.Contains(body, "Method Not Allowed") {
				t.Errorf("%s %s answers in English: %.300s", c.method, c.target, body)
			}
			for _, s := range c.say {
				if !strings.Contains(body, s) {
					t.Errorf("%s %s: the answer lacks %q\n%.1500s", c.method, c.target, s, body)
				}
			}
			if c.code == 405 && rec.Header().Get("Allow") == "" {
				t.Errorf("%s %s: no Allow header", c.method, c.target)
			}
		}
	})
}
