package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/models"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

func TestCitizenSelfAssessesAndACertificateVerifies(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Date(2026, 7, 3, 8, 0, 0, 0, time.UTC)
		h := testHandler(t, db, now)
		tree, err := units.Cached(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		commune, err := tree.Resolve(units.Commune, "00004", now)
		if err != nil {
			t.Fatal(err)
		}
		get := func(path string) *httptest.ResponseRecorder {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
			return rec
		}
		post := func(form url.Values) *httptest.ResponseRecorder {
			req := httptest.NewRequest("POST", "/cong-dan-hoc-tap", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", "http://example.com")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			return rec
		}
		wantStatus(t, "search", get("/cong-dan-hoc-tap?q=ba+dinh&group=residents"), http.StatusOK, "Ba Đình", fmt.Sprintf(`value="%d"`, commune.ID))
		wantStatus(t, "the form", get(fmt.Sprintf("/cong-dan-hoc-tap?commune=%d&group=residents", commune.ID)), http.StatusOK,
			"Năng lực tự học và học tập suốt đời", `name="v_3.3"`, `name="e_1.2"`)

		form := url.Values{"commune": {fmt.Sprint(commune.ID)}, "group": {"residents"}, "name": {"Nguyễn Thị Hoa"}, "cccd": {"001190012345"}}
		for _, c := range []string{"1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3"} {
			form.Set("v_"+c, "9")
		}
		form.Set("e_1.2", "Lớp tin học ở nhà văn hoá")
		form.Set("v_1.4", "4")
		form.Set("action", "preview")
		wantStatus(t, "preview", post(form), http.StatusOK, "Tổng điểm: 85/100", "chỉ số 1.4 được 4 điểm, cần ít nhất 5")
		form.Set("v_1.4", "9")
		form.Set("action", "submit")
		form.Set("cccd", "12345")
		wantStatus(t, "a bad CCCD", post(form), http.StatusBadRequest, "số CCCD không hợp lệ")
		form.Set("cccd", "001190012345")
		old := form.Get("commune")
		form.Set("commune", "1") // the nation, no commune
		wantStatus(t, "no commune", post(form), http.StatusBadRequest, "hãy chọn xã, phường")
		form.Set("commune", old)
		if n := countRows(t, db, "model_registrations"); n != 0 {
			t.Fatalf("refused submissions stored %d registrations", n)
		}
		rec := post(form)
		wantStatus(t, "submit", rec, http.StatusOK, "Đã gửi bản tự đánh giá", "Tổng điểm: 90/100", "Bạn đạt")
		for _, personal := range []string{"Nguyễn Thị Hoa", "001190012345"} {
			if strings.Contains(rec.Body.String(), personal) {
				t.Errorf("the answer shows %q back", personal)
			}
		}
		wantStatus(t, "again", post(form), http.StatusOK, "thay cho bản bạn gửi trước đó")
		if n := countRows(t, db, "model_registrations WHERE source = 'self'"); n != 1 {
			t.Errorf("%d self registrations, want 1", n)
		}

		// The branch verifies, the commune recognises; the code verifies.
		var id int64
		db.QueryRow(ctx, "SELECT id FROM model_registrations").Scan(&id)
		by := auth.LocalAdmin("canbo")
		if err := models.Verify(ctx, db, tree, by, []int64{id}, now); err != nil {
			t.Fatal(err)
		}
		recs, err := models.Recognise(ctx, db, tree, by, []int64{id}, models.Decision{Number: "21/QĐ-UBND", Date: now.AddDate(0, 0, -1)}, now)
		if err != nil {
			t.Fatal(err)
		}
		wantStatus(t, "verify", get("/xac-minh/"+strings.ToLower(recs[0].Code)), http.StatusOK, "Nguyễn Thị Hoa", "Công dân học tập", "21/QĐ-UBND", "hợp lệ")
		if strings.Contains(get("/xac-minh/"+recs[0].Code).Body.String(), "001190012345") {
			t.Error("the verification shows the CCCD")
		}
		wantStatus(t, "an unknown code", get("/xac-minh/ABCDEFGH"), http.StatusNotFound)
		if pdf := get("/giay-chung-nhan/" + recs[0].Code); pdf.Code != http.StatusOK || !strings.HasPrefix(pdf.Body.String(), "%PDF") {
			t.Errorf("certificate: %d %.40q", pdf.Code, pdf.Body)
		}
		wantStatus(t, "verified: no replacing", post(form), http.StatusConflict, "đã được chi hội xác nhận")

		// Past the limit of one address.
		form.Set("action", "preview")
		var last *httptest.ResponseRecorder
		for range 30 {
			last = post(form)
		}
		wantStatus(t, "too many", last, http.StatusTooManyRequests)
	})
}

func countRows(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSelfAssessmentLimitCountsAnIPv6ClientByItsNetwork: the page's limit
// of posts per address keys an address as the sign-in throttle does
// (auth.NetworkKey), so a client cannot pass it by rotating the addresses
// of its /64; another network still posts.
func TestSelfAssessmentLimitCountsAnIPv6ClientByItsNetwork(t *testing.T) {
	db := storetest.SQLite(t)
	h := testHandler(t, db, time.Date(2026, 7, 3, 8, 0, 0, 0, time.UTC))
	post := func(addr string) int {
		req := httptest.NewRequest("POST", "/cong-dan-hoc-tap", strings.NewReader(url.Values{"action": {"preview"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", "http://example.com")
		req.RemoteAddr = addr
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec.Code
	}
	for i := range 30 {
		if code := post(fmt.Sprintf("[2001:db8:1:2::%x]:4000", i+1)); code == http.StatusTooManyRequests {
			t.Fatalf("post %d refused", i+1)
		}
	}
	if code := post("[2001:db8:1:2::ffff]:4000"); code != http.StatusTooManyRequests {
		t.Errorf("the 31st post from the same /64: %d, want 429", code)
	}
	if code := post("[2001:db8:1:3::1]:4000"); code == http.StatusTooManyRequests {
		t.Error("another network is refused")
	}
}
