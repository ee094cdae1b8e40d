package models

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/document"
	"github.com/khuyenhoc/khuyenhoc/internal/ingest"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/tabular"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// ActionImportRegistrations is a registrations file imported.
const ActionImportRegistrations = "import.registrations"

// The registrations file (docs/models.md): one row per subject registered
// for a title, the subject's columns of the evaluations file without the
// answers: commune, title, year and name required; target_group, cccd,
// people and members (a household's, names separated by ";") optional.
var (
	regRequired = []string{ColCommune, ColTitle, ColYear, ColName}
	regOptional = []string{ColTargetGroup, ColCCCD, ColPeople, ColMembers}
)

// RegistrationsResult says what a registrations import did: the rows
// read, the subjects registered, and those already registered for that
// year (left as they are, so that the same file imported again changes
// nothing).
type RegistrationsResult struct {
	Source     string
	Rows       int
	Registered int
	Existing   int
	DryRun     bool
}

// ImportRegistrations reads a registrations file (CSV or XLSX) and
// registers its subjects, all or nothing, with the rules of the member
// import: every row is checked first and every fault listed with its row
// and column (an unknown commune or title, a bad CCCD, a subject twice in
// the file); then, in one transaction, each subject not yet registered for
// the year is registered as Register does, with the same scope checks (a
// row outside the importer's scope refuses the file).
func ImportRegistrations(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, r io.Reader, source, sha string, dryRun bool, now time.Time) (RegistrationsResult, error) {
	res := RegistrationsResult{Source: source, DryRun: dryRun}
	recs, err := fileReader(regRequired, regOptional).Read(r, source, regRequired, regOptional...)
	if err != nil {
		return res, err
	}
	res.Rows = len(recs)
	col := map[string]int{}
	for i, c := range append(append([]string{}, regRequired...), regOptional...) {
		col[c] = i
	}
	probs := tabular.NewProblems(source)
	type row struct {
		line int
		reg  NewRegistration
	}
	var rows []row
	seen := map[string]int{}
	for _, rec := range recs {
		get := func(c string) string { return strings.TrimSpace(rec.Fields[col[c]]) }
		reg, ok := parseSubject(tree, get, func(c string, err error) { probs.Add(rec.Line, vi.ModelColumn(c), err) }, now)
		if !ok {
			continue
		}
		key := fmt.Sprintf("%s|%d|%d|%s", reg.Title, reg.Year, reg.CommuneID, subjectKey(tree, reg))
		if first, dup := seen[key]; dup {
			probs.Add(rec.Line, vi.ModelColumn(ColName), apperr.New(apperr.Invalid, vi.ErrRegistrationsTwice, first))
			continue
		}
		seen[key] = rec.Line
		rows = append(rows, row{rec.Line, reg})
	}
	if err := probs.Err(); err != nil {
		return res, err
	}
	err = db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			res.Registered, res.Existing = 0, 0
			faults := newRowFaults(source)
			var deltas []rollup.RecordDelta
			for _, row := range rows {
				id, err := findRegistration(ctx, tx, tree, row.reg)
				if err != nil {
					return err
				}
				if id != 0 {
					res.Existing++
					continue
				}
				_, d, err := register(ctx, tx, tree, by, row.reg, now)
				if err != nil {
					faults.add(row.line, err)
					continue
				}
				deltas = append(deltas, d...)
				res.Registered++
			}
			if err := faults.err(); err != nil {
				return err
			}
			if dryRun {
				return errDryRun
			}
			run := ingest.Run{Kind: "registrations", Source: source, SHA256: sha, Actor: by.Name(), Rows: res.Rows, Changed: res.Registered, At: now}
			if _, err := run.Record(ctx, tx); err != nil {
				return fmt.Errorf("import registrations: %w", err)
			}
			if err := audit.Record(ctx, tx, now, by.Actor(), audit.Entry{Action: ActionImportRegistrations,
				Detail: fmt.Sprintf("%s: %d", source, res.Registered)}); err != nil {
				return err
			}
			return rollup.ApplyRecords(ctx, tx, tree, deltas)
		})
	})
	if err == errDryRun {
		err = nil
	}
	return res, err
}

// ImportRegistrationsFile imports the registrations file at path.
func ImportRegistrationsFile(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, path string, dryRun bool, now time.Time) (RegistrationsResult, error) {
	return ingest.ReadFile(path, "", func(f io.Reader, source, sum string) (RegistrationsResult, error) {
		return ImportRegistrations(ctx, db, tree, by, f, source, sum, dryRun, now)
	})
}

// WriteRegistrationTemplate writes the registrations file's template: the
// header and an example row of each title, CSV or XLSX.
func WriteRegistrationTemplate(w io.Writer, xlsx bool) error {
	var head []string
	for _, c := range append(append([]string{}, regRequired...), regOptional...) {
		head = append(head, vi.ModelColumn(c))
	}
	rows := [][]string{head}
	for _, t := range Titles {
		ex := []string{"00004", t.Label(), "2026", vi.TemplateExampleName(string(t)), "", "", "", ""}
		switch t {
		case Family:
			ex[7] = vi.TemplateExampleMembers
		case Unit:
			ex[6] = "50"
		case CommunityCommune:
			ex[3] = ""
		case Citizen:
			ex[4] = vi.TargetGroup(GroupResidents)
		}
		rows = append(rows, ex)
	}
	if !xlsx {
		cw := csv.NewWriter(w)
		cw.WriteAll(rows)
		return cw.Error()
	}
	return writeTextSheet(w, rows)
}

// writeTextSheet writes rows to the first sheet of a workbook in the
// layout of the member template: every cell text (codes keep their leading
// zeros), the header bold on a shaded, frozen first row, each column as
// wide as its longest cell (within 8 to 40 characters), printed on
// landscape A4 with the header on every page.
func writeTextSheet(w io.Writer, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Sheet1"
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49})
	if err != nil {
		return err
	}
	head, err := f.NewStyle(&excelize.Style{NumFmt: 49, Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}})
	if err != nil {
		return err
	}
	last, _ := excelize.ColumnNumberToName(len(rows[0]))
	if err := f.SetColStyle(sheet, "A:"+last, text); err != nil {
		return err
	}
	for j := range rows[0] {
		width := 8
		for _, row := range rows {
			if j < len(row) {
				width = max(width, utf8.RuneCountInString(row[j])+2)
			}
		}
		col, _ := excelize.ColumnNumberToName(j + 1)
		if err := f.SetColWidth(sheet, col, col, float64(min(width, 40))); err != nil {
			return err
		}
	}
	for i, row := range rows {
		for j, v := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellStr(sheet, cell, v); err != nil {
				return err
			}
		}
	}
	if err := f.SetCellStyle(sheet, "A1", last+"1", head); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := document.PrintLandscape(f, sheet, 1, 1, 0); err != nil {
		return err
	}
	return f.Write(w)
}
