package figures

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/tabular"
)

// A file read from a reader follows the approval rule as rows do: the
// province officer's commune row is official, the province's own row goes
// to its form; a dry run writes nothing.
func TestWriteReaderAppliesTheApprovalRuleAsItReads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		file := "period,level,code,indicator,value\n2026H1,commune,4,members.total,120\n2026H1,province,01,members.total,5000\n2026H1,commune,4,members.total,120\n"
		dry, err := WriteReader(ctx, db, f.tree, f.tinh, strings.NewReader(file), Options{Source: "a.csv", DryRun: true, Now: t0})
		if err != nil || dry.Rows != 3 || dry.Inserted != 1 || dry.Unchanged != 1 || len(dry.Drafts) != 1 {
			t.Fatalf("dry run = %+v, %v", dry, err)
		}
		if _, ok := f.stored(t, f.commune.ID); ok {
			t.Fatal("a dry run wrote the commune's value")
		}
		res, err := WriteReader(ctx, db, f.tree, f.tinh, strings.NewReader(file), Options{Source: "a.csv", SHA256: "abc", Now: t0})
		if err != nil || res.Rows != 3 || res.Inserted != 1 || len(res.Drafts) != 1 || res.Drafts[0].Unit.ID != f.hanoi.ID {
			t.Fatalf("result = %+v, %v", res, err)
		}
		if v, ok := f.stored(t, f.commune.ID); !ok || v != 120 {
			t.Errorf("commune's official value = %v %v", v, ok)
		}
		if _, ok := f.stored(t, f.hanoi.ID); ok {
			t.Error("the province's own row was written officially")
		}
		var sha string
		if err := db.QueryRow(ctx, "SELECT sha256 FROM imports ORDER BY id DESC LIMIT 1").Scan(&sha); err != nil || sha != "abc" {
			t.Errorf("recorded digest = %q %v", sha, err)
		}
	})
}

// A file of many rows outside the writer's scope is refused whole, naming
// the first tabular.MaxListed rows and counting the others, and naming the
// file's bad rows too.
func TestWriteReaderRefusesRowsOutsideTheScopeUpToTheCap(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		var b strings.Builder
		b.WriteString("period,level,code,indicator,value\n2026H1,commune,00004,members.total,abc\n")
		n := tabular.MaxListed + 5
		for i := 0; i < n; i++ {
			fmt.Fprintf(&b, "2026H1,province,79,members.total,%d\n", i)
		}
		_, err := WriteReader(ctx, db, f.tree, f.xa, strings.NewReader(b.String()), Options{Source: "d.csv", Now: t0})
		list, ok := errors.AsType[*apperr.List](err)
		// The listed rows outside the scope and a line counting the others;
		// then the file's own faults (row 2's bad value, and the rows that
		// repeat one key with other values), capped the same way.
		if !ok || list.Code != apperr.Forbidden || len(list.Items) < tabular.MaxListed+2 || len(list.Items) > 2*tabular.MaxListed+2 {
			t.Fatalf("%d items: %v", len(list.Items), err)
		}
		if more := list.Items[tabular.MaxListed].Error(); !strings.Contains(more, fmt.Sprint(n-tabular.MaxListed)) {
			t.Errorf("item %d should count the other rows outside the scope: %q", tabular.MaxListed, more)
		}
		if !strings.Contains(list.Title, fmt.Sprint(n)) || !strings.Contains(list.Items[0].Error(), "tệp d.csv, dòng 3") ||
			!strings.Contains(list.Items[0].Error(), "bạn không có quyền ghi số liệu của Thành phố Hồ Chí Minh (mã 79)") {
			t.Errorf("title %q, first item %q", list.Title, list.Items[0].Error())
		}
		if first := list.Items[tabular.MaxListed+1].Error(); !strings.Contains(first, "dòng 2,") || !strings.Contains(first, "value") {
			t.Errorf("the bad value of row 2 is not named first among the file's faults: %q", first)
		}
		var c int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM aggregate_values").Scan(&c); err != nil || c != 0 {
			t.Errorf("values after a refusal: %d %v", c, err)
		}
	})
}

// TestWriteReaderNamesBadRowsAndRowsOutsideTheScopeTogether: a file with
// bad rows and a row outside the writer's scope is refused once, naming
// every one of them, so that the officer corrects the file in one go (the
// upload page once named only the row outside the scope; the bad rows came
// to light only after it was fixed).
func TestWriteReaderNamesBadRowsAndRowsOutsideTheScopeTogether(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		file := "period,level,code,indicator,value\n" +
			"2026H1,commune,00004,members.total,abc\n" +
			"2026H1,commune,00004,members.totl,5\n" +
			"2026H1,province,79,members.total,5\n"
		_, err := WriteReader(ctx, db, f.tree, f.xa, strings.NewReader(file), Options{Source: "d.csv", Now: t0})
		list, ok := errors.AsType[*apperr.List](err)
		if !ok || list.Code != apperr.Forbidden || len(list.Items) != 3 {
			t.Fatalf("err = %v", err)
		}
		for i, want := range []string{"dòng 4", "dòng 2", "dòng 3"} {
			if got := list.Items[i].Error(); !strings.Contains(got, want) {
				t.Errorf("item %d = %q, want %s", i, got, want)
			}
		}
		if !strings.Contains(list.Title, "1 dòng thuộc đơn vị ngoài phạm vi") || !strings.Contains(list.Title, "2 dòng lỗi") {
			t.Errorf("title %q", list.Title)
		}
	})
}
