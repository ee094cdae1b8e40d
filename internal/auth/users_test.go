package auth_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

func TestCreateUserStoresLowerCasedEmailAndSignsIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		nation := loadTree(t, db).Nation().ID
		u, err := auth.CreateUser(ctx, db, auth.NewUser{
			Email: "  Lan.Nguyen@KhuyenHoc.VN ", Name: " Nguyễn Thị Lan ", Role: "Admin", ScopeUnitID: nation, Password: goodPassword,
		}, t0)
		if err != nil {
			t.Fatal(err)
		}
		if u.ID == 0 || u.Email != "lan.nguyen@khuyenhoc.vn" || u.Name != "Nguyễn Thị Lan" || u.Role != auth.Admin || !u.CreatedAt.Equal(t0) {
			t.Fatalf("created %+v", u)
		}
		got, err := auth.GetUserByEmail(ctx, db, "LAN.NGUYEN@khuyenhoc.vn")
		if err != nil {
			t.Fatal(err)
		}
		if got != u {
			t.Fatalf("read back %+v, want %+v", got, u)
		}
		if got, err := auth.GetUser(ctx, db, u.ID); err != nil || got != u {
			t.Fatalf("by id: %+v, %v", got, err)
		}
		signed, err := auth.Authenticate(ctx, db, "Lan.Nguyen@khuyenhoc.vn", goodPassword, "10.0.0.1", t0)
		if err != nil {
			t.Fatal(err)
		}
		if signed.ID != u.ID {
			t.Fatalf("signed in as %+v", signed)
		}
		var hash string
		if err := db.QueryRow(ctx, "SELECT password_hash FROM users WHERE id = ?", u.ID).Scan(&hash); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(hash, "$2") || strings.Contains(hash, goodPassword) {
			t.Fatalf("stored hash %q is not bcrypt", hash)
		}
	})
}

func TestCreateUserRejectsDuplicateEmailInAnyCase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		addUser(t, db, "an@hoi.vn", auth.Viewer, "nation")
		_, err := auth.CreateUser(context.Background(), db, auth.NewUser{
			Email: "AN@hoi.vn", Name: "An khác", Role: auth.Officer, ScopeUnitID: loadTree(t, db).Nation().ID, Password: goodPassword,
		}, t0)
		wantCode(t, err, apperr.Conflict)
		if !strings.Contains(err.Error(), "đã có người dùng") {
			t.Fatalf("message %q", err)
		}
	})
}

func TestCreateUserRejectsBadInputInVietnamese(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		nation := loadTree(t, db).Nation().ID
		good := auth.NewUser{Email: "a@hoi.vn", Name: "A", Role: auth.Viewer, ScopeUnitID: nation, Password: goodPassword}
		for _, c := range []struct {
			name   string
			change func(*auth.NewUser)
			want   string
		}{
			{"no at", func(n *auth.NewUser) { n.Email = "a.hoi.vn" }, "email"},
			{"no domain dot", func(n *auth.NewUser) { n.Email = "a@hoi" }, "email"},
			{"display name", func(n *auth.NewUser) { n.Email = "A <a@hoi.vn>" }, "email"},
			{"two ats", func(n *auth.NewUser) { n.Email = "a@b@hoi.vn" }, "email"},
			{"empty", func(n *auth.NewUser) { n.Email = "" }, "email"},
			{"no name", func(n *auth.NewUser) { n.Name = "   " }, "họ và tên"},
			{"unknown role", func(n *auth.NewUser) { n.Role = "chairman" }, "vai trò"},
			{"short password", func(n *auth.NewUser) { n.Password = "1234567" }, "ít nhất 8 ký tự"},
			{"long password", func(n *auth.NewUser) { n.Password = strings.Repeat("x", 73) }, "mật khẩu dài"},
			{"unknown unit", func(n *auth.NewUser) { n.ScopeUnitID = 987654321 }, "đơn vị"},
		} {
			t.Run(c.name, func(t *testing.T) {
				nu := good
				c.change(&nu)
				_, err := auth.CreateUser(context.Background(), db, nu, t0)
				wantCode(t, err, apperr.Invalid)
				if !strings.Contains(err.Error(), c.want) {
					t.Fatalf("message %q lacks %q", err, c.want)
				}
			})
		}
		users, err := auth.ListUsers(context.Background(), db, auth.LocalAdmin(""))
		if err != nil || len(users) != 0 {
			t.Fatalf("after rejected input: %v users, %v", len(users), err)
		}
	})
}

func TestGetUserReportsUnknownAsNotFound(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		_, err := auth.GetUserByEmail(context.Background(), db, "nobody@hoi.vn")
		wantCode(t, err, apperr.NotFound)
		_, err = auth.GetUser(context.Background(), db, 42)
		wantCode(t, err, apperr.NotFound)
	})
}

func TestListUsersFiltersByScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		quoc := addUser(t, db, "quoc@hoi.vn", auth.Admin, "nation")
		prov := addUser(t, db, "daklak@hoi.vn", auth.Admin, "province:66")
		tuyhoa := addUser(t, db, "tuyhoa@hoi.vn", auth.Officer, "commune:22015")
		addUser(t, db, "gialai@hoi.vn", auth.Officer, "province:52")
		tree := loadTree(t, db)
		for _, c := range []struct {
			who  string
			p    auth.Principal
			want string
		}{
			{"the local administrator", auth.LocalAdmin(""), "daklak@hoi.vn gialai@hoi.vn quoc@hoi.vn tuyhoa@hoi.vn"},
			{"the nation's admin", auth.ForUser(tree, quoc, audit.ViaPage), "daklak@hoi.vn gialai@hoi.vn quoc@hoi.vn tuyhoa@hoi.vn"},
			// Đắk Lắk reads Phú Yên, which it was formed from, and so Tuy Hòa.
			{"the admin of province 66", auth.ForUser(tree, prov, audit.ViaPage), "daklak@hoi.vn tuyhoa@hoi.vn"},
			{"an officer of one commune", auth.ForUser(tree, tuyhoa, audit.ViaPage), "tuyhoa@hoi.vn"},
		} {
			// One query, then one query per root of the scope: the same list.
			for _, per := range []int{500, 1} {
				old := auth.RootsPerQuery
				auth.RootsPerQuery = per
				list, err := auth.ListUsers(ctx, db, c.p)
				auth.RootsPerQuery = old
				if err != nil {
					t.Fatal(err)
				}
				if got := emails(list); got != c.want {
					t.Errorf("users visible to %s (%d roots a query): %s, want %s", c.who, per, got, c.want)
				}
			}
		}
		if scope := auth.NewScope(tree, prov); len(scope.Roots()) < 2 {
			t.Errorf("province 66 has roots %v; the batches of one were not tried", scope.Roots())
		}
	})
}

func emails(us []auth.User) string {
	var s []string
	for _, u := range us {
		s = append(s, u.Email)
	}
	return strings.Join(s, " ")
}

func TestResetPasswordSignsOutAndRevokesTokensAuditingEach(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := addUser(t, db, "binh@hoi.vn", auth.Officer, "province:66")
		other := addUser(t, db, "khac@hoi.vn", auth.Officer, "province:66")
		admin := addUser(t, db, "quantri@hoi.vn", auth.Admin, "province:66")
		by := auth.ForUser(loadTree(t, db), admin, audit.ViaPage)
		session, _, err := auth.CreateSession(ctx, db, u.ID, t0)
		if err != nil {
			t.Fatal(err)
		}
		var tokens []string
		for _, name := range []string{"nhập số liệu", "báo cáo"} {
			tk, err := auth.CreateToken(ctx, db, u.ID, name, t0)
			if err != nil {
				t.Fatal(err)
			}
			tokens = append(tokens, tk)
		}
		otherToken, err := auth.CreateToken(ctx, db, other.ID, "của người khác", t0)
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = auth.ResetPassword(ctx, db, by, u.ID, "ngắn", t0)
		wantCode(t, err, apperr.Invalid)
		if _, err := auth.UserFromToken(ctx, db, tokens[0], t0); err != nil {
			t.Fatalf("a refused reset revoked a token: %v", err)
		}
		_, n, err := auth.ResetPassword(ctx, db, by, u.ID, "mật khẩu mới 2026", t0)
		if err != nil || n != 2 {
			t.Fatalf("revoked %d tokens, %v; want 2", n, err)
		}
		_, err = auth.Authenticate(ctx, db, u.Email, goodPassword, "", t0)
		wantCode(t, err, apperr.Unauthorized)
		if _, err := auth.Authenticate(ctx, db, u.Email, "mật khẩu mới 2026", "", t0); err != nil {
			t.Fatal(err)
		}
		_, _, err = auth.SessionFromToken(ctx, db, session, t0)
		wantCode(t, err, apperr.Unauthorized)
		for _, tk := range tokens {
			_, err = auth.UserFromToken(ctx, db, tk, t0)
			wantCode(t, err, apperr.Unauthorized)
		}
		if _, err := auth.UserFromToken(ctx, db, otherToken, t0); err != nil {
			t.Fatalf("another user's token was revoked: %v", err)
		}
		// One entry for the password, one per token, by the admin, under
		// the user's scope unit.
		entries, err := audit.List(ctx, db, audit.Filter{UserID: admin.ID})
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]int{}
		for _, e := range entries {
			got[e.Action]++
			if e.UnitID != u.ScopeUnitID || !strings.Contains(e.Detail, u.Email) {
				t.Errorf("entry %+v: want unit %d and the e-mail", e, u.ScopeUnitID)
			}
		}
		if got[audit.ActionUserPassword] != 1 || got[audit.ActionTokenRevoke] != 2 || len(entries) != 3 {
			t.Fatalf("audit entries %v; want 1 password change and 2 revocations", got)
		}
		_, _, err = auth.ResetPassword(ctx, db, by, 99999, "mật khẩu mới 2026", t0)
		wantCode(t, err, apperr.NotFound)
	})
}

func TestChangeOwnPasswordRevokesTokensAndOpensAFreshSession(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := addUser(t, db, "hung@hoi.vn", auth.Officer, "province:66")
		old, _, err := auth.CreateSession(ctx, db, u.ID, t0)
		if err != nil {
			t.Fatal(err)
		}
		token, err := auth.CreateToken(ctx, db, u.ID, "tập lệnh", t0)
		if err != nil {
			t.Fatal(err)
		}
		_, err = auth.ChangeOwnPassword(ctx, db, auth.LocalAdmin("quantri"), goodPassword, "mật khẩu mới 2026", "", t0)
		wantCode(t, err, apperr.Invalid)
		by := auth.ForUser(loadTree(t, db), u, audit.ViaPage)
		_, err = auth.ChangeOwnPassword(ctx, db, by, goodPassword, "ngắn", "192.0.2.1", t0)
		wantCode(t, err, apperr.Invalid)
		if _, err := auth.UserFromToken(ctx, db, token, t0); err != nil {
			t.Fatalf("a refused change revoked the token: %v", err)
		}
		ch, err := auth.ChangeOwnPassword(ctx, db, by, goodPassword, "mật khẩu mới 2026", "192.0.2.1", t0.Add(time.Hour))
		if err != nil || ch.Revoked != 1 || ch.SessionToken == "" {
			t.Fatalf("change %+v, %v", ch, err)
		}
		if _, err := auth.UserFromToken(ctx, db, token, t0); apperr.CodeOf(err) != apperr.Unauthorized {
			t.Fatalf("the token survived: %v", err)
		}
		_, _, err = auth.SessionFromToken(ctx, db, old, t0.Add(time.Hour))
		wantCode(t, err, apperr.Unauthorized)
		if got, _, err := auth.SessionFromToken(ctx, db, ch.SessionToken, t0.Add(time.Hour)); err != nil || got.ID != u.ID {
			t.Fatalf("fresh session: %+v, %v", got, err)
		}
		entries, _ := audit.List(ctx, db, audit.Filter{UserID: u.ID})
		if len(entries) != 2 || entries[1].Action != audit.ActionUserPassword || entries[1].Detail != "hung@hoi.vn tự đổi mật khẩu; 1 mã truy cập bị thu hồi" ||
			entries[0].Action != audit.ActionTokenRevoke || entries[0].Detail != "hung@hoi.vn: mã «tập lệnh» (số 1), do đổi mật khẩu" {
			t.Fatalf("audit %+v", entries)
		}
		// A second change has nothing left to revoke; the first time stays.
		if ch, err := auth.ChangeOwnPassword(ctx, db, by, "mật khẩu mới 2026", "mật khẩu thứ ba", "192.0.2.1", t0.Add(2*time.Hour)); err != nil || ch.Revoked != 0 {
			t.Fatalf("second change %+v, %v", ch, err)
		}
		if list, _ := auth.ListTokens(ctx, db, u.ID); !list[0].RevokedAt.Equal(t0.Add(time.Hour)) {
			t.Fatalf("revocation time moved: %+v", list[0])
		}
	})
}

func TestDisabledUserIsRefusedAndLosesSessionsAndTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := addUser(t, db, "cuong@hoi.vn", auth.Officer, "province:66")
		session, _, err := auth.CreateSession(ctx, db, u.ID, t0)
		if err != nil {
			t.Fatal(err)
		}
		token, err := auth.CreateToken(ctx, db, u.ID, "nhập số liệu", t0)
		if err != nil {
			t.Fatal(err)
		}
		if err := auth.SetDisabled(ctx, db, u.ID, true, t0); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM sessions WHERE user_id = ?", u.ID).Scan(&n); err != nil || n != 0 {
			t.Fatalf("sessions left after disabling: %d, %v", n, err)
		}
		_, _, err = auth.SessionFromToken(ctx, db, session, t0)
		wantCode(t, err, apperr.Unauthorized)
		_, err = auth.UserFromToken(ctx, db, token, t0)
		wantCode(t, err, apperr.Unauthorized)
		_, err = auth.Authenticate(ctx, db, u.Email, goodPassword, "", t0)
		wantCode(t, err, apperr.Unauthorized)
		if !strings.Contains(err.Error(), "khóa") {
			t.Fatalf("message %q does not say the account is locked", err)
		}
		got, _ := auth.GetUser(ctx, db, u.ID)
		if !got.Disabled {
			t.Fatal("user not marked disabled")
		}
		if s := auth.NewScope(loadTree(t, db), got); s.CanRead(u.ScopeUnitID) {
			t.Fatal("a disabled user's scope reads its unit")
		}
		// Re-enabling restores sign-in but not the revoked token.
		if err := auth.SetDisabled(ctx, db, u.ID, false, t0); err != nil {
			t.Fatal(err)
		}
		if _, err := auth.Authenticate(ctx, db, u.Email, goodPassword, "", t0); err != nil {
			t.Fatal(err)
		}
		_, err = auth.UserFromToken(ctx, db, token, t0)
		wantCode(t, err, apperr.Unauthorized)
	})
}

// The area checks the current password itself, as sign-in does: a wrong
// one changes nothing but counts as a failed sign-in (recorded and
// audited), and enough of them throttle the change like a sign-in.
func TestChangeOwnPasswordChecksTheCurrentOneLikeASignIn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := addUser(t, db, "lan@hoi.vn", auth.Officer, "province:66")
		token, err := auth.CreateToken(ctx, db, u.ID, "tập lệnh", t0)
		if err != nil {
			t.Fatal(err)
		}
		by := auth.ForUser(loadTree(t, db), u, audit.ViaPage)
		failed := func() int {
			es, err := audit.List(ctx, db, audit.Filter{Action: audit.ActionSignInFailed})
			if err != nil {
				t.Fatal(err)
			}
			return len(es)
		}
		var err2 error
		for i := 0; i < 30; i++ {
			_, err2 = auth.ChangeOwnPassword(ctx, db, by, "sai mật khẩu", "mật khẩu mới 2026", "192.0.2.7", t0)
			if apperr.CodeOf(err2) != apperr.Unauthorized {
				break
			}
			if i == 0 && (failed() != 1 || !strings.Contains(err2.Error(), "mật khẩu hiện tại không đúng")) {
				t.Fatalf("a wrong current password: %v, %d failed sign-ins audited", err2, failed())
			}
		}
		wantCode(t, err2, apperr.TooMany)
		// Throttled, even the right current password waits.
		_, err = auth.ChangeOwnPassword(ctx, db, by, goodPassword, "mật khẩu mới 2026", "192.0.2.7", t0)
		wantCode(t, err, apperr.TooMany)
		if _, err := auth.UserFromToken(ctx, db, token, t0); err != nil {
			t.Fatalf("a refused change revoked the token: %v", err)
		}
		if _, err := auth.Authenticate(ctx, db, "lan@hoi.vn", goodPassword, "198.51.100.1", t0); err != nil {
			t.Fatalf("a refused change changed the password: %v", err)
		}
		// Later the right one goes through.
		if _, err := auth.ChangeOwnPassword(ctx, db, by, goodPassword, "mật khẩu mới 2026", "192.0.2.7", t0.Add(24*time.Hour)); err != nil {
			t.Fatalf("the right current password a day later: %v", err)
		}
		if _, err := auth.Authenticate(ctx, db, "lan@hoi.vn", "mật khẩu mới 2026", "198.51.100.1", t0.Add(24*time.Hour)); err != nil {
			t.Fatalf("the new password does not sign in: %v", err)
		}
	})
}

// Changes made at once with the same current password: one succeeds, and
// each other one is refused (the password changed meanwhile, or the
// current password is no longer right), never applied over it.
func TestConcurrentOwnPasswordChangesApplyOnlyOne(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u := addUser(t, db, "minh@hoi.vn", auth.Officer, "province:66")
		by := auth.ForUser(loadTree(t, db), u, audit.ViaPage)
		const n = 4
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = auth.ChangeOwnPassword(ctx, db, by, goodPassword, fmt.Sprintf("mật khẩu mới số %d", i), fmt.Sprintf("192.0.2.%d", i+1), t0)
			}()
		}
		wg.Wait()
		won := -1
		for i, err := range errs {
			switch apperr.CodeOf(err) {
			case "":
				if won >= 0 {
					t.Fatalf("changes %d and %d both succeeded", won, i)
				}
				won = i
			case apperr.Conflict, apperr.Unauthorized:
			default:
				t.Errorf("change %d: %v", i, err)
			}
		}
		if won < 0 {
			t.Fatalf("no change succeeded: %v", errs)
		}
		if _, err := auth.Authenticate(ctx, db, "minh@hoi.vn", fmt.Sprintf("mật khẩu mới số %d", won), "198.51.100.1", t0); err != nil {
			t.Fatalf("the password of the change that succeeded does not sign in: %v", err)
		}
		es, _ := audit.List(ctx, db, audit.Filter{Action: audit.ActionUserPassword})
		if len(es) != 1 {
			t.Errorf("%d password changes audited, want 1", len(es))
		}
	})
}
