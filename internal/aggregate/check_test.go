package aggregate

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/tabular"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// A file checked as it streams gives the values that CheckRows gives for
// its parsed rows, in the file's order, a repeated equal row kept once.
func TestCheckStreamsTheValuesValidateGives(t *testing.T) {
	db := storetest.SQLite(t)
	tree, err := units.Cached(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	file := header +
		"2026H1,province,1,members.total,120\n" +
		"2026H1,province,01,population.total,8000\n" +
		"2026H1,nation,,members.total,900\n" +
		"2026H1,province,1,members.total,120\n" +
		"2025-07,commune,4,members.total,7\n" +
		"2026H1,province,1,population.total,8000\n"
	c, checked := checkStreamedAndParsed(t, tree, "a.csv", file)
	var got, want []Value
	for v := range checked.All() {
		want = append(want, v)
	}
	for v := range c.All() {
		got = append(got, v)
	}
	if c.Rows() != 6 || c.Len() != 4 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("rows %d, len %d:\n got %v\nwant %v", c.Rows(), c.Len(), got, want)
	}
	if got[3].Period != period.MustParse("2025-07") || got[3].Value != 7 || got[0].Indicator != "members.total" {
		t.Errorf("values = %v", got)
	}
	// Keep removes in place and keeps the order.
	c.Keep(func(v Value) bool { return v.Indicator != "members.total" })
	got = got[:0]
	for v := range c.All() {
		got = append(got, v)
	}
	if c.Len() != 1 || len(got) != 1 || got[0].Indicator != "population.total" || c.Rows() != 6 {
		t.Errorf("after Keep: len %d, %v", c.Len(), got)
	}
}

// Values across many blocks and groups come back as they went in, and
// Keep compacts them across block boundaries.
func TestCheckedHoldsManyValuesAcrossBlocks(t *testing.T) {
	base := indicator.Default.Base()
	var vals []Value
	for i := 0; i < 3*(1<<blockBits)+17; i++ {
		vals = append(vals, Value{UnitID: int64(1 + i/7), Period: period.Period{Kind: period.Month, Year: 2026, N: 1 + i%12},
			Indicator: base[i%len(base)].Code, Value: float64(i)})
	}
	c := Values(indicator.Default, vals)
	i := 0
	for v := range c.All() {
		if v != vals[i] {
			t.Fatalf("value %d = %v, want %v", i, v, vals[i])
		}
		i++
	}
	if i != len(vals) {
		t.Fatalf("%d values of %d", i, len(vals))
	}
	c.Keep(func(v Value) bool { return int(v.Value)%3 == 0 })
	i = 0
	for v := range c.All() {
		if v != vals[3*i] {
			t.Fatalf("kept value %d = %v, want %v", i, v, vals[3*i])
		}
		i++
	}
	if i != (len(vals)+2)/3 || c.Len() != i {
		t.Errorf("kept %d (Len %d) of %d", i, c.Len(), len(vals))
	}
}

// Every bad row of a streamed file is named, a disagreeing repeat with the
// row of the first value, and the list stops at tabular.MaxListed with a
// count of the rest.
func TestCheckNamesBadRowsUpToTheCap(t *testing.T) {
	db := storetest.SQLite(t)
	tree, err := units.Cached(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString(header)
	b.WriteString("2026H1,province,01,members.total,120\n")
	b.WriteString("2026H1,province,01,members.total,121\n")
	for i := 0; i < tabular.MaxListed+10; i++ {
		b.WriteString("2026H1,province,01,members.total,abc\n")
	}
	_, err = Check(strings.NewReader(b.String()), "x.csv", tree, indicator.Default, CheckOptions{})
	list, ok := errors.AsType[*apperr.List](err)
	if !ok || list.Code != apperr.Invalid || len(list.Items) != tabular.MaxListed+1 {
		t.Fatalf("err = %v", err)
	}
	if first := list.Items[0].Error(); !strings.Contains(first, "dòng 3") || !strings.Contains(first, "dòng 2") {
		t.Errorf("first fault = %q, want row 3 naming row 2", first)
	}
	if last := list.Items[len(list.Items)-1].Error(); !strings.Contains(last, "11") {
		t.Errorf("last item = %q, want the 11 faults not listed", last)
	}
}

// A value repeated in a later run of its unit and period (other units'
// rows between) is found as one in the same run is: a disagreeing one
// names the row of the first, an equal one is kept once, and a unit's own
// figure beside its total is no repeat.
func TestCheckFindsRepeatsAcrossRuns(t *testing.T) {
	tree, err := units.Cached(context.Background(), storetest.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	head := "period,level,code,indicator,value,basis\n"
	ok := head +
		"2026H1,province,01,members.total,120,\n" +
		"2026H1,province,01,members.total,7,own\n" +
		"2026H1,province,66,members.total,50,\n" +
		"2026H1,province,01,population.total,8000,\n" +
		"2026H1,province,01,members.total,120,\n" +
		"2026H1,province,66,members.total,50,\n"
	c, err := Check(strings.NewReader(ok), "a.csv", tree, indicator.Default, CheckOptions{})
	if err != nil || c.Rows() != 6 || c.Len() != 4 {
		t.Fatalf("rows %d, len %d: %v", c.Rows(), c.Len(), err)
	}
	bad := head +
		"2026H1,province,01,members.total,120,\n" +
		"2026H1,province,66,members.total,50,\n" +
		"2026H1,province,01,population.total,8000,\n" +
		"2026H1,province,01,members.total,121,\n"
	_, err = Check(strings.NewReader(bad), "b.csv", tree, indicator.Default, CheckOptions{})
	list, isList := errors.AsType[*apperr.List](err)
	if !isList || len(list.Items) != 1 || !strings.Contains(list.Items[0].Error(), "dòng 5") || !strings.Contains(list.Items[0].Error(), "dòng 2") {
		t.Fatalf("err = %v, want row 5 naming row 2", err)
	}
}

// A file of many of Check's batches (read on one goroutine, checked on
// another) gives every value in the file's order, and a bad row in a late
// batch is named by its line.
func TestCheckReadsAFileOfManyBatches(t *testing.T) {
	tree, err := units.Cached(context.Background(), storetest.SQLite(t))
	if err != nil {
		t.Fatal(err)
	}
	base := indicator.Default.Base()
	rows := 5*batchRows + 3
	var b strings.Builder
	b.WriteString(header)
	for i := range rows {
		fmt.Fprintf(&b, "2026-%02d,province,01,%s,%d\n", 1+i/len(base)%12, base[i%len(base)].Code, i%len(base))
	}
	file := b.String()
	c, want := checkStreamedAndParsed(t, tree, "many.csv", file)
	if c.Rows() != rows || c.Len() != want.Len() || valuesDigest(c) != valuesDigest(want) {
		t.Fatalf("rows %d of %d, %d values of %d, or other values", c.Rows(), rows, c.Len(), want.Len())
	}
	bad := file + "2026H1,province,01,members.total,abc\n"
	_, err = Check(strings.NewReader(bad), "bad.csv", tree, indicator.Default, CheckOptions{})
	list, ok := errors.AsType[*apperr.List](err)
	if !ok || len(list.Items) != 1 || !strings.Contains(list.Items[0].Error(), fmt.Sprintf("dòng %d", rows+2)) {
		t.Fatalf("err = %v, want row %d named", err, rows+2)
	}
}

// checkStreamedAndParsed checks file as it streams (Check) and, for
// comparison, parsed first (Parse, then CheckRows).
func checkStreamedAndParsed(t *testing.T, tree *units.Tree, name, file string) (streamed, parsed *Checked) {
	t.Helper()
	streamed, err := Check(strings.NewReader(file), name, tree, indicator.Default, CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	rows, err := Parse(strings.NewReader(file), name)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err = CheckRows(rows, name, tree, indicator.Default, CheckOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return streamed, parsed
}
