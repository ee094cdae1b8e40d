package registry

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// goodFile is a member file of Ba Đình with Vietnamese headers, in another
// order than the template's, with a column the import does not read.
const goodFile = `Họ và tên,Mã xã,Chi hội,Ngày sinh,Giới tính,Số CCCD,Số điện thoại,Ngày vào hội,Ghi chú
Nguyễn Văn An,00004,Chi hội Tổ dân phố 1,12/03/1960,Nam,001060012345,0912345678,15/08/2025,
Trần Thị Bình,00004,Chi hội Tổ dân phố 1,1970,Nữ,,,01/09/2025,không có CCCD
Lê Văn Cường,00004,chi hoi truong thcs ba dinh,05/05/1955,Nam,,0243 8251 234,10/09/2025,
`

func importText(t *testing.T, f *fixture, text string, opt ImportOptions) (ImportResult, error) {
	t.Helper()
	return ImportMembers(ctx, f.db, f.tree, f.xa, strings.NewReader(text), "hoi-vien.csv", "sum", opt, now)
}

func (f *fixture) members(t *testing.T) int {
	t.Helper()
	var n int
	if err := f.db.QueryRow(ctx, "SELECT COUNT(*) FROM members").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// faults lists the "where: message" lines of an import's error.
func faults(err error) string {
	var l *apperr.List
	if errors.As(err, &l) {
		var b strings.Builder
		for _, it := range l.Items {
			b.WriteString(it.Error())
			b.WriteByte('\n')
		}
		return b.String()
	}
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestImportAddsMembersAndAgainChangesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		dry, err := importText(t, f, goodFile, ImportOptions{DryRun: true})
		if err != nil {
			t.Fatal(faults(err))
		}
		if dry.Added != 3 || f.members(t) != 0 || f.audits(t, audit.ActionImportMembers) != 0 {
			t.Fatalf("dry run: %+v, %d members written", dry, f.members(t))
		}
		res, err := importText(t, f, goodFile, ImportOptions{})
		if err != nil {
			t.Fatal(faults(err))
		}
		if res.Rows != 3 || res.Added != 3 || f.members(t) != 3 {
			t.Fatalf("import: %+v", res)
		}
		if got := f.count(t, f.badinh, IndMembers, "2025-09-10"); got != 3 {
			t.Errorf("members counted after the import: %d, want 3", got)
		}
		p, _ := FindMembers(ctx, db, f.tree, f.xa, Query{Text: "cuong"})
		if len(p.Members) != 1 || p.Members[0].Branch != "Chi hội Trường THCS Ba Đình" {
			t.Errorf("the branch typed without diacritics: %+v", p.Members)
		}
		again, err := importText(t, f, goodFile, ImportOptions{})
		if err != nil {
			t.Fatal(faults(err))
		}
		if again.Added+again.Updated != 0 || again.Unchanged != 3 || f.members(t) != 3 || again.ImportID != 0 {
			t.Errorf("the same file again: %+v", again)
		}
		if f.count(t, f.badinh, IndMembers, "2025-09-10") != 3 {
			t.Error("the same file again changed the count")
		}
	})
}

func TestImportNamesEveryBadRowAndColumnAndWritesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		bad := `commune,branch,full_name,gender,birth_date,cccd,joined_on,left_on
00004,Chi hội Tổ dân phố 1,Nguyễn Văn An,Nam,12/03/1960,001060012345,15/08/2025,
00004,Chi hội Tổ dân phố 1,Phạm Văn Đức,Nam,12/03/1960,00106001234,15/08/2025,
00004,Chi hội Tổ dân phố 1,Hoàng Thị Em,Nữ,12/03/1960,001060012399,15/08/2025,
00004,Chi hội Tổ dân phố 1,Vũ Văn Giang,Nam,01/01/1970,,15/08/2025,01/08/2025
00004,Chi hội Tổ dân phố 1,Đỗ Thị Hạnh,Nữ,01/01/2031,,15/08/2025,
00004,Chi hội Tổ dân phố 1,Bùi Văn Ích,Nam,2015,,15/08/2025,
00004,Chi hội Không Có,Ngô Văn Khánh,Nam,1960,,15/08/2025,
00008,Chi hội Tổ dân phố 1,Lý Văn Long,Nam,1960,,15/08/2025,
99999,Chi hội Tổ dân phố 1,Mai Văn Minh,Nam,1960,,15/08/2025,
00004,Chi hội Tổ dân phố 1,Đinh Văn Nam,Nam,1960,,30/02/2025,
`
		_, err := importText(t, f, bad, ImportOptions{})
		if apperr.CodeOf(err) != apperr.Invalid {
			t.Fatalf("a file with bad rows: %v", err)
		}
		got := faults(err)
		for _, want := range []string{
			"dòng 3, cột Số CCCD",       // 11 digits
			"dòng 4, cột Số CCCD",       // a man's CCCD for a woman
			"dòng 5, cột Ngày ra hội",   // left before joined
			"dòng 6, cột Ngày sinh",     // born in the future
			"dòng 7, cột Ngày sinh",     // too young
			"dòng 9, cột Mã xã",         // a commune outside the scope
			"dòng 10, cột Mã xã",        // no such commune
			"dòng 11, cột Ngày vào hội", // 30 February
		} {
			if !strings.Contains(got, want) {
				t.Errorf("missing %q in:\n%s", want, got)
			}
		}
		if strings.Contains(got, "dòng 2,") {
			t.Errorf("a good row is named:\n%s", got)
		}
		if f.members(t) != 0 {
			t.Errorf("%d members written from a bad file", f.members(t))
		}
		// The branch is checked once the rows are good: an unknown branch
		// is named with its row, and nothing is written.
		_, err = importText(t, f, "commune,branch,full_name,joined_on\n00004,Chi hội Không Có,Ngô Văn Khánh,15/08/2025\n", ImportOptions{})
		if got := faults(err); !strings.Contains(got, "dòng 2, cột Chi hội") || !strings.Contains(got, "--create-branches") {
			t.Errorf("unknown branch: %s", got)
		}
		res, err := importText(t, f, "commune,branch,full_name,joined_on\n00004,Chi hội Không Có,Ngô Văn Khánh,15/08/2025\n", ImportOptions{CreateBranches: true})
		if err != nil || res.Added != 1 || len(res.CreatedBranches) != 1 {
			t.Errorf("with --create-branches: %+v, %v", res, err)
		}
		if got := f.count(t, f.badinh, IndBranches, "2026-06-30"); got != 3 {
			t.Errorf("branches after one was created by an import: %d, want 3", got)
		}
	})
}

func TestImportRefusesWrongHeadersAndOddWorkbooks(t *testing.T) {
	f := setup(t, storetest.SQLite(t))
	if _, err := importText(t, f, "xa,chi_hoi,ten\n00004,A,B\n", ImportOptions{}); err == nil || !strings.Contains(err.Error(), "thiếu cột Mã xã, Chi hội, Họ và tên") ||
		strings.Contains(err.Error(), "full_name") {
		t.Errorf("wrong headers: %v (want the missing columns by their headers in the template)", err)
	}
	book := func(edit func(x *excelize.File)) []byte {
		x := excelize.NewFile()
		for i, v := range []string{"commune", "branch", "full_name", "joined_on"} {
			cell, _ := excelize.CoordinatesToCellName(i+1, 1)
			x.SetCellValue("Sheet1", cell, v)
		}
		x.SetSheetRow("Sheet1", "A2", &[]any{"00004", "Chi hội Tổ dân phố 1", "Nguyễn Văn An", "15/08/2025"})
		x.SetSheetRow("Sheet1", "A3", &[]any{"00004", "Chi hội Tổ dân phố 1", "Trần Văn Bình", "15/08/2025"})
		edit(x)
		var b bytes.Buffer
		x.WriteTo(&b)
		return b.Bytes()
	}
	run := func(data []byte) error {
		_, err := ImportMembers(ctx, f.db, f.tree, f.xa, bytes.NewReader(data), "hoi-vien.xlsx", "sum", ImportOptions{}, now)
		return err
	}
	if err := run(book(func(x *excelize.File) {})); err != nil {
		t.Fatalf("a plain workbook: %v", faults(err))
	}
	merged := book(func(x *excelize.File) { x.MergeCell("Sheet1", "B2", "B3") })
	if err := run(merged); err == nil || !strings.Contains(faults(err), "gộp") {
		t.Errorf("merged cells: %v", faults(err))
	}
	two := book(func(x *excelize.File) { x.NewSheet("Sheet2"); x.SetCellValue("Sheet2", "A1", "x") })
	if err := run(two); err == nil {
		t.Error("a workbook of two sheets was read")
	}
}

func TestDuplicatesAreListedAndDecided(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		if _, err := importText(t, f, goodFile, ImportOptions{}); err != nil {
			t.Fatal(faults(err))
		}
		// An, with a new phone; Bình again without CCCD (same name, year,
		// commune); and a row that repeats another row of the file.
		changed := `commune,branch,full_name,gender,birth_date,cccd,phone,joined_on
00004,Chi hội Tổ dân phố 1,Nguyễn Văn An,Nam,12/03/1960,001060012345,0987654321,15/08/2025
00004,Chi hội Tổ dân phố 1,TRAN THI BINH,Nữ,1970,,0911111111,01/09/2025
00004,Chi hội Tổ dân phố 1,Phan Văn Sơn,Nam,1962,,,01/10/2025
00004,Chi hội Tổ dân phố 1,Phan Văn Sơn,Nam,1962,,0922222222,01/10/2025
`
		_, err := importText(t, f, changed, ImportOptions{})
		if apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("duplicates without a decision: %v", err)
		}
		got := faults(err)
		for _, want := range []string{"dòng 2: trùng với hội viên Nguyễn Văn An", "dòng 3: trùng với hội viên Trần Thị Bình", "dòng 5: trùng người với dòng 4"} {
			if !strings.Contains(got, want) {
				t.Errorf("missing %q in:\n%s", want, got)
			}
		}
		if f.members(t) != 3 {
			t.Error("a refused import wrote members")
		}
		res, err := importText(t, f, changed, ImportOptions{OnDuplicate: DuplicateSkip})
		if err != nil || res.Added != 1 || res.Updated != 0 || res.Skipped != 3 {
			t.Errorf("skip: %+v, %v", res, err)
		}
		res, err = importText(t, f, changed, ImportOptions{OnDuplicate: DuplicateUpdate})
		if err != nil || res.Updated != 3 || res.Added != 0 {
			t.Errorf("update: %+v, %v", res, faults(err))
		}
		p, _ := FindMembers(ctx, db, f.tree, f.local, Query{Text: "an"})
		full, _ := GetMember(ctx, db, f.tree, f.local, p.Members[0].ID, true, now)
		if full.Phone != "0987654321" {
			t.Errorf("An's phone after update: %q", full.Phone)
		}
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM registry_history WHERE action = 'import' AND import_id IS NOT NULL").Scan(&n)
		if n != 3 {
			t.Errorf("history of the updates: %d rows, want 3", n)
		}
		if f.members(t) != 4 {
			t.Errorf("%d members, want 4", f.members(t))
		}
	})
}

func TestTheTemplateComesBackThroughTheImport(t *testing.T) {
	f := setup(t, storetest.SQLite(t))
	for _, xlsx := range []bool{false, true} {
		var b bytes.Buffer
		if err := WriteTemplate(&b, xlsx); err != nil {
			t.Fatal(err)
		}
		// The empty template's header is read (every column known), and
		// the file is refused for having no rows, not for its header.
		_, err := ImportMembers(ctx, f.db, f.tree, f.xa, bytes.NewReader(b.Bytes()), "mau", "sum", ImportOptions{}, now)
		if err == nil || !strings.Contains(err.Error(), "chỉ có dòng tiêu đề") {
			t.Errorf("empty template (xlsx %v): %v", xlsx, err)
		}
	}
	if _, err := importText(t, f, goodFile, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	n, err := ExportMembers(ctx, f.db, f.tree, f.xa, f.badinh.ID, 0, false, &b, now)
	if err != nil || n != 3 {
		t.Fatalf("export: %d, %v", n, err)
	}
	res, err := ImportMembers(ctx, f.db, f.tree, f.xa, bytes.NewReader(b.Bytes()), "xuat.xlsx", "sum", ImportOptions{}, now)
	if err != nil || res.Unchanged != 3 {
		t.Errorf("the export imported again: %+v, %v", res, faults(err))
	}
}

func TestRebuiltIndexesMatchTheSchema(t *testing.T) {
	db := storetest.SQLite(t)
	got := map[string]string{}
	rows, err := db.Query(ctx, "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('members', 'member_spans') AND sql IS NOT NULL")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var name, sql string
		rows.Scan(&name, &sql)
		got[name] = sql
	}
	if len(got) != len(rebuiltIndexes) {
		t.Errorf("the schema has %d indexes on members and member_spans, rebuiltIndexes %d", len(got), len(rebuiltIndexes))
	}
	for _, ix := range rebuiltIndexes {
		if got[ix.name] != ix.sql {
			t.Errorf("index %s: schema %q, rebuiltIndexes %q", ix.name, got[ix.name], ix.sql)
		}
	}
}

func TestALargeExportHasEveryMemberOnceWithTheirData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		var file strings.Builder
		file.WriteString("commune,branch,full_name,gender,birth_date,cccd,joined_on\n")
		const n = 1234
		for i := range n {
			fmt.Fprintf(&file, "00004,Chi hội Tổ dân phố 1,Hội Viên %04d,Nam,1960,0010600%05d,01/09/2025\n", i, i)
		}
		if _, err := importText(t, f, file.String(), ImportOptions{}); err != nil {
			t.Fatal(faults(err))
		}
		p, err := FindMembers(ctx, db, f.tree, f.tinh, Query{UnitID: f.hanoi.ID, PerPage: 10, Page: 3})
		if err != nil || p.Total != n || len(p.Members) != 10 || p.Members[0].FullName != "Hội Viên 0020" {
			t.Fatalf("page 3 of the province: %d of %d, first %v, %v", len(p.Members), p.Total, p.Members, err)
		}
		var b bytes.Buffer
		got, err := ExportMembers(ctx, db, f.tree, f.tinh, f.hanoi.ID, 0, false, &b, now)
		if err != nil || got != n {
			t.Fatalf("export: %d, %v", got, err)
		}
		x, err := excelize.OpenReader(&b)
		if err != nil {
			t.Fatal(err)
		}
		rows, _ := x.GetRows(vi.MemberSheet)
		seen := map[string]bool{}
		for _, r := range rows[1:] {
			seen[r[5]] = true
		}
		if len(rows) != n+1 || len(seen) != n || !seen["001060000007"] {
			t.Errorf("%d rows, %d distinct CCCDs (unmasked for the province officer)", len(rows), len(seen))
		}
	})
}

func TestCodesAreTodaysUnlessTheFileSaysOtherwise(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		// Ba Đình's officer imports her list: 00004 is her ward today, though
		// the members joined long before the reform (when 00004 was Trúc Bạch).
		list := "commune,branch,full_name,joined_on\n00004,Chi hội Tổ dân phố 1,Phạm Văn Một,01/03/2015\n"
		res, err := importText(t, f, list, ImportOptions{})
		if err != nil || res.Added != 1 {
			t.Fatalf("a list of today's codes: %+v, %v", res, faults(err))
		}
		p, _ := FindMembers(ctx, db, f.tree, f.xa, Query{Text: "pham van mot"})
		if len(p.Members) != 1 || p.Members[0].CommuneID != f.badinh.ID || !p.Members[0].JoinedOn.Equal(d("2015-03-01")) {
			t.Errorf("the member: %+v", p.Members)
		}
		// The same code read on 30/06/2025 is Trúc Bạch (one of the wards
		// Ba Đình was formed from, so hers too), which has no such branch.
		_, err = importText(t, f, list, ImportOptions{CodesOn: d("2025-06-30")})
		if !strings.Contains(faults(err), "dòng 2, cột Chi hội") || !strings.Contains(faults(err), "Trúc Bạch") {
			t.Errorf("codes of 30/06/2025: %s", faults(err))
		}
	})
}

func TestTheHistoryOfAnImportedMemberNamesTheFile(t *testing.T) {
	f := setup(t, storetest.SQLite(t))
	if _, err := importText(t, f, goodFile, ImportOptions{}); err != nil {
		t.Fatal(faults(err))
	}
	p, _ := FindMembers(ctx, f.db, f.tree, f.xa, Query{Text: "nguyen van an"})
	h, err := MemberHistory(ctx, f.db, f.tree, f.xa, p.Members[0].ID, now)
	if err != nil || len(h) != 1 || h[0].Action != "import-add" || !strings.Contains(h[0].New, "hoi-vien.csv") || h[0].Actor != "xa@badinh.vn" {
		t.Errorf("history: %+v, %v", h, err)
	}
}

func TestTheTemplateSaysWhatGoesInEachColumn(t *testing.T) {
	var b bytes.Buffer
	if err := WriteTemplate(&b, true); err != nil {
		t.Fatal(err)
	}
	x, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := x.GetComments(vi.MemberSheet)
	if err != nil || len(cs) != len(TemplateColumns) {
		t.Fatalf("%d notes, want one per column: %v", len(cs), err)
	}
	for _, c := range cs {
		if c.Cell == "A1" && !strings.Contains(c.Paragraph[0].Text, "Bắt buộc") {
			t.Errorf("note of Mã xã: %q", c.Paragraph[0].Text)
		}
	}
}

// TestALargeImportBuildsTheIndexesAfterTheRows takes the path of a large
// import (the threshold lowered) on both databases: indexes dropped and
// built again, spans written from the rows, counts from the groups of
// joining and leaving days; the records, spans, counts and indexes are
// those the row-by-row path makes, and importing the file again changes
// nothing.
func TestALargeImportBuildsTheIndexesAfterTheRows(t *testing.T) {
	var file strings.Builder
	file.WriteString("commune,branch,full_name,birth_date,cccd,joined_on,left_on,left_reason\n")
	for i := range 30 {
		left, why := "", ""
		if i%3 == 0 {
			left, why = fmt.Sprintf("%02d/03/2026", 1+i%28), "Chuyển đi"
		}
		cccd := ""
		if i%2 == 0 {
			cccd = fmt.Sprintf("0010600%05d", i)
		}
		fmt.Fprintf(&file, "00004,Chi hội Tổ dân phố 1,Hội Viên %02d,01/01/1960,%s,%02d/09/2025,%s,%s\n", i, cccd, 1+i%28, left, why)
	}
	// Both paths drop and build the indexes: the stream, and the path that
	// reads the file first, which a last row naming An with other fields
	// (skipped) sends the import to after the stream wrote the 30 others.
	for _, c := range []struct {
		name, file string
		opt        ImportOptions
		streams    []bool
		skipped    int
	}{
		{"streamed", file.String(), ImportOptions{}, []bool{true}, 0},
		{"read first", file.String() + "00004,Chi hội Tổ dân phố 1,Nguyễn Văn An,12/03/1960,001060012345,15/08/2025,,\n",
			ImportOptions{OnDuplicate: DuplicateSkip}, []bool{false}, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			storetest.Each(t, func(t *testing.T, db *store.DB) {
				ends := watchStreams(t, 10)
				f := setup(t, db)
				f.addAn(t) // a member already there, not of the import
				var keyBefore string
				if db.Dialect == store.Postgres {
					keyBefore = spanKeyDef(t, db)
					if keyBefore != spanMemberKey.def {
						t.Errorf("the foreign key of member_spans to members as the migrations make it: %q, spanMemberKey %q", keyBefore, spanMemberKey.def)
					}
				}
				res, err := importText(t, f, c.file, c.opt)
				if err != nil || res.Added != 30 || res.Skipped != c.skipped {
					t.Fatalf("import: %+v, %v", res, faults(err))
				}
				if !slices.Equal(*ends, c.streams) {
					t.Errorf("streams %v, want %v", *ends, c.streams)
				}
				var spans, wrong int
				if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM member_spans s JOIN members m ON m.id = s.member_id WHERE m.import_id = ?", res.ImportID).Scan(&spans); err != nil {
					t.Fatal(err)
				}
				if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM member_spans s JOIN members m ON m.id = s.member_id WHERE m.import_id = ?
					AND (s.branch_id <> m.branch_id OR s.valid_from <> m.joined_on OR COALESCE(s.valid_to, '') <> COALESCE(`+db.Dialect.DayBefore("m.left_on")+`, ''))`,
					res.ImportID).Scan(&wrong); err != nil {
					t.Fatal(err)
				}
				if spans != 30 || wrong != 0 {
					t.Errorf("%d spans of the import, %d not the member's branch and days", spans, wrong)
				}
				var lastDay string
				if err := db.QueryRow(ctx, "SELECT s.valid_to FROM member_spans s JOIN members m ON m.id = s.member_id WHERE m.full_name = 'Hội Viên 03'").Scan(&lastDay); err != nil {
					t.Fatal(err)
				}
				if lastDay != "2026-03-03" {
					t.Errorf("the last day of a member who left on 04/03/2026: %q", lastDay)
				}
				// 10 of the 30 have left by 30/06/2026, and An was there before.
				if got := f.count(t, f.badinh, IndMembers, "2026-06-30"); got != 21 {
					t.Errorf("members counted on 30/06/2026: %d, want 21", got)
				}
				if got := f.count(t, f.badinh, IndMembers, "2025-09-15"); got != 18 {
					t.Errorf("members counted on 15/09/2025: %d, want 18", got)
				}
				var names []string
				q := "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('members', 'member_spans') AND sql IS NOT NULL"
				if db.Dialect == store.Postgres {
					q = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND tablename IN ('members', 'member_spans') AND indexname NOT LIKE '%pkey'"
				}
				rows, err := db.Query(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				for rows.Next() {
					var n string
					if err := rows.Scan(&n); err != nil {
						t.Fatal(err)
					}
					names = append(names, n)
				}
				rows.Close()
				if len(names) != len(rebuiltIndexes) {
					t.Errorf("indexes after the import: %v", names)
				}
				if db.Dialect == store.Postgres {
					// The foreign key set aside while the spans are written
					// is there again as it was.
					if def := spanKeyDef(t, db); def != keyBefore {
						t.Errorf("the foreign key of member_spans to members after the import: %q, before %q", def, keyBefore)
					}
				}
				p, _ := FindMembers(ctx, db, f.tree, f.xa, Query{Text: "hoi vien 1"})
				if p.Total != 7 { // 10–19 but 12, 15 and 18, who left
					t.Errorf("found %d by name after the import", p.Total)
				}
				again, err := importText(t, f, c.file, c.opt)
				if err != nil || again.Unchanged != 30 || again.Added != 0 || f.members(t) != 31 {
					t.Errorf("again: %+v, %v, %d members", again, faults(err), f.members(t))
				}
			})
		})
	}
}

// spanKeyDef is the definition of the foreign key spanMemberKey names,
// on PostgreSQL ("" if there is none).
func spanKeyDef(t *testing.T, db *store.DB) string {
	t.Helper()
	var def string
	err := db.QueryRow(ctx, `SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'member_spans'::regclass AND conname = ?`,
		spanMemberKey.name).Scan(&def)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		t.Fatal(err)
	}
	return def
}
