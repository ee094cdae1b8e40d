package tabular

import (
	"errors"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
)

func TestReadProjectsTheAskedColumnsInAnyOrderAndCase(t *testing.T) {
	in := "\ufeffGhi chú,B,a\r\nx,2,1\r\n\r\ny,4,3\r\n"
	recs, err := Read(strings.NewReader(in), "t.csv", []string{"a", "b"})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Line != 2 || recs[1].Line != 4 ||
		strings.Join(recs[0].Fields, ",") != "1,2" || strings.Join(recs[1].Fields, ",") != "3,4" {
		t.Errorf("records %+v", recs)
	}
}

func TestReadGivesOptionalColumnsAfterTheRequiredOnesEmptyWhenAbsent(t *testing.T) {
	for in, want := range map[string]string{
		"b,c,a\n2,3,1\n": "1,3,",
		"a,d\n1,4\n":     "1,,4",
	} {
		recs, err := Read(strings.NewReader(in), "t.csv", []string{"a"}, "c", "d")
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 1 || strings.Join(recs[0].Fields, ",") != want {
			t.Errorf("%q: records %+v, want fields %s", in, recs, want)
		}
	}
}

func TestReadNamesTheMissingColumn(t *testing.T) {
	_, err := Read(strings.NewReader("a,c\n1,2\n"), "t.csv", []string{"a", "b"})
	if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), "t.csv") || !strings.Contains(err.Error(), "b") {
		t.Errorf("missing column: %v", err)
	}
}

func TestProblemsCountRowsAndCapTheList(t *testing.T) {
	p := NewProblems("t.csv")
	if p.Err() != nil {
		t.Fatal("no problems, yet an error")
	}
	for i := 0; i < MaxListed+5; i++ {
		p.Add(i+2, "value", apperr.New(apperr.Invalid, "sai"))
	}
	p.Add(2, "period", apperr.New(apperr.Invalid, "sai nữa")) // a second fault on one line
	err := p.Err()
	var l *apperr.List
	if !errors.As(err, &l) || len(l.Items) != MaxListed+1 || !strings.Contains(l.Title, "1005") {
		t.Fatalf("list of %d items titled %q", len(l.Items), l.Title)
	}
	if !strings.Contains(l.Items[0].Error(), "t.csv, dòng 2, cột value") {
		t.Errorf("first item %q does not name file, row and column", l.Items[0])
	}
}

// TestHeadersTakeAColumnByNameOrLabel: a column is found by its machine
// name or its label as the fold compares them; any other header is left
// as it is (and read, if asked for, under that name).
func TestHeadersTakeAColumnByNameOrLabel(t *testing.T) {
	label := map[string]string{"full_name": "Họ và tên", "amount": "Số tiền"}
	fold := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	h := Headers([]string{"full_name", "amount"}, func(c string) string { return label[c] }, fold, func(c string) []string {
		if c == "amount" {
			return []string{"Thành tiền"}
		}
		return nil
	})
	for cell, want := range map[string]string{"full_name": "full_name", "FULL_NAME": "full_name", "họ  và tên": "full_name",
		"Số tiền": "amount", "so tien": "so tien", "ghi chú": "ghi chú", "THÀNH TIỀN": "amount"} {
		if got := h(cell); got != want {
			t.Errorf("%q: %q, want %q", cell, got, want)
		}
	}
	var unread []string
	rd := Reader{Limits: DefaultLimits, Header: h, Unread: func(hs []string) { unread = hs }}
	recs, err := rd.Read(strings.NewReader("STT,Số tiền,,Họ và tên, Ghi chú \n1,5,,An,x\n"), "t.csv", []string{"full_name", "amount"})
	if err != nil || len(recs) != 1 || strings.Join(recs[0].Fields, ",") != "An,5" {
		t.Errorf("read through the labels: %+v, %v", recs, err)
	}
	// The columns not read are told, as headed, blank headers left out.
	if strings.Join(unread, "|") != "STT|Ghi chú" {
		t.Errorf("unread: %q", unread)
	}
	unread = nil
	if _, err := rd.Read(strings.NewReader("Số tiền,Họ và tên\n5,An\n"), "t.csv", []string{"full_name", "amount"}); err != nil || unread != nil {
		t.Errorf("a file read whole: unread %q, %v", unread, err)
	}
}
