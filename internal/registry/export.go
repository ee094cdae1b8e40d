package registry

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/document"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// templateHeader is the header row of the template and of exports: the
// Vietnamese headers, which an import reads back.
func templateHeader() []string {
	h := make([]string, len(TemplateColumns))
	for i, c := range TemplateColumns {
		h[i] = vi.MemberColumn(c)
	}
	return h
}

// WriteTemplate writes an empty member file, CSV or XLSX, with the header
// row and one example row in the XLSX (a comment row an import skips is not
// possible in CSV, so the CSV has the header only).
func WriteTemplate(w io.Writer, xlsx bool) error {
	if !xlsx {
		cw := csv.NewWriter(w)
		cw.Write(templateHeader())
		cw.Flush()
		return cw.Error()
	}
	return writeSheet(w, nil)
}

// writeSheet writes a workbook of one sheet, "Hội viên", in the template's
// layout: the header, then rows. Every column is text, so that Excel keeps
// the leading zero of a CCCD or a phone number and does not turn a date into
// a serial number.
func writeSheet(w io.Writer, rows [][]string) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := vi.MemberSheet
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
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
	last, _ := excelize.ColumnNumberToName(len(TemplateColumns))
	if err := f.SetColStyle(sheet, "A:"+last, text); err != nil {
		return err
	}
	widths := map[string]float64{ColCommune: 9, ColBranch: 22, ColFullName: 26, ColGender: 8, ColBirthDate: 12, ColCCCD: 15,
		ColPhone: 13, ColAddress: 30, ColJoinedOn: 12, ColLeftOn: 12, ColLeftReason: 20, ColCardNo: 12, ColConsent: 20}
	for i, c := range TemplateColumns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, widths[c]); err != nil {
			return err
		}
	}
	// Printed, the list fits the width of a landscape A4 page and repeats
	// its header on every page, as an officer's printout of a list does.
	if err := document.PrintLandscape(f, sheet, 1, 1, 0); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := sw.SetRow("A1", cells(templateHeader(), head), excelize.RowOpts{Height: 32}); err != nil {
		return err
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, cells(r, text)); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	if rows == nil {
		// The template: a note on each header cell says what goes there
		// (Excel and LibreOffice show it when the cell is pointed at).
		for i, c := range TemplateColumns {
			cell, _ := excelize.CoordinatesToCellName(i+1, 1)
			if err := f.AddComment(sheet, excelize.Comment{Cell: cell, Author: "khuyenhoc",
				Paragraph: []excelize.RichTextRun{{Text: vi.MemberColumnHint(c)}}}); err != nil {
				return err
			}
		}
	}
	_, err = f.WriteTo(w)
	return err
}

func cells(vals []string, style int) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		out[i] = excelize.Cell{StyleID: style, Value: v}
	}
	return out
}

// ExportMembers writes the members of a unit (a commune, province or the
// nation; optionally one branch; with those who left when withFormer) as
// an XLSX workbook in the template's layout, so that it can be corrected
// and imported again. Personal data is written in full only for a
// principal allowed to see it (a writer of the unit), masked otherwise;
// either way the export is recorded in the audit log. It returns how many
// members it wrote.
func ExportMembers(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, unitID, branchID int64, withFormer bool, w io.Writer, now time.Time) (int, error) {
	u := tree.Get(unitID)
	if err := by.Check(u, auth.NeedRead); err != nil {
		return 0, err
	}
	full := mayReveal(by, unitID)
	var (
		rows  [][]string
		batch []Member
	)
	flush := func() error {
		byID := map[int64]Member{}
		if full && len(batch) > 0 {
			ids := make([]int64, len(batch))
			for i, m := range batch {
				ids[i] = m.ID
			}
			var err error
			if byID, err = unmasked(ctx, db, ids); err != nil {
				return err
			}
		}
		for _, m := range batch {
			if x, ok := byID[m.ID]; ok {
				x.Branch = m.Branch
				m = x
			}
			rows = append(rows, exportRow(tree, m))
		}
		batch = batch[:0]
		return nil
	}
	err := eachMember(ctx, db, tree, by, Query{UnitID: unitID, BranchID: branchID, WithFormer: withFormer}, func(m Member) error {
		batch = append(batch, m)
		if len(batch) == MaxPerPage {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return 0, err
	}
	masked := vi.ExportMasked
	if full {
		masked = vi.ExportFull
	}
	err = db.Retry(ctx, func() error {
		return audit.Record(ctx, db, now, by.Actor(), audit.Entry{Action: audit.ActionMemberExport, UnitID: unitID,
			Detail: fmt.Sprintf(vi.AuditMemberExportDetail, u.FullName(), len(rows), masked)})
	})
	if err != nil {
		return 0, err
	}
	return len(rows), writeSheet(w, rows)
}

// unmasked reads members' personal fields (the caller has checked the
// right to them).
func unmasked(ctx context.Context, db *store.DB, ids []int64) (map[int64]Member, error) {
	out := map[int64]Member{}
	if len(ids) == 0 {
		return out, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := db.Query(ctx, "SELECT "+memberColumns+" FROM members WHERE id IN ("+store.Placeholders(len(ids))+")", args...)
	if err != nil {
		return nil, fmt.Errorf("registry: export: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		s, err := scanStored(rows)
		if err != nil {
			return nil, err
		}
		out[s.id] = s.member("")
	}
	return out, rows.Err()
}

// exportRow is a member as a row of the template.
func exportRow(tree *units.Tree, m Member) []string {
	code := ""
	if u := tree.Get(m.CommuneID); u != nil {
		code = u.Code
	}
	left := ""
	if !m.LeftOn.IsZero() {
		left = vi.Date(m.LeftOn)
	}
	vals := map[string]string{ColCommune: code, ColBranch: m.Branch, ColFullName: m.FullName, ColGender: m.Gender,
		ColBirthDate: m.BirthDate, ColCCCD: m.CCCD, ColPhone: m.Phone, ColAddress: m.Address, ColJoinedOn: vi.Date(m.JoinedOn),
		ColLeftOn: left, ColLeftReason: m.LeftReason, ColCardNo: m.CardNo, ColConsent: m.Consent}
	out := make([]string, len(TemplateColumns))
	for i, c := range TemplateColumns {
		out[i] = vals[c]
	}
	return out
}

// OwnData is everything the registry holds about one member, for them
// (the personal data protection law: a data subject's copy).
type OwnData struct {
	Member  Member
	History []Change
}

// Change is one line of a record's history.
type Change struct {
	At       time.Time
	Actor    string
	Action   string
	Old, New string // JSON of the fields
}

// MemberData gives a member's own data, unmasked, with its history, for the
// member on request: only a principal allowed to see it, and recorded as
// an export in the audit log.
func MemberData(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, id int64, now time.Time) (OwnData, error) {
	m, err := GetMember(ctx, db, tree, by, id, false, now)
	if err != nil {
		return OwnData{}, err
	}
	if !mayReveal(by, m.CommuneID) {
		return OwnData{}, apperr.New(apperr.Forbidden, vi.ErrMayNotReveal)
	}
	full, err := unmasked(ctx, db, []int64{id})
	if err != nil {
		return OwnData{}, err
	}
	out := OwnData{Member: full[id]}
	out.Member.Branch = m.Branch
	rows, err := db.Query(ctx, "SELECT changed_at, actor, action, old_fields, new_fields FROM registry_history WHERE record = 'member' AND record_id = ? ORDER BY id", id)
	if err != nil {
		return OwnData{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var c Change
		var at string
		if err := rows.Scan(&at, &c.Actor, &c.Action, &c.Old, &c.New); err != nil {
			return OwnData{}, err
		}
		c.At, _ = time.Parse(time.RFC3339, at)
		out.History = append(out.History, c)
	}
	if err := rows.Err(); err != nil {
		return OwnData{}, err
	}
	err = db.Retry(ctx, func() error {
		return audit.Record(ctx, db, now, by.Actor(), audit.Entry{Action: audit.ActionMemberExport, UnitID: m.CommuneID,
			Detail: fmt.Sprintf(vi.AuditMemberOwnDataDetail, id)})
	})
	return out, err
}

// IsXLSX tells by a file name whether a template is a workbook.
func IsXLSX(name string) bool { return strings.HasSuffix(strings.ToLower(name), ".xlsx") }
