package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The user and token commands: the first admin, and any user or script
// token, from the command line of the server. They load the units tree
// afresh rather than through units.Cached: a command runs once, and the
// cache would keep a tree per opened database for the life of a test run.

func init() {
	register(command{Name: "user add", Summary: vi.UserAddSummary, Run: runUserAdd})
	register(command{Name: "user list", Summary: vi.UserListSummary, Run: runUserList})
	register(command{Name: "user passwd", Summary: vi.UserPasswdSummary, Run: runUserPasswd})
	register(command{Name: "user disable", Summary: vi.UserDisableSummary, Run: runUserDisable})
	register(command{Name: "token create", Summary: vi.TokenCreateSummary, Run: runTokenCreate})
	register(command{Name: "token list", Summary: vi.TokenListSummary, Run: runTokenList})
	register(command{Name: "token revoke", Summary: vi.TokenRevokeSummary, Run: runTokenRevoke})
}

// userPassword is --password when given; otherwise, when standard input is
// a terminal, it asks for the password twice without showing what is typed;
// otherwise it reads the first line of standard input, so that a password
// need not appear in the shell history (`khuyenhoc user add … < matkhau.txt`).
func userPassword(app *App, flagValue string) (string, error) {
	if flagValue != "" {
		return flagValue, nil
	}
	if app.Stdin == nil {
		return "", apperr.New(apperr.Usage, vi.ErrAuthNoPasswordInput)
	}
	if f, ok := app.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return promptPassword(app, f)
	}
	line, err := bufio.NewReader(app.Stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("read password: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", apperr.New(apperr.Usage, vi.ErrAuthNoPasswordInput)
	}
	return line, nil
}

// promptPassword asks on the terminal for a password and its confirmation,
// with echo turned off, the way passwd does.
func promptPassword(app *App, tty *os.File) (string, error) {
	read := func(prompt string) (string, error) {
		fmt.Fprint(app.Stderr, prompt)
		b, err := term.ReadPassword(int(tty.Fd()))
		fmt.Fprintln(app.Stderr)
		if err != nil {
			return "", fmt.Errorf("read password: %w", err)
		}
		return string(b), nil
	}
	pw, err := read(vi.PromptPassword)
	if err != nil {
		return "", err
	}
	if pw == "" {
		return "", apperr.New(apperr.Usage, vi.ErrAuthNoPasswordInput)
	}
	again, err := read(vi.PromptPasswordAgain)
	if err != nil {
		return "", err
	}
	if again != pw {
		return "", apperr.New(apperr.Usage, vi.ErrPasswordsDiffer)
	}
	return pw, nil
}

// userScopeName is the scope unit as a person reads it: "Tỉnh Đắk Lắk (province:66)".
func userScopeName(tree *units.Tree, id int64) (name, ref string) {
	u := tree.Get(id)
	if u == nil {
		return fmt.Sprint(id), fmt.Sprint(id)
	}
	return u.FullName(), u.Ref()
}

func runUserAdd(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("user add", &c)
	email := fs.String("email", "", vi.FlagUserEmail)
	name := fs.String("name", "", vi.FlagUserName)
	role := fs.String("role", "", vi.FlagUserRole)
	scope := fs.String("scope", "", vi.FlagUserScope)
	password := fs.String("password", "", vi.FlagUserPassword)
	if err := app.parse(fs, args, &c); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	if *email == "" || *name == "" || *role == "" || *scope == "" {
		return apperr.New(apperr.Usage, vi.ErrUserAddArgs)
	}
	r, err := auth.ParseRole(*role)
	if err != nil {
		return err
	}
	ref, err := units.ParseRef(*scope)
	if err != nil {
		return err
	}
	if ref.Level == units.Cluster {
		return apperr.New(apperr.Invalid, vi.ErrBadUnitRef, *scope)
	}
	pw, err := userPassword(app, *password)
	if err != nil {
		return err
	}
	db, err := app.open(ctx, &c)
	if err != nil {
		return err
	}
	tree, err := units.LoadTree(ctx, db)
	if err != nil {
		return err
	}
	unit, err := tree.Resolve(ref.Level, ref.Code, units.Day(app.Now()))
	if err != nil {
		return err
	}
	u, err := auth.AddUser(ctx, db, tree, localAdmin(app, ""), auth.NewUser{Email: *email, Name: *name, Role: r, ScopeUnitID: unit.ID, Password: pw}, app.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(app.Stdout, vi.UserAdded+"\n", u.Email, u.Name, u.Role.Label(), unit.FullName()+" ("+unit.Ref()+")")
	return nil
}

// userJSON is a user in the machine formats: English keys, ISO times.
type userJSON struct {
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Role      auth.Role `json:"role"`
	Scope     string    `json:"scope"`
	ScopeName string    `json:"scope_name"`
	Disabled  bool      `json:"disabled"`
	CreatedAt time.Time `json:"created_at"`
}

func runUserList(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("user list", &c, listFormats...)
	if err := app.parse(fs, args, &c, listFormats...); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	// A listing only reads: with --no-migrate it works on a copy of the
	// database that the process may not write.
	db, tree, err := unitsOpen(ctx, app, &c)
	if err != nil {
		return err
	}
	list, err := auth.ListUsers(ctx, db, localAdmin(app, ""))
	if err != nil {
		return err
	}
	out := make([]userJSON, 0, len(list))
	for _, u := range list {
		name, ref := userScopeName(tree, u.ScopeUnitID)
		out = append(out, userJSON{Email: u.Email, Name: u.Name, Role: u.Role, Scope: ref, ScopeName: name, Disabled: u.Disabled, CreatedAt: u.CreatedAt.In(vi.Location)})
	}
	switch c.format {
	case "json":
		return writeJSON(app.Stdout, out)
	case "csv":
		header := []string{"email", "name", "role", "scope", "scope_name", "disabled", "created_at"}
		return writeCSV(app.Stdout, header, func(emit func([]string)) {
			for _, u := range out {
				emit([]string{u.Email, u.Name, string(u.Role), u.Scope, u.ScopeName, fmt.Sprint(u.Disabled), vi.TimeISO(u.CreatedAt)})
			}
		})
	}
	tw := tabwriter.NewWriter(app.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join([]string{vi.LabelUserEmail, vi.LabelUserName, vi.LabelUserRole, vi.LabelUserScope, vi.LabelUserStatus, vi.LabelUserCreated}, "\t"))
	for _, u := range out {
		status := vi.UserStatusActive
		if u.Disabled {
			status = vi.UserStatusBlocked
		}
		fmt.Fprintln(tw, strings.Join([]string{u.Email, u.Name, u.Role.Label(), u.ScopeName + " (" + u.Scope + ")", status, vi.Day(u.CreatedAt)}, "\t"))
	}
	return tw.Flush()
}

// userByEmail opens the database and finds the user named by --email.
func userByEmail(ctx context.Context, app *App, c *common, email string) (*store.DB, auth.User, error) {
	db, err := app.open(ctx, c)
	if err != nil {
		return nil, auth.User{}, err
	}
	u, err := auth.GetUserByEmail(ctx, db, email)
	return db, u, err
}

func runUserPasswd(ctx context.Context, app *App, args []string) error {
	return userChange(ctx, app, "user passwd", args, true,
		func(db *store.DB, u auth.User, pw string) (string, error) {
			// ResetPassword also signs the user out and revokes their API
			// tokens, recording each.
			_, n, err := auth.ResetPassword(ctx, db, localAdmin(app, ""), u.ID, pw, app.Now())
			return fmt.Sprintf(vi.UserPasswordSetRevoked, u.Email, n), err
		})
}

func runUserDisable(ctx context.Context, app *App, args []string) error {
	return userChange(ctx, app, "user disable", args, false,
		func(db *store.DB, u auth.User, _ string) (string, error) {
			_, err := auth.SetUserDisabled(ctx, db, localAdmin(app, ""), u.ID, true, app.Now())
			return fmt.Sprintf(vi.UserDisabledDone, u.Email), err
		})
}

// userChange runs a command that changes one user named by --email (and,
// with withPassword, sets a password from --password or standard input)
// through an operation of auth, which writes the change and its audit
// entry together; then the message change returns is printed.
func userChange(ctx context.Context, app *App, name string, args []string, withPassword bool,
	change func(db *store.DB, u auth.User, password string) (string, error)) error {
	var c common
	fs := app.flags(name, &c)
	email := fs.String("email", "", vi.FlagUserEmail)
	var password *string
	if withPassword {
		password = fs.String("password", "", vi.FlagUserPassword)
	}
	if err := app.parse(fs, args, &c); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	if *email == "" {
		return apperr.New(apperr.Usage, vi.ErrUserNeedEmail)
	}
	var pw string
	if withPassword {
		var err error
		if pw, err = userPassword(app, *password); err != nil {
			return err
		}
	}
	db, u, err := userByEmail(ctx, app, &c, *email)
	if err != nil {
		return err
	}
	done, err := change(db, u, pw)
	if err != nil {
		return err
	}
	fmt.Fprintln(app.Stdout, done)
	return nil
}

func runTokenCreate(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("token create", &c)
	email := fs.String("user", "", vi.FlagTokenUser)
	name := fs.String("name", vi.TokenDefaultName, vi.FlagTokenName)
	if err := app.parse(fs, args, &c); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	if *email == "" {
		return apperr.New(apperr.Usage, vi.ErrTokenNeedUser)
	}
	db, u, err := userByEmail(ctx, app, &c, *email)
	if err != nil {
		return err
	}
	token, err := auth.IssueToken(ctx, db, localAdmin(app, ""), u.ID, *name, app.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(app.Stdout, vi.TokenCreated+"\n%s\n", u.Email, token)
	return nil
}

// localAdmin is the person running the command at the server, as the
// areas' operations take them: the local administrator, named by --actor
// or the login name in the audit log.
func localAdmin(app *App, actor string) auth.Principal {
	return auth.LocalAdmin(importsActor(app, actor))
}

// tokenJSON is an API token in the machine formats: never the token
// itself, which is not stored. Times are RFC 3339 in Vietnam time.
type tokenJSON struct {
	ID         int64      `json:"id"`
	Name       string     `json:"name"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at"`
	RevokedAt  *time.Time `json:"revoked_at"`
}

func runTokenList(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("token list", &c, listFormats...)
	email := fs.String("user", "", vi.FlagTokenUser)
	if err := app.parse(fs, args, &c, listFormats...); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	if *email == "" {
		return apperr.New(apperr.Usage, vi.ErrTokenNeedUser)
	}
	db, u, err := userByEmail(ctx, app, &c, *email)
	if err != nil {
		return err
	}
	list, err := auth.ListTokens(ctx, db, u.ID)
	if err != nil {
		return err
	}
	opt := func(t time.Time) *time.Time {
		if t.IsZero() {
			return nil
		}
		t = t.In(vi.Location)
		return &t
	}
	out := make([]tokenJSON, 0, len(list))
	for _, t := range list {
		out = append(out, tokenJSON{ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt.In(vi.Location), LastUsedAt: opt(t.LastUsedAt), RevokedAt: opt(t.RevokedAt)})
	}
	text := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format(time.RFC3339)
	}
	switch c.format {
	case "json":
		return writeJSON(app.Stdout, out)
	case "csv":
		return writeCSV(app.Stdout, []string{"id", "name", "created_at", "last_used_at", "revoked_at"}, func(emit func([]string)) {
			for _, t := range out {
				emit([]string{fmt.Sprint(t.ID), t.Name, text(&t.CreatedAt), text(t.LastUsedAt), text(t.RevokedAt)})
			}
		})
	}
	tw := tabwriter.NewWriter(app.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join([]string{vi.LabelTokenID, vi.LabelTokenName, vi.LabelTokenCreated, vi.LabelTokenUsed, vi.LabelUserStatus}, "\t"))
	for _, t := range out {
		used, status := vi.UI["account.token_never"], vi.UI["account.token_active"]
		if t.LastUsedAt != nil {
			used = vi.Time(*t.LastUsedAt)
		}
		if t.RevokedAt != nil {
			status = fmt.Sprintf(vi.AccountTokenRevokedAt, vi.Time(*t.RevokedAt))
		}
		fmt.Fprintln(tw, strings.Join([]string{fmt.Sprint(t.ID), t.Name, vi.Time(t.CreatedAt), used, status}, "\t"))
	}
	return tw.Flush()
}

func runTokenRevoke(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("token revoke", &c)
	email := fs.String("user", "", vi.FlagTokenUser)
	id := fs.Int64("id", 0, vi.FlagTokenID)
	if err := app.parse(fs, args, &c); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	if *email == "" || *id <= 0 {
		return apperr.New(apperr.Usage, vi.ErrTokenRevokeArgs)
	}
	db, u, err := userByEmail(ctx, app, &c, *email)
	if err != nil {
		return err
	}
	// --user guards against a mistyped number: the token must be theirs.
	list, err := auth.ListTokens(ctx, db, u.ID)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(list, func(t auth.Token) bool { return t.ID == *id }) {
		return apperr.New(apperr.NotFound, vi.ErrAuthNoToken, *id)
	}
	t, err := auth.RevokeToken(ctx, db, localAdmin(app, ""), *id, app.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(app.Stdout, vi.TokenRevokedDone+"\n", t.Name, t.ID, u.Email)
	return nil
}
