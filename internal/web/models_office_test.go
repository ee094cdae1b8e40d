package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/models"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// TestTheBranchVerifiesAndTheCommuneRecognisesABatch: on /danh-hieu the
// commune's officer ticks two evaluated citizens, verifies them, then
// recognises them under one decision; the list shows each certificate's
// code and link, whose PDF prints and whose code verifies. A batch with a
// row not verified is refused whole, naming the row; a viewer has no
// forms, another province's officer does not see the commune.
func TestTheBranchVerifiesAndTheCommuneRecognisesABatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		ctx := context.Background()
		commune := w.tree.Get(w.dlCommID)
		by := auth.LocalAdmin("test")
		set, err := models.GetSet(ctx, db, "citizen-residents-2023")
		if err != nil {
			t.Fatal(err)
		}
		var answers []models.Answer
		for _, in := range set.Indicators() {
			answers = append(answers, models.Answer{Code: in.Code, Value: 9, Evidence: "biên bản"})
		}
		var ids []int64
		for _, name := range []string{"Nguyễn Thị Hoa", "Trần Văn Nam", "Lê Văn Chưa"} {
			r, err := models.Register(ctx, db, w.tree, by, models.NewRegistration{Title: models.Citizen, TargetGroup: models.GroupResidents,
				Year: 2026, CommuneID: commune.ID, Name: name}, writeNow)
			if err != nil {
				t.Fatal(err)
			}
			if name != "Lê Văn Chưa" {
				if _, err := models.Evaluate(ctx, db, w.tree, by, r.ID, "", answers, writeNow); err != nil {
					t.Fatal(err)
				}
			}
			ids = append(ids, r.ID)
		}
		page := "/danh-hieu?" + url.Values{"unit": {w.dlComm}, "year": {"2026"}}.Encode()
		body := html.UnescapeString(w.get("xa", "/danh-hieu").Body.String())
		for _, want := range []string{"Danh hiệu học tập", "Nguyễn Thị Hoa", "Đã chấm điểm", "90 — đạt", "Đã đăng ký",
			fmt.Sprintf(`name="id" value="%d"`, ids[0]), "Xác nhận các đăng ký đã chọn", "Công nhận các đăng ký đã chọn"} {
			if !strings.Contains(body, want) {
				t.Errorf("the commune's page lacks %q", want)
			}
		}
		if strings.Contains(body, fmt.Sprintf(`name="id" value="%d"`, ids[2])) {
			t.Error("a registration not evaluated can be ticked")
		}
		if b := w.get("viewer", page).Body.String(); !strings.Contains(b, "Nguyễn Thị Hoa") || strings.Contains(b, "Xác nhận các đăng ký đã chọn") {
			t.Error("a viewer sees no list, or the forms")
		}
		if rec := w.get("gl", page); rec.Code == http.StatusOK {
			t.Errorf("another province's officer reads the commune's titles: %d", rec.Code)
		}

		picked := url.Values{"id": {fmt.Sprint(ids[0]), fmt.Sprint(ids[1])}}
		// Recognising before the branch verified: refused whole.
		rec := w.post("xa", "/danh-hieu/cong-nhan?"+url.Values{"unit": {w.dlComm}, "year": {"2026"}}.Encode(),
			url.Values{"id": picked["id"], "decision": {"15/QĐ-UBND"}, "date": {"20/11/2026"}})
		if b := html.UnescapeString(rec.Body.String()); rec.Code != http.StatusConflict || !strings.Contains(b, "chưa được chi hội xác nhận") ||
			!strings.Contains(b, fmt.Sprintf(`value="%d" checked`, ids[0])) {
			t.Errorf("recognising before verifying: %d", rec.Code)
		}
		if n := countRows(t, db, "model_recognitions"); n != 0 {
			t.Fatalf("a refused batch wrote %d recognitions", n)
		}
		rec = w.post("xa", "/danh-hieu/xac-nhan?"+url.Values{"unit": {w.dlComm}, "year": {"2026"}}.Encode(), picked)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("verify: %d %s", rec.Code, rec.Body)
		}
		if b := html.UnescapeString(w.get("xa", rec.Header().Get("Location")).Body.String()); !strings.Contains(b, "Đã xác nhận 2 đăng ký") {
			t.Error("no notice of the verification")
		}
		rec = w.post("xa", "/danh-hieu/cong-nhan?"+url.Values{"unit": {w.dlComm}, "year": {"2026"}}.Encode(),
			url.Values{"id": picked["id"], "decision": {"15/QĐ-UBND"}, "date": {"31/12/2026"}})
		if rec.Code != http.StatusBadRequest || !strings.Contains(html.UnescapeString(rec.Body.String()), "31/12/2026") {
			t.Errorf("a decision dated in the future: %d", rec.Code)
		}
		rec = w.post("xa", "/danh-hieu/cong-nhan?"+url.Values{"unit": {w.dlComm}, "year": {"2026"}}.Encode(),
			url.Values{"id": picked["id"], "decision": {"15/QĐ-UBND"}, "date": {"20/11/2026"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("recognise: %d %s", rec.Code, rec.Body)
		}
		body = html.UnescapeString(w.get("xa", rec.Header().Get("Location")).Body.String())
		if !strings.Contains(body, "Đã công nhận 2 đăng ký theo quyết định 15/QĐ-UBND") {
			t.Error("no notice of the recognition")
		}
		var codes []string
		rows, err := db.Query(ctx, "SELECT code FROM model_recognitions ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var c string
			rows.Scan(&c)
			codes = append(codes, c)
		}
		rows.Close()
		if len(codes) != 2 {
			t.Fatalf("%d recognitions, want 2", len(codes))
		}
		for _, c := range codes {
			if !strings.Contains(body, `href="/giay-chung-nhan/`+c+`"`) {
				t.Errorf("no certificate link for %s", c)
			}
			pdf := w.get("", "/giay-chung-nhan/"+c)
			if pdf.Code != http.StatusOK || !strings.HasPrefix(pdf.Body.String(), "%PDF") {
				t.Errorf("certificate %s: %d", c, pdf.Code)
			}
			if v := html.UnescapeString(w.get("", "/xac-minh/"+c).Body.String()); !strings.Contains(v, "15/QĐ-UBND") || !strings.Contains(v, "hợp lệ") {
				t.Errorf("code %s does not verify", c)
			}
		}
	})
}
