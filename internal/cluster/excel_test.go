package cluster

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func TestParseReadsAFromDayThatExcelMadeADate(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetRow("Sheet1", "A1", &[]any{"year", "cluster", "name", "province", "from"})
	f.SetSheetRow("Sheet1", "A2", &[]any{2025, "1", "Cụm 1", "66", time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)})
	code := "dd/mm/yyyy"
	style, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
	f.SetCellStyle("Sheet1", "E2", "E2", style)
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	rows, err := Parse(bytes.NewReader(buf.Bytes()), "cum.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].From != "2025-07-01" || rows[0].Year != "2025" {
		t.Fatalf("rows %+v", rows)
	}
	if d, err := ParseDay(rows[0].From); err != nil || !d.Equal(time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("from %q reads as %v, %v", rows[0].From, d, err)
	}
}
