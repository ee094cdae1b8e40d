package web_test

import (
	"context"
	"html"
	"net/http"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/models"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// TestACommuneImportsItsTitlesFromExcel: on /danh-hieu/nhap the commune's
// officer downloads the templates, previews a registrations file written
// with the template's Vietnamese headers and names (nothing written),
// imports it, fixes a file the page refuses by row and column (nothing
// written), and imports evaluations filled in on the set's template; an
// officer of another province cannot import for the commune.
func TestACommuneImportsItsTitlesFromExcel(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		ctx := context.Background()
		commune := w.tree.Get(w.dlCommID)
		registrations := func() int {
			var n int
			if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM model_registrations WHERE unit_id = ?", commune.ID).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}

		// The page, reached from the titles' list, with both templates.
		if b := w.get("xa", "/danh-hieu").Body.String(); !strings.Contains(b, `href="/danh-hieu/nhap"`) {
			t.Error("the titles' page has no link to the import")
		}
		page := html.UnescapeString(w.get("xa", "/danh-hieu/nhap").Body.String())
		for _, want := range []string{"Nhập đăng ký, kết quả chấm danh hiệu học tập", "Danh sách đăng ký", "Kết quả chấm điểm",
			"/danh-hieu/mau-dang-ky.xlsx", "Công dân học tập · Người dân ở xã, phường, đặc khu", "citizen-residents-2023@1"} {
			if !strings.Contains(page, want) {
				t.Errorf("the import page lacks %q", want)
			}
		}
		rec := w.get("xa", "/danh-hieu/mau-dang-ky.csv")
		if b := rec.Body.String(); rec.Code != http.StatusOK || !strings.HasPrefix(b, "\uFEFFMã xã,Danh hiệu,Năm,Tên") || !strings.Contains(b, "Gia đình học tập") {
			t.Errorf("registrations template: %d %.200q", rec.Code, b)
		}
		if rec := w.get("xa", "/danh-hieu/mau-dang-ky.xlsx"); rec.Code != http.StatusOK || !strings.HasPrefix(rec.Body.String(), "PK") {
			t.Errorf("registrations template (XLSX): %d", rec.Code)
		}
		if rec := w.get("xa", "/danh-hieu/mau-cham-diem?set=nothing@1"); rec.Code != http.StatusNotFound {
			t.Errorf("the template of a set that does not exist: %d", rec.Code)
		}

		file := "Mã xã,Danh hiệu,Năm,Tên,Nhóm đối tượng\n" +
			commune.Code + ",Gia đình học tập,2026,Hộ ông Y Một,\n" +
			commune.Code + ",Công dân học tập,2026,H'Hen Niê,\"Người dân ở xã, phường, đặc khu\"\n"
		rec = w.postFile("xa", "/danh-hieu/nhap", "dang-ky.csv", file, map[string]string{"kind": "registrations", "action": "preview"}, true)
		if b := html.UnescapeString(rec.Body.String()); rec.Code != http.StatusOK || !strings.Contains(b, "Xem trước (chưa ghi gì)") ||
			!strings.Contains(b, "Đăng ký mới: <strong>2</strong>") {
			t.Errorf("preview: %d %s", rec.Code, excerpt(b, "import-outcome"))
		}
		if n := registrations(); n != 0 {
			t.Fatalf("a preview registered %d", n)
		}
		rec = w.postFile("xa", "/danh-hieu/nhap", "dang-ky.csv", file, map[string]string{"kind": "registrations", "action": "import"}, true)
		if b := html.UnescapeString(rec.Body.String()); rec.Code != http.StatusOK || !strings.Contains(b, "Đã nhập tệp") {
			t.Errorf("import: %d %s", rec.Code, excerpt(b, "import-outcome"))
		}
		if n := registrations(); n != 2 {
			t.Fatalf("registered %d, want 2", n)
		}

		// A bad file: every fault by row and column, nothing written.
		bad := "Mã xã,Danh hiệu,Năm,Tên\n" + commune.Code + ",Gia dinh hoc tap,2026,Hộ bà Ba\n" + commune.Code + ",Gia đình văn hoá,2026,Hộ ông Tư\n"
		rec = w.postFile("xa", "/danh-hieu/nhap", "sai.csv", bad, map[string]string{"kind": "registrations", "action": "import"}, true)
		b := html.UnescapeString(rec.Body.String())
		if rec.Code != http.StatusBadRequest || !strings.Contains(b, `<td data-label="Dòng" class="num">3</td><td data-label="Cột">Danh hiệu</td>`) ||
			!strings.Contains(b, `danh hiệu "Gia đình văn hoá" không có`) {
			t.Errorf("a bad file: %d %s", rec.Code, excerpt(b, "import-outcome"))
		}
		if n := registrations(); n != 2 {
			t.Fatalf("a refused file changed the registrations to %d", n)
		}
		// Another province's officer: refused, nothing written.
		rec = w.postFile("gl", "/danh-hieu/nhap", "dang-ky.csv", "Mã xã,Danh hiệu,Năm,Tên\n"+commune.Code+",Dòng họ học tập,2026,Dòng họ Niê\n",
			map[string]string{"kind": "registrations", "action": "import"}, true)
		if rec.Code == http.StatusOK || registrations() != 2 {
			t.Errorf("another province's officer imports for the commune: %d, %d registrations", rec.Code, registrations())
		}
		// Without the session's token: refused.
		if rec := w.postFile("xa", "/danh-hieu/nhap", "dang-ky.csv", file, map[string]string{"kind": "registrations"}, false); rec.Code != http.StatusForbidden {
			t.Errorf("an import without the CSRF token: %d", rec.Code)
		}

		// Evaluations, filled in on the set's template.
		set, err := models.GetSet(ctx, db, "citizen-residents-2023")
		if err != nil {
			t.Fatal(err)
		}
		rec = w.get("xa", "/danh-hieu/mau-cham-diem?format=csv&set="+set.Ref())
		tmpl := strings.TrimPrefix(rec.Body.String(), "\uFEFF")
		if rec.Code != http.StatusOK || !strings.Contains(tmpl, "Chỉ số 1.1") || !strings.Contains(tmpl, "Bộ tiêu chí") {
			t.Fatalf("evaluations template: %d %.300q", rec.Code, tmpl)
		}
		filled := strings.Replace(tmpl, "00004,", commune.Code+",", 1)
		rec = w.postFile("xa", "/danh-hieu/nhap", "cham-diem.csv", filled, map[string]string{"kind": "evaluations", "action": "import"}, true)
		if b := html.UnescapeString(rec.Body.String()); rec.Code != http.StatusOK || !strings.Contains(b, "Được chấm điểm: <strong>1</strong>") {
			t.Errorf("evaluations import: %d %s", rec.Code, excerpt(b, "import-outcome"))
		}
		if n := registrations(); n != 3 {
			t.Errorf("after the evaluations %d registrations, want 3", n)
		}
	})
}

// excerpt is the part of a page from the element with the id on, for
// messages.
func excerpt(page, id string) string {
	if i := strings.Index(page, `id="`+id+`"`); i >= 0 {
		page = page[i:]
	}
	return page[:min(len(page), 1500)]
}
