package tabular

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/xuri/excelize/v2"
)

// benchRows is the size of the files the reading benchmarks read: a
// province's communes with every indicator for a few periods.
const benchRows = 100_000

func benchCSV(b *testing.B) []byte {
	var buf bytes.Buffer
	buf.WriteString("period,level,code,indicator,value\n")
	for i := 0; i < benchRows; i++ {
		fmt.Fprintf(&buf, "2025H2,commune,%05d,members.total,%d\n", i%10000, 1000+i)
	}
	return buf.Bytes()
}

func benchXLSX(b *testing.B) []byte {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	if err := sw.SetRow("A1", []any{"period", "level", "code", "indicator", "value"}); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < benchRows; i++ {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{"2025H2", "commune", fmt.Sprintf("%05d", i%10000), "members.total", 1000 + i}); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

var benchCols = []string{"period", "level", "code", "indicator", "value"}

// BenchmarkReadCSV reads a CSV file of benchRows rows.
func BenchmarkReadCSV(b *testing.B) {
	data := benchCSV(b)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		recs, err := Read(bytes.NewReader(data), "b.csv", benchCols)
		if err != nil || len(recs) != benchRows {
			b.Fatal(len(recs), err)
		}
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkReadXLSX reads an XLSX file of benchRows rows.
func BenchmarkReadXLSX(b *testing.B) {
	data := benchXLSX(b)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		recs, err := Read(bytes.NewReader(data), "b.xlsx", benchCols)
		if err != nil || len(recs) != benchRows {
			b.Fatal(len(recs), err)
		}
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
