package models_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/models"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

func TestImportRegistrationsNamesEveryBadCellAndWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		file := "commune,title,year,name,cccd,target_group\n" +
			"00004,family,2026,Hộ ông A,,\n" +
			"99999,familly,20x6,,12,\n" +
			"00004,family,2026,Hộ  ông a,,\n" +
			"00004,citizen,2026,Lê Văn B,001090012345,nobody\n"
		_, err := models.ImportRegistrations(ctx, db, f.tree, f.xa, strings.NewReader(file), "dk.csv", "", false, t0)
		if apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("bad file: %v", err)
		}
		for _, want := range []string{"dòng 3, cột Mã xã", "dòng 3, cột Danh hiệu", "dòng 3, cột Năm", "dòng 3, cột Tên", "dòng 3, cột Số CCCD",
			"dòng 4, cột Tên: đối tượng này đã có ở dòng 2"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("the refusal does not name %q:\n%v", want, err)
			}
		}
		if n := count(t, db, "model_registrations"); n != 0 {
			t.Fatalf("a refused file registered %d", n)
		}
		// A fault found while registering (a target group that does not
		// exist) is named with its row, and nothing is written either.
		file = "commune,title,year,name,cccd,target_group\n00004,family,2026,Hộ ông A,,\n00004,citizen,2026,Lê Văn B,001090012345,nobody\n"
		if _, err := models.ImportRegistrations(ctx, db, f.tree, f.xa, strings.NewReader(file), "dk.csv", "", false, t0); err == nil || !strings.Contains(err.Error(), "dòng 3") {
			t.Errorf("an unknown target group: %v", err)
		}
		if n := count(t, db, "model_registrations"); n != 0 {
			t.Fatalf("a refused file registered %d", n)
		}
		// Outside the importer's scope: refused as such.
		if _, err := models.ImportRegistrations(ctx, db, f.tree, f.neighbour, strings.NewReader("commune,title,year,name\n00004,clan,2026,Dòng họ Lê\n"), "dk.csv", "", false, t0); apperr.CodeOf(err) != apperr.NotFound && apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("another commune's file: %v", err)
		}

		// The template imports as it is, and again changes nothing.
		var tmpl bytes.Buffer
		if err := models.WriteRegistrationTemplate(&tmpl, false); err != nil {
			t.Fatal(err)
		}
		dry, err := models.ImportRegistrations(ctx, db, f.tree, f.xa, bytes.NewReader(tmpl.Bytes()), "mau.csv", "", true, t0)
		if err != nil || dry.Registered != 6 || count(t, db, "model_registrations") != 0 {
			t.Fatalf("dry run: %+v %v", dry, err)
		}
		res, err := models.ImportRegistrations(ctx, db, f.tree, f.xa, bytes.NewReader(tmpl.Bytes()), "mau.csv", "", false, t0)
		if err != nil || res.Registered != 6 || res.Existing != 0 {
			t.Fatalf("import: %+v %v", res, err)
		}
		res, err = models.ImportRegistrations(ctx, db, f.tree, f.xa, bytes.NewReader(tmpl.Bytes()), "mau.csv", "", false, t0)
		if err != nil || res.Registered != 0 || res.Existing != 6 {
			t.Fatalf("again: %+v %v", res, err)
		}
		if got := f.value(t, f.hanoi, year2026, "models.family.registered"); got != 1 {
			t.Errorf("%v families registered, want 1", got)
		}
		list, err := models.ListRegistrations(ctx, db, f.tree, f.xa, f.commune.ID, 2026)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range list {
			if l.Title == models.Family && (len(l.Members) != 3 || l.People != 3) {
				t.Errorf("the household's members: %+v", l.Registration)
			}
		}
	})
}

// An officer's file names its columns as the template does, in Vietnamese,
// perhaps without diacritics, and writes titles and target groups by their
// Vietnamese names: it reads as the machine names do.
func TestImportRegistrationsReadsVietnameseHeadersAndNames(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		file := "Ma xa,DANH HIỆU,Năm,Tên,Nhom doi tuong,Số CCCD\n" +
			"00004,gia dinh hoc tap,2026,Hộ ông Cường,,\n" +
			"00004,Công dân học tập,2026,Lê Thị Dung,\"cong nhan, nguoi lao dong\",\n" +
			"00004,Dòng họ học tập,2026,Dòng họ Phạm,,\n"
		res, err := models.ImportRegistrations(ctx, db, f.tree, f.xa, strings.NewReader(file), "dk.csv", "", false, t0)
		if err != nil || res.Registered != 3 {
			t.Fatalf("import: %+v %v", res, err)
		}
		list, err := models.ListRegistrations(ctx, db, f.tree, f.xa, f.commune.ID, 2026)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, l := range list {
			got[l.Name] = string(l.Title) + "/" + l.TargetGroup
		}
		want := map[string]string{"Hộ ông Cường": "family/", "Lê Thị Dung": "citizen/workers", "Dòng họ Phạm": "clan/"}
		for name, w := range want {
			if got[name] != w {
				t.Errorf("%s registered as %q, want %q (all: %v)", name, got[name], w, got)
			}
		}
		// A missing column is named by its Vietnamese header.
		_, err = models.ImportRegistrations(ctx, db, f.tree, f.xa, strings.NewReader("Mã xã,Năm,Tên\n00004,2026,Hộ ông E\n"), "dk.csv", "", false, t0)
		if err == nil || !strings.Contains(err.Error(), "Danh hiệu") {
			t.Errorf("a file without its title column: %v", err)
		}
	})
}
