package web_test

import (
	"net/http/httptest"
	"net/url"
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

// TestAddressWrittenWrongIsRefusedInWords: a unit or a period spelt wrong
// in a page's address, or a unit that does not exist, is refused in words
// — no LEVEL:CODE, no list of the period codes — while the API keeps the
// forms scripts write; a name typed into the report's address instead of
// a code is looked for as the picker would; a static file that does not
// exist answers the Vietnamese 404 page.
func TestAddressWrittenWrongIsRefusedInWords(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		for _, c := range []struct {
			what, user, target string
			code               int
			say                []string
		}{
			{"unknown province", "dl", "/units/province:99", 404, []string{"không có đơn vị mã 99 cấp tỉnh vào ngày"}},
			{"unknown commune", "dl", "/completeness?unit=commune:99999&period=2026H1", 404, []string{"không có đơn vị mã 99999 cấp xã vào ngày 30/06/2026"}},
			{"unit spelt wrong", "dl", "/units/tinh-66", 400, []string{"không nhận ra đơn vị «tinh-66» trong địa chỉ trang"}},
			{"scope spelt wrong", "dl", "/report.pdf?scope=66&period=2026H1", 400, []string{"không nhận ra đơn vị «66» trong địa chỉ trang"}},
			{"period spelt wrong", "dl", "/report?scope=province:66&period=2026-H1", 400, []string{"không nhận ra kỳ báo cáo «2026-H1» trong địa chỉ trang"}},
			{"period of a form spelt wrong", "xa", "/entry/" + w.dlComm + "/nam2026", 400, []string{"không nhận ra kỳ báo cáo «nam2026»"}},
			{"a name no unit has", "dl", "/report?scope=khong+co+dau&period=2026H1", 404, []string{"không tìm thấy đơn vị, cụm thi đua nào khớp với «khong co dau» trong phạm vi của bạn vào ngày 30/06/2026"}},
			{"static file", "dl", "/static/nope.css", 404, []string{"Không có trang nào ở địa chỉ này"}},
			{"static folder", "", "/static/vendor/", 404, []string{"Không có trang nào ở địa chỉ này"}},
		} {
			rec := w.get(c.user, c.target)
			wantStatus(t, c.what, rec, c.code, c.say...)
			body := rec.Body.String()
			for _, bad := range []string{"dạng đúng", "province:99", "commune:99999", "page not found"} {
				if strings.Contains(body, bad) {
					t.Errorf("%s: the page says %q:\n%.1500s", c.what, bad, body)
				}
			}
		}
		// A province's name in the address opens its report.
		rec := w.get("dl", "/report?scope="+url.QueryEscape("Đắk Lắk")+"&period=2026H1")
		if loc := rec.Header().Get("Location"); rec.Code != 303 || loc != "/report?period=2026H1&scope=province%3A66" {
			t.Errorf("Đắk Lắk in the address: %d to %q", rec.Code, loc)
		}
		// The API keeps the forms scripts write.
		dl := w.token("dl")
		wantStatus(t, "API, unit spelt wrong", w.apiGet(dl, "/api/v1/units/tinh-66"), 400, "dạng đúng: province:52")
		wantStatus(t, "API, unknown unit", w.apiGet(dl, "/api/v1/units/province:99"), 404, "không có đơn vị province:99")
		wantStatus(t, "API, period spelt wrong", w.apiGet(dl, "/api/v1/reports?scope=province:66&period=2026-H1"), 400, "dạng đúng: 2024, 2024H1")
	})
}
