package demo

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// provincesCSV holds the population and households of the demo's
// provinces, from the 2019 census (sources in README.md beside it).
//
//go:embed provinces.csv
var provincesCSV string

// Province is one row of provinces.csv: a province on one side of the
// reform with its population and households. For a new province the
// figures are the sum of its predecessors, listed in From.
type Province struct {
	New        bool // from 1 July 2025
	Code, Name string
	Population int64
	Households int64
	Basis      string   // census, census-population or sum
	From       []string // codes of the old provinces merged into a new one
}

// provinceData is provinces.csv, read once.
var provinceData = mustParseProvinces(provincesCSV)

// Provinces returns the rows of provinces.csv: first the old provinces,
// then the new ones, each by code.
func Provinces() []Province { return append([]Province(nil), provinceData...) }

// oldProvince returns the row of an old province, false if the file has
// none.
func oldProvince(code string) (Province, bool) {
	for _, p := range provinceData {
		if !p.New && p.Code == code {
			return p, true
		}
	}
	return Province{}, false
}

// mustParseProvinces reads provinces.csv; the file is part of the program,
// so a fault in it is a programming error, caught by the package's tests.
func mustParseProvinces(data string) []Province {
	ps, err := parseProvinces(data)
	if err != nil {
		panic("demo: provinces.csv: " + err.Error())
	}
	return ps
}

func parseProvinces(data string) ([]Province, error) {
	r := csv.NewReader(strings.NewReader(data))
	r.Comment = '#'
	rows, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	if len(rows) < 2 || strings.Join(rows[0], ",") != "side,code,name,population,households,basis,from" {
		return nil, fmt.Errorf("header %v", rows[:min(1, len(rows))])
	}
	var out []Province
	for i, row := range rows[1:] {
		p := Province{New: row[0] == "new", Code: row[1], Name: row[2], Basis: row[5], From: strings.Fields(row[6])}
		if row[0] != "old" && row[0] != "new" {
			return nil, fmt.Errorf("row %d: side %q", i+2, row[0])
		}
		if p.Population, err = strconv.ParseInt(row[3], 10, 64); err != nil || p.Population <= 0 {
			return nil, fmt.Errorf("row %d: population %q", i+2, row[3])
		}
		if p.Households, err = strconv.ParseInt(row[4], 10, 64); err != nil || p.Households <= 0 || p.Households > p.Population {
			return nil, fmt.Errorf("row %d: households %q", i+2, row[4])
		}
		out = append(out, p)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].New != out[j].New {
			return !out[i].New
		}
		return out[i].Code < out[j].Code
	})
	return out, nil
}
