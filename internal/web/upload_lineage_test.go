package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// lineageSplit is an old commune split between new communes that all lie
// in one new province, with the users of that world who matter to it.
type lineageSplit struct {
	old     *units.Unit
	news    []*units.Unit
	admin   string // admin of the new communes' province
	officer string // officer of the same province
	other   string // admin of the other province
}

// findLineageSplit looks, in the provinces of the write world (66, then 52),
// for an old commune whose every successor is a partial link to a commune
// of that one province.
func findLineageSplit(t *testing.T, w *writeWorld) lineageSplit {
	t.Helper()
	at := units.Day(writeNow)
	for _, c := range []struct{ code, admin, officer, other string }{
		{"66", "dladmin", "dl", "gladmin"},
		{"52", "gladmin", "gl", "dladmin"},
	} {
		p, err := w.tree.Resolve(units.Province, c.code, at)
		if err != nil {
			t.Fatal(err)
		}
		inProvince := func(id int64) bool {
			for _, a := range w.tree.Ancestors(id) {
				if a.ID == p.ID {
					return true
				}
			}
			return false
		}
		for _, nc := range w.tree.Children(p.ID, at) {
			for _, pl := range w.tree.Predecessors(nc.ID) {
				if pl.Full {
					continue
				}
				succ := w.tree.Successors(pl.OldID)
				if len(succ) < 2 {
					continue
				}
				var news []*units.Unit
				for _, l := range succ {
					if l.Full || !inProvince(l.NewID) {
						news = nil
						break
					}
					news = append(news, w.tree.Get(l.NewID))
				}
				if news != nil {
					return lineageSplit{old: w.tree.Get(pl.OldID), news: news, admin: c.admin, officer: c.officer, other: c.other}
				}
			}
		}
	}
	t.Fatal("the seeded units have no split commune lying wholly in province 66 or 52")
	return lineageSplit{}
}

// csv is a lineage file giving each part of the split a population: 1000,
// 2000, … in the order of the successors.
func (s lineageSplit) csv() string {
	var b strings.Builder
	b.WriteString("old_code,new_code,population\n")
	for i, n := range s.news {
		fmt.Fprintf(&b, "%s,%s,%d\n", s.old.Code, n.Code, 1000*(i+1))
	}
	return b.String()
}

// uploadKind posts a file of a kind to /upload as user.
func (w *writeWorld) uploadKind(user, kind, name, content string, dryRun, csrf bool) *httptest.ResponseRecorder {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	if csrf {
		mw.WriteField("csrf", w.csrf[user])
	}
	if kind != "" {
		mw.WriteField("kind", kind)
	}
	if dryRun {
		mw.WriteField("dry_run", "1")
	}
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write([]byte(content))
	mw.Close()
	req := httptest.NewRequest("POST", "/upload", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return w.send(user, req)
}

// shares reads the stored share of each part of the split, -1 when unknown.
func (w *writeWorld) shares(s lineageSplit) []float64 {
	w.t.Helper()
	var out []float64
	for _, n := range s.news {
		var v *float64
		if err := w.db.QueryRow(context.Background(),
			"SELECT share FROM unit_lineage WHERE old_id = ? AND new_id = ? AND kind = 'partial'", s.old.ID, n.ID).Scan(&v); err != nil {
			w.t.Fatal(err)
		}
		if v == nil {
			out = append(out, -1)
		} else {
			out = append(out, *v)
		}
	}
	return out
}

// lineageImports counts the lineage imports and their history lines.
func (w *writeWorld) lineageImports() int {
	w.t.Helper()
	var n, h int
	ctx := context.Background()
	if err := w.db.QueryRow(ctx, "SELECT COUNT(*) FROM imports WHERE kind = 'lineage'").Scan(&n); err != nil {
		w.t.Fatal(err)
	}
	if err := w.db.QueryRow(ctx, "SELECT COUNT(*) FROM lineage_share_history").Scan(&h); err != nil {
		w.t.Fatal(err)
	}
	return n + h
}

func TestUploadLineageByTheProvinceAdminSetsTheShares(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		s := findLineageSplit(t, w)
		before := w.shares(s)
		audits := w.auditCount()

		wantStatus(t, "upload page", w.get(s.admin, "/upload"), 200, `name="kind"`, `value="lineage"`, "Dân số các phần của xã bị chia tách (01/07/2025)")

		// A dry run checks and counts, and writes nothing.
		n := fmt.Sprint(len(s.news))
		wantStatus(t, "dry run", w.uploadKind(s.admin, "lineage", "dan-so.csv", s.csv(), true, true), 200,
			"Chạy thử", "dan-so.csv", "Xã cũ bị chia", "Tỉ lệ thay đổi: <strong>"+n+"</strong>")
		if got := w.shares(s); fmt.Sprint(got) != fmt.Sprint(before) || w.lineageImports() != 0 || w.auditCount() != audits {
			t.Fatalf("a dry run wrote: shares %v (were %v), %d import lines, audit %d → %d", got, before, w.lineageImports(), audits, w.auditCount())
		}

		wantStatus(t, "upload", w.uploadKind(s.admin, "lineage", "dan-so.csv", s.csv(), false, true), 200,
			"Đã nhập dân số các phần", "Tỉ lệ thay đổi: <strong>"+n+"</strong>", "Tỉ lệ không đổi: <strong>0</strong>")
		total := 0
		for i := range s.news {
			total += 1000 * (i + 1)
		}
		for i, got := range w.shares(s) {
			want := float64(1000*(i+1)) / float64(total)
			if got < want-1e-9 || got > want+1e-9 {
				t.Errorf("share of %s → %s: %v, want %v", s.old.Code, s.news[i].Code, got, want)
			}
		}
		var via, actor string
		if err := db.QueryRow(context.Background(), "SELECT via, actor FROM audit_log WHERE action = ?", audit.ActionImportLineage).Scan(&via, &actor); err != nil {
			t.Fatalf("no audit entry of the lineage upload: %v", err)
		}
		if via != "page" || actor != s.admin+"@test.vn" {
			t.Errorf("audit entry via %q by %q, want page by %s@test.vn", via, actor, s.admin)
		}
		var importActor string
		if err := db.QueryRow(context.Background(), "SELECT actor FROM imports WHERE kind = 'lineage'").Scan(&importActor); err != nil || importActor != s.admin+"@test.vn" {
			t.Errorf("import actor %q (%v), want %s@test.vn", importActor, err, s.admin)
		}

		// The same file again changes nothing; a dry run now says so too.
		wantStatus(t, "again", w.uploadKind(s.admin, "lineage", "dan-so.csv", s.csv(), false, true), 200,
			"Tỉ lệ thay đổi: <strong>0</strong>", "Tỉ lệ không đổi: <strong>"+n+"</strong>")
		wantStatus(t, "dry run again", w.uploadKind(s.admin, "lineage", "dan-so.csv", s.csv(), true, true), 200,
			"Tỉ lệ thay đổi: <strong>0</strong>", "Tỉ lệ không đổi: <strong>"+n+"</strong>")
	})
}

func TestUploadLineageRefusesWhoMayNotAdministerTheNewCommunes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		s := findLineageSplit(t, w)
		before := w.shares(s)
		audits := w.auditCount()
		nothingWritten := func(what string) {
			t.Helper()
			if got := w.shares(s); fmt.Sprint(got) != fmt.Sprint(before) || w.lineageImports() != 0 || w.auditCount() != audits {
				t.Errorf("%s wrote: shares %v (were %v), %d import lines, audit %d → %d", what, got, before, w.lineageImports(), audits, w.auditCount())
			}
		}

		wantStatus(t, "officer", w.uploadKind(s.officer, "lineage", "dan-so.csv", s.csv(), false, true), 403,
			"dòng 2", s.news[0].Code)
		nothingWritten("an officer's upload")
		wantStatus(t, "officer dry run", w.uploadKind(s.officer, "lineage", "dan-so.csv", s.csv(), true, true), 403)
		nothingWritten("an officer's dry run")

		rec := w.uploadKind(s.other, "lineage", "dan-so.csv", s.csv(), false, true)
		if rec.Code != 403 && rec.Code != 404 {
			t.Errorf("admin of another province: status %d, want 403 or 404\n%.600s", rec.Code, rec.Body)
		}
		nothingWritten("another province's admin's upload")

		wantStatus(t, "viewer", w.uploadKind("viewer", "lineage", "dan-so.csv", s.csv(), false, true), 403)
		nothingWritten("a viewer's upload")

		wantStatus(t, "without CSRF", w.uploadKind(s.admin, "lineage", "dan-so.csv", s.csv(), false, false), 403)
		nothingWritten("an upload without CSRF")
	})
}

func TestUploadLineageRefusesBadFilesNamingTheRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		s := findLineageSplit(t, w)
		before := w.shares(s)
		audits := w.auditCount()

		bad := strings.Replace(s.csv(), ",2000\n", ",2.000\n", 1)
		wantStatus(t, "bad population", w.uploadKind(s.admin, "lineage", "sai.csv", bad, false, true), 400,
			"sai.csv", "dòng 3", "2.000")
		missing := strings.Join(strings.SplitN(s.csv(), "\n", 3)[:2], "\n") + "\n"
		wantStatus(t, "a missing part", w.uploadKind(s.admin, "lineage", "thieu.csv", missing, false, true), 400,
			"thieu.csv", "dòng 2", s.news[1].Code)
		wantStatus(t, "no header", w.uploadKind(s.admin, "lineage", "x.csv", "a,b\n1,2\n", false, true), 400, "x.csv")
		wantStatus(t, "an aggregates file as lineage", w.uploadKind(s.admin, "lineage", "so-lieu.csv",
			"period,level,code,indicator,value\n2026H2,commune,"+s.news[0].Code+",members.total,5\n", false, true), 400)
		wantStatus(t, "unknown kind", w.uploadKind(s.admin, "khac", "dan-so.csv", s.csv(), false, true), 400, "khac")
		if got := w.shares(s); fmt.Sprint(got) != fmt.Sprint(before) || w.lineageImports() != 0 || w.auditCount() != audits {
			t.Errorf("bad files wrote: shares %v (were %v), %d import lines, audit %d → %d", got, before, w.lineageImports(), audits, w.auditCount())
		}
	})
}
