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
		for _, want := range []string{"dòng 3, cột commune", "dòng 3, cột title", "dòng 3, cột year", "dòng 3, cột name", "dòng 3, cột cccd",
			"dòng 4, cột name: đối tượng này đã có ở dòng 2"} {
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
