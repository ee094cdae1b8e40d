package cli_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// membersRun runs a command that must succeed.
func membersOK(t *testing.T, db *store.DB, args ...string) string {
	t.Helper()
	out, errOut, code := importsRun(t, db, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d\n%s%s", args, code, out, errOut)
	}
	return out
}

func TestAnOfficerImportsFixesFindsAndRecordsALeaving(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		membersOK(t, db, "orgs", "add", "--kind", "Hội Khuyến học cơ sở", "--name", "Hội Khuyến học phường Ba Đình", "--in", "commune:00004", "--founded", "01/07/2025")
		membersOK(t, db, "orgs", "add", "--kind", "chi hội", "--name", "Chi hội Tổ dân phố 1", "--parent", "1", "--founded", "01/07/2025")
		dir := t.TempDir()
		tmpl := filepath.Join(dir, "mau.csv")
		membersOK(t, db, "import", "members", "--template", tmpl)
		head, err := os.ReadFile(tmpl)
		if err != nil || !strings.HasPrefix(string(head), "Mã xã,Chi hội,Họ và tên,") {
			t.Fatalf("template: %q, %v", head, err)
		}
		bad := string(head) + "00004,Chi hội Tổ dân phố 1,Nguyễn Văn An,Nam,12/03/1960,00106001234,,,15/08/2025,,,,\n" +
			"00004,Chi hội Tổ dân phố 1,Trần Thị Bình,Nữ,1970,,,,01/09/2025,,,,\n"
		path := importsWrite(t, "hoi-vien.csv", bad)
		out, errOut, code := importsRun(t, db, "import", "members", path)
		if code != 1 || out != "" || !strings.Contains(errOut, "tệp hoi-vien.csv, dòng 2, cột Số CCCD: số CCCD phải có đúng 12 chữ số, ở đây có 11") {
			t.Fatalf("a bad file: exit %d, stdout %q, stderr %q", code, out, errOut)
		}
		if n := importsCount(t, db, "members"); n != 0 {
			t.Fatalf("%d members written from a bad file", n)
		}
		path = importsWrite(t, "hoi-vien.csv", strings.Replace(bad, "00106001234", "001060012345", 1))
		out = membersOK(t, db, "import", "members", path, "--dry-run")
		if !strings.Contains(out, "chạy thử") || !strings.Contains(out, "sẽ thêm 2") || importsCount(t, db, "members") != 0 {
			t.Fatalf("dry run: %q", out)
		}
		out = membersOK(t, db, "import", "members", path)
		if out != "hoi-vien.csv: 2 dòng; thêm 2, cập nhật 0, giữ nguyên 0, bỏ qua 0 hội viên\n" {
			t.Errorf("import: %q", out)
		}
		out = membersOK(t, db, "import", "members", path)
		if !strings.Contains(out, "thêm 0, cập nhật 0, giữ nguyên 2") {
			t.Errorf("the same file again: %q", out)
		}
		var found []map[string]any
		if err := json.Unmarshal([]byte(membersOK(t, db, "members", "find", "nguyen van an", "--format", "json")), &found); err != nil {
			t.Fatal(err)
		}
		if len(found) != 1 || found[0]["full_name"] != "Nguyễn Văn An" || found[0]["commune"] != "00004" || found[0]["branch"] != "Chi hội Tổ dân phố 1" {
			t.Fatalf("find: %v", found)
		}
		if strings.Contains(found[0]["cccd"].(string), "0600123") {
			t.Errorf("find shows the CCCD unmasked: %v", found[0]["cccd"])
		}
		id := string(mustJSON(t, found[0]["id"]))
		out = membersOK(t, db, "members", "leave", id, "--on", "01/02/2026", "--reason", "Chuyển nơi ở")
		if !strings.Contains(out, "ra hội từ ngày 01/02/2026") {
			t.Errorf("leave: %q", out)
		}
		if out := membersOK(t, db, "members", "find", "an"); !strings.Contains(out, "không có hội viên nào") {
			t.Errorf("a member who left is still listed: %q", out)
		}
		if out := membersOK(t, db, "members", "find", "an", "--all"); !strings.Contains(out, "ra hội 01/02/2026") {
			t.Errorf("--all: %q", out)
		}
		out = membersOK(t, db, "members", "show", id, "--reveal")
		if !strings.Contains(out, "001060012345") || !strings.Contains(out, "12/03/1960") {
			t.Errorf("show --reveal: %q", out)
		}
		if n := importsCount(t, db, "audit_log WHERE action = 'member.view'"); n != 1 {
			t.Errorf("%d view entries in the audit log, want 1", n)
		}
		xlsx := filepath.Join(dir, "hv.xlsx")
		if out := membersOK(t, db, "members", "export", "--in", "commune:00004", "-o", xlsx, "--all"); !strings.Contains(out, "đã xuất 2 hội viên") {
			t.Errorf("export: %q", out)
		}
		// An officer's own list: a phone column headed «SĐT» is read; a
		// notes column is named as not read.
		own := importsWrite(t, "ds-rieng.csv", "STT,Mã xã,Chi hội,Họ tên,Năm sinh,SĐT,Ngày vào hội,Ghi chú\n"+
			"1,00004,Chi hội Tổ dân phố 1,Lê Thị Cúc,1958,0912 345 678,01/10/2025,tổ trưởng\n")
		out = membersOK(t, db, "import", "members", own)
		if !strings.Contains(out, "thêm 1,") || !strings.Contains(out, "không đọc các cột: STT, Ghi chú (") {
			t.Errorf("an officer's own list: %q", out)
		}
		var phone string
		if err := db.QueryRow(context.Background(), "SELECT phone FROM members WHERE full_name = 'Lê Thị Cúc'").Scan(&phone); err != nil || phone != "0912345678" {
			t.Errorf("the phone of «SĐT»: %q, %v", phone, err)
		}
	})
}

func TestMemberCommandsAnswerBadArgumentsWithUsage(t *testing.T) {
	db := storetest.SQLite(t)
	for _, args := range [][]string{
		{"members", "show"},
		{"members", "show", "abc"},
		{"members", "leave", "1", "--on", "32/01/2026"},
		{"members", "export", "--in", "commune:00004"},
		{"import", "members", "--template"},
		{"import", "members", "a.csv", "--on-duplicate", "replace"},
		{"orgs", "add", "--kind", "branch"},
	} {
		_, errOut, code := importsRun(t, db, args...)
		if code == 0 || !strings.HasPrefix(errOut, "khuyenhoc: ") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
