package cli_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/cli"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

var userNow = time.Date(2026, 3, 15, 10, 0, 0, 0, time.UTC)

// userRun runs one command against db with stdin and returns stdout,
// stderr and the exit status.
func userRun(t *testing.T, db *store.DB, stdin string, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := cli.Env{
		Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut,
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return userNow },
	}
	code := cli.Main(context.Background(), append(args, "--db", db.URL), env)
	return out.String(), errOut.String(), code
}

func userOK(t *testing.T, db *store.DB, stdin string, args ...string) string {
	t.Helper()
	out, errOut, code := userRun(t, db, stdin, args...)
	if code != 0 {
		t.Fatalf("%v: exit %d, stderr %q", args, code, errOut)
	}
	return out
}

func TestUserAddCreatesAdminWhoCanSignIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		out := userOK(t, db, "", "user", "add", "--email", "Admin@Hoi.vn", "--name", "Nguyễn Văn Quản", "--role", "admin", "--scope", "nation", "--password", "mật khẩu tạm")
		if !strings.Contains(out, "Đã thêm người dùng admin@hoi.vn") || !strings.Contains(out, "quản trị") {
			t.Fatalf("output %q", out)
		}
		// Without --password, the first line of standard input.
		out = userOK(t, db, "mật khẩu từ stdin\nthừa\n", "user", "add", "--email", "tinh66@hoi.vn", "--name", "Cán bộ Đắk Lắk", "--role", "officer", "--scope", "province:66")
		if !strings.Contains(out, "Tỉnh Đắk Lắk (province:66)") {
			t.Fatalf("output %q", out)
		}
		ctx := context.Background()
		u, err := auth.Authenticate(ctx, db, "tinh66@hoi.vn", "mật khẩu từ stdin", "", userNow)
		if err != nil {
			t.Fatal(err)
		}
		if u.Role != auth.Officer || !u.CreatedAt.Equal(userNow) {
			t.Fatalf("user %+v", u)
		}
		if _, err := auth.Authenticate(ctx, db, "admin@hoi.vn", "mật khẩu tạm", "", userNow); err != nil {
			t.Fatal(err)
		}
	})
}

func TestUserAddRejectsBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		userOK(t, db, "", "user", "add", "--email", "a@hoi.vn", "--name", "A", "--role", "viewer", "--scope", "nation", "--password", "12345678")
		for _, c := range []struct {
			name  string
			stdin string
			args  []string
			code  int
			want  string
		}{
			{"missing scope", "", []string{"--email", "b@hoi.vn", "--name", "B", "--role", "viewer", "--password", "12345678"}, 2, "cần --email, --name, --role và --scope"},
			{"bad role", "", []string{"--email", "b@hoi.vn", "--name", "B", "--role", "boss", "--scope", "nation", "--password", "12345678"}, 1, "vai trò"},
			{"old province", "", []string{"--email", "b@hoi.vn", "--name", "B", "--role", "viewer", "--scope", "province:54", "--password", "12345678"}, 1, "không có đơn vị province:54"},
			{"cluster", "", []string{"--email", "b@hoi.vn", "--name", "B", "--role", "viewer", "--scope", "cluster:6", "--password", "12345678"}, 1, "không hợp lệ"},
			{"short password", "", []string{"--email", "b@hoi.vn", "--name", "B", "--role", "viewer", "--scope", "nation", "--password", "ngắn"}, 1, "ít nhất 8 ký tự"},
			{"no password anywhere", "", []string{"--email", "b@hoi.vn", "--name", "B", "--role", "viewer", "--scope", "nation"}, 2, "cần mật khẩu"},
			{"duplicate", "", []string{"--email", "A@hoi.vn", "--name", "A2", "--role", "viewer", "--scope", "nation", "--password", "12345678"}, 1, "đã có người dùng"},
			{"bad email", "", []string{"--email", "a-at-hoi.vn", "--name", "B", "--role", "viewer", "--scope", "nation", "--password", "12345678"}, 1, "email"},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, errOut, code := userRun(t, db, c.stdin, append([]string{"user", "add"}, c.args...)...)
				if code != c.code || !strings.Contains(errOut, c.want) {
					t.Fatalf("exit %d, stderr %q; want %d and %q", code, errOut, c.code, c.want)
				}
			})
		}
		list, err := auth.ListUsers(context.Background(), db, auth.LocalAdmin(""))
		if err != nil || len(list) != 1 {
			t.Fatalf("%d users after bad input, %v", len(list), err)
		}
	})
}

func TestUserListPrintsEachFormat(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		userOK(t, db, "", "user", "add", "--email", "xa@hoi.vn", "--name", "Cán bộ xã", "--role", "officer", "--scope", "commune:22015", "--password", "12345678")
		userOK(t, db, "", "user", "add", "--email", "an@hoi.vn", "--name", "Trần An", "--role", "viewer", "--scope", "nation", "--password", "12345678")
		userOK(t, db, "", "user", "disable", "--email", "xa@hoi.vn")

		table := userOK(t, db, "", "user", "list")
		lines := strings.Split(strings.TrimRight(table, "\n"), "\n")
		if len(lines) != 3 || !strings.Contains(lines[0], "Vai trò") || !strings.HasPrefix(lines[1], "an@hoi.vn") {
			t.Fatalf("table:\n%s", table)
		}
		if !strings.Contains(lines[2], "Phường Tuy Hòa (commune:22015)") || !strings.Contains(lines[2], "đã khóa") || !strings.Contains(lines[2], "15/03/2026") {
			t.Fatalf("row %q", lines[2])
		}

		recs, err := csv.NewReader(strings.NewReader(userOK(t, db, "", "user", "list", "--format", "csv"))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != 3 || strings.Join(recs[0], ",") != "email,name,role,scope,scope_name,disabled,created_at" ||
			strings.Join(recs[2], ",") != "xa@hoi.vn,Cán bộ xã,officer,commune:22015,Phường Tuy Hòa,true,2026-03-15T17:00:00+07:00" {
			t.Fatalf("csv %v", recs)
		}

		var js []map[string]any
		if err := json.Unmarshal([]byte(userOK(t, db, "", "user", "list", "--format", "json")), &js); err != nil {
			t.Fatal(err)
		}
		if len(js) != 2 || js[0]["scope"] != "nation" || js[1]["disabled"] != true || js[0]["role"] != "viewer" {
			t.Fatalf("json %v", js)
		}
		if _, errOut, code := userRun(t, db, "", "user", "list", "--format", "xml"); code != 2 || errOut == "" {
			t.Fatalf("bad format: exit %d", code)
		}
	})
}

func TestUserPasswdAndDisable(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		userOK(t, db, "", "user", "add", "--email", "binh@hoi.vn", "--name", "Bình", "--role", "officer", "--scope", "province:66", "--password", "mật khẩu cũ")
		created := strings.Split(strings.TrimSpace(userOK(t, db, "", "token", "create", "--user", "binh@hoi.vn", "--name", "nhập số liệu")), "\n")
		token := created[len(created)-1]
		if _, err := auth.UserFromToken(ctx, db, token, userNow); err != nil {
			t.Fatal(err)
		}
		out := userOK(t, db, "mật khẩu mới\n", "user", "passwd", "--email", "BINH@hoi.vn")
		if !strings.Contains(out, "Đã đặt lại mật khẩu cho binh@hoi.vn") || !strings.Contains(out, "1 mã truy cập API đã bị thu hồi") {
			t.Fatalf("output %q", out)
		}
		if _, err := auth.Authenticate(ctx, db, "binh@hoi.vn", "mật khẩu mới", "", userNow); err != nil {
			t.Fatal(err)
		}
		if _, err := auth.UserFromToken(ctx, db, token, userNow); apperr.CodeOf(err) != apperr.Unauthorized {
			t.Fatalf("the token survived the new password: %v", err)
		}
		_, errOut, code := userRun(t, db, "", "user", "passwd", "--email", "khongco@hoi.vn", "--password", "12345678")
		if code != 1 || !strings.Contains(errOut, "không có người dùng khongco@hoi.vn") {
			t.Fatalf("unknown user: exit %d, %q", code, errOut)
		}
		if _, _, code := userRun(t, db, "", "user", "passwd", "--password", "12345678"); code != 2 {
			t.Fatalf("passwd without --email: exit %d", code)
		}

		out = userOK(t, db, "", "user", "disable", "--email", "binh@hoi.vn")
		if !strings.Contains(out, "Đã khóa người dùng binh@hoi.vn") {
			t.Fatalf("output %q", out)
		}
		_, err := auth.Authenticate(ctx, db, "binh@hoi.vn", "mật khẩu mới", "", userNow)
		if apperr.CodeOf(err) != apperr.Unauthorized {
			t.Fatalf("disabled user signs in: %v", err)
		}
		// Each change is in the audit log, filed under the user's unit (the
		// failed sign-in above is the page's, not the command line's).
		entries, err := audit.List(ctx, db, audit.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, e := range entries {
			if e.Action == audit.ActionSignInFailed {
				continue
			}
			if e.Via != audit.ViaCLI || e.UnitID == 0 || !strings.Contains(e.Detail, "binh@hoi.vn") {
				t.Errorf("audit entry %+v", e)
			}
			got = append(got, e.Action)
		}
		if strings.Join(got, ",") != "user.disable,token.revoke,user.password,token.create,user.add" {
			t.Errorf("audit actions %v, want disable, revoke, password, create, add (newest first)", got)
		}
	})
}

func TestTokenCreatePrintsATokenThatWorksOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		userOK(t, db, "", "user", "add", "--email", "script@hoi.vn", "--name", "Tập lệnh", "--role", "officer", "--scope", "province:66", "--password", "12345678")
		out := userOK(t, db, "", "token", "create", "--user", "script@hoi.vn", "--name", "nhập hằng tháng")
		lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
		if len(lines) != 2 || !strings.Contains(lines[0], "chỉ hiện lần này") || !strings.HasPrefix(lines[1], "kh_") {
			t.Fatalf("output %q", out)
		}
		u, err := auth.UserFromToken(context.Background(), db, lines[1], userNow)
		if err != nil || u.Email != "script@hoi.vn" {
			t.Fatalf("token user %+v, %v", u, err)
		}
		list, _ := auth.ListTokens(context.Background(), db, u.ID)
		if len(list) != 1 || list[0].Name != "nhập hằng tháng" {
			t.Fatalf("tokens %+v", list)
		}
		if _, _, code := userRun(t, db, "", "token", "create"); code != 2 {
			t.Fatalf("without --user: exit %d", code)
		}
		if _, errOut, code := userRun(t, db, "", "token", "create", "--user", "ai@hoi.vn"); code != 1 || !strings.Contains(errOut, "không có người dùng") {
			t.Fatalf("unknown user: exit %d, %q", code, errOut)
		}
		userOK(t, db, "", "user", "disable", "--email", "script@hoi.vn")
		if _, errOut, code := userRun(t, db, "", "token", "create", "--user", "script@hoi.vn"); code != 1 || !strings.Contains(errOut, "khóa") {
			t.Fatalf("disabled user: exit %d, %q", code, errOut)
		}
	})
}

func TestTokenListShowsNoSecretAndTokenRevokeStopsOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		userOK(t, db, "", "user", "add", "--email", "lan@hoi.vn", "--name", "Lan", "--role", "officer", "--scope", "province:66", "--password", "12345678")
		userOK(t, db, "", "user", "add", "--email", "khac@hoi.vn", "--name", "Khác", "--role", "officer", "--scope", "province:66", "--password", "12345678")
		var secrets []string
		for _, name := range []string{"nhập số liệu", "báo cáo"} {
			out := strings.Split(strings.TrimSpace(userOK(t, db, "", "token", "create", "--user", "lan@hoi.vn", "--name", name)), "\n")
			secrets = append(secrets, out[len(out)-1])
		}
		userOK(t, db, "", "token", "create", "--user", "khac@hoi.vn", "--name", "của người khác")
		table := userOK(t, db, "", "token", "list", "--user", "LAN@hoi.vn")
		for _, want := range []string{"nhập số liệu", "báo cáo", "15/03/2026 17:00", "đang dùng", "chưa dùng"} {
			if !strings.Contains(table, want) {
				t.Errorf("table lacks %q:\n%s", want, table)
			}
		}
		if strings.Contains(table, "của người khác") || strings.Contains(table, secrets[0]) || strings.Contains(table, "kh_") {
			t.Fatalf("table shows another user's token or a secret:\n%s", table)
		}
		var listed []struct {
			ID        int64   `json:"id"`
			Name      string  `json:"name"`
			CreatedAt string  `json:"created_at"`
			RevokedAt *string `json:"revoked_at"`
		}
		if err := json.Unmarshal([]byte(userOK(t, db, "", "token", "list", "--user", "lan@hoi.vn", "--format", "json")), &listed); err != nil {
			t.Fatal(err)
		}
		if len(listed) != 2 || listed[1].Name != "nhập số liệu" || listed[1].CreatedAt != "2026-03-15T17:00:00+07:00" || listed[1].RevokedAt != nil {
			t.Fatalf("json %+v", listed)
		}
		first := fmt.Sprint(listed[1].ID)
		// Another user's token is not found; bad arguments are usage errors.
		if _, errOut, code := userRun(t, db, "", "token", "revoke", "--user", "khac@hoi.vn", "--id", first); code != 1 || !strings.Contains(errOut, "không có mã truy cập số "+first) {
			t.Fatalf("revoke another user's token: exit %d, %q", code, errOut)
		}
		if _, _, code := userRun(t, db, "", "token", "revoke", "--user", "lan@hoi.vn"); code != 2 {
			t.Fatalf("revoke without --id: exit %d", code)
		}
		out := userOK(t, db, "", "token", "revoke", "--user", "lan@hoi.vn", "--id", first)
		if !strings.Contains(out, "Đã thu hồi mã truy cập «nhập số liệu»") {
			t.Fatalf("output %q", out)
		}
		if _, err := auth.UserFromToken(ctx, db, secrets[0], userNow); apperr.CodeOf(err) != apperr.Unauthorized {
			t.Fatalf("revoked token works: %v", err)
		}
		if _, err := auth.UserFromToken(ctx, db, secrets[1], userNow); err != nil {
			t.Fatalf("the other token stopped: %v", err)
		}
		if _, errOut, code := userRun(t, db, "", "token", "revoke", "--user", "lan@hoi.vn", "--id", first); code != 1 || !strings.Contains(errOut, "đã bị thu hồi từ trước") {
			t.Fatalf("revoke twice: exit %d, %q", code, errOut)
		}
		entries, _ := audit.List(ctx, db, audit.Filter{Action: audit.ActionTokenRevoke})
		if len(entries) != 1 || entries[0].Via != audit.ViaCLI || !strings.Contains(entries[0].Detail, "lan@hoi.vn: mã «nhập số liệu»") {
			t.Fatalf("revocations logged %+v", entries)
		}
		if table := userOK(t, db, "", "token", "list", "--user", "lan@hoi.vn"); !strings.Contains(table, "đã thu hồi lúc 15/03/2026 17:00") {
			t.Fatalf("table after revoking:\n%s", table)
		}
	})
}
