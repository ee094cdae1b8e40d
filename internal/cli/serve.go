package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/demo"
	"github.com/khuyenhoc/khuyenhoc/internal/entry"
	"github.com/khuyenhoc/khuyenhoc/internal/ingest"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
	"github.com/khuyenhoc/khuyenhoc/internal/web"

	"golang.org/x/term"
)

func init() {
	register(command{Name: "serve", Summary: vi.SummaryServe, Run: runServe})
}

func runServe(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("serve", &c)
	ss := serveSettings()
	app.define(fs, ss)
	demo := fs.Bool("demo", false, vi.FlagServeDemo)
	if err := app.parse(fs, args, &c); err != nil {
		return err
	}
	if err := noPositional(fs, vi.ArgNone); err != nil {
		return err
	}
	set, err := check(ss)
	if err != nil {
		return err
	}
	c.maxConns, c.readers = set.count("db-max-conns"), set.count("db-readers")
	logger := app.logger(set.text("log-format"))
	c.readURLs, c.maxLag, c.replicaLog = set.list("db-read"), set.duration("db-max-replica-lag"), logger
	c.create = *demo // only the demo may start a new database
	db, err := app.open(ctx, &c)
	if err != nil {
		return err
	}
	if *demo {
		// Refused before the address is taken, not after.
		if err := demoOnlyDatabase(ctx, db); err != nil {
			return err
		}
	}
	srv, err := web.New(db, web.Options{SecureCookies: set.bool("secure-cookies"), Now: app.Now, Logger: logger,
		AccessLog: set.bool("access-log"), MetricsToken: set.text("metrics-token"), TrustedProxies: set.prefixes("trusted-proxies")})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", set.text("addr"))
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	hs := &http.Server{Handler: srv.Handler(),
		ReadHeaderTimeout: set.duration("read-header-timeout"),
		ReadTimeout:       set.duration("read-timeout"),
		WriteTimeout:      set.duration("write-timeout"),
		IdleTimeout:       set.duration("idle-timeout"),
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	defer ln.Close()
	fmt.Fprintf(app.Stdout, vi.ServeListening+"\n", "http://"+displayAddr(ln.Addr()))
	logger.Info("serving", "addr", ln.Addr().String(), "db", db.Display(), "dialect", string(db.Dialect), "read_replicas", len(c.readURLs))
	if *demo {
		// The demo data loads before the first request is served; the
		// address is printed first so that the accounts below refer to it.
		if err := serveDemo(ctx, app, db); err != nil {
			return err
		}
	}
	jctx, stopJanitor := context.WithCancel(ctx)
	defer stopJanitor()
	go srv.Janitor(jctx, time.Hour)
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
		// SIGINT or SIGTERM: stop taking connections, let the requests in
		// flight finish (at most the shutdown timeout), then return.
		logger.Info("shutting down", "timeout", set.duration("shutdown-timeout").String())
		sctx, cancel := context.WithTimeout(context.Background(), set.duration("shutdown-timeout"))
		defer cancel()
		if err := hs.Shutdown(sctx); err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		logger.Info("stopped")
		return nil
	}
}

// logger is the server's log on standard error: JSON lines for a log
// collector, or text for a person at a terminal; "auto" picks by whether
// standard error is a terminal.
func (app *App) logger(format string) *slog.Logger {
	if format == "auto" {
		format = "json"
		if f, ok := app.Stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			format = "text"
		}
	}
	if format == "text" {
		return slog.New(slog.NewTextHandler(app.Stderr, nil))
	}
	return slog.New(slog.NewJSONHandler(app.Stderr, nil))
}

// displayAddr writes a listening address as a person can open it.
func displayAddr(a net.Addr) string {
	host, port, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "localhost"
	}
	return net.JoinHostPort(host, port)
}

// demoPassword is the password of the demo accounts, printed at start-up.
const demoPassword = "khuyenhoc-demo"

// demoAccount is a sign-in that serve --demo creates.
type demoAccount struct {
	email, name string
	role        auth.Role
	scope       string // LEVEL:CODE at today's date; "first-commune:66" picks a demo commune
}

// demoAccounts cover the roles and levels a newcomer wants to try: the
// nation's administrator, a province officer who approves, the officer of
// one of its communes who enters figures, and an officer of a neighbouring
// province for trying the scope rules.
var demoAccounts = []demoAccount{
	{"admin@demo.khuyenhoc.vn", "Quản trị Trung ương", auth.Admin, "nation"},
	{"tinh66@demo.khuyenhoc.vn", "Cán bộ Hội Khuyến học tỉnh Đắk Lắk", auth.Officer, "province:66"},
	{"xa66@demo.khuyenhoc.vn", "Cán bộ Hội Khuyến học xã", auth.Officer, "first-commune:66"},
	{"tinh52@demo.khuyenhoc.vn", "Cán bộ Hội Khuyến học tỉnh Gia Lai", auth.Officer, "province:52"},
}

// demoSenders are the accounts of the officers who sent the demo's
// waiting forms (demo.WaitingForms): officers of other communes of the
// province, so that the forms come from their own officers.
func demoSenders() []demoAccount {
	var out []demoAccount
	for _, f := range demo.WaitingForms {
		out = append(out, demoAccount{f.Email, f.Name, auth.Officer, fmt.Sprintf("demo-commune:%s:%d", demo.ProvinceCode, f.Commune)})
	}
	return out
}

// serveDemo loads the demo data and creates the demo accounts that do not
// exist yet and the forms waiting for approval, then prints how to sign
// in.
func serveDemo(ctx context.Context, app *App, db *store.DB) error {
	tree, communes, err := loadDemo(ctx, app, db, 1)
	if err != nil {
		return err
	}
	now := app.Now()
	today := units.Day(now) // units are valid by whole days
	fmt.Fprintln(app.Stdout, vi.DemoAccounts)
	senders := map[string]auth.User{}
	for i, a := range append(demoAccounts, demoSenders()...) {
		u, err := demoScope(tree, communes, a.scope, today)
		if err != nil {
			return err
		}
		user, err := auth.GetUserByEmail(ctx, db, a.email)
		if apperr.CodeOf(err) == apperr.NotFound {
			user, err = auth.AddUser(ctx, db, tree, auth.LocalAdmin(demoActor), auth.NewUser{Email: a.email, Name: a.name, Role: a.role, ScopeUnitID: u.ID, Password: demoPassword}, now)
		}
		if err != nil {
			return err
		}
		if i >= len(demoAccounts) {
			senders[a.email] = user
			continue
		}
		fmt.Fprintf(app.Stdout, "  %-28s %s (%s)\n", a.email, u.FullName(), a.role)
	}
	fmt.Fprintf(app.Stdout, vi.DemoPassword+"\n", demoPassword)
	return demoWaitingForms(ctx, db, tree, senders, now)
}

// demoWaitingForms has the officers of demo.WaitingForms fill their
// communes' forms from the stored figures (scaled where the demo says),
// explain the warnings and send them, through the same operations as the
// entry form. A form sent already is left as it is, so that serving the
// demo again changes nothing, nor what someone did with the form.
func demoWaitingForms(ctx context.Context, db *store.DB, tree *units.Tree, senders map[string]auth.User, now time.Time) error {
	p := demo.WaitingPeriod
	for _, wf := range demo.WaitingForms {
		user := senders[wf.Email]
		by := auth.ForUser(tree, user, audit.ViaPage)
		f, err := entry.Load(ctx, db, tree, user.ScopeUnitID, p)
		if err != nil {
			return err
		}
		if f.Status != entry.StatusImported && f.Status != entry.StatusNone {
			continue
		}
		values := map[string]string{}
		for code, v := range f.Values {
			if k, ok := wf.Scale[code]; ok {
				v = math.Round(v * k)
			}
			values[code] = strconv.FormatFloat(v, 'f', -1, 64)
		}
		if err := entry.SaveDraft(ctx, db, tree, by, user.ScopeUnitID, p, values, now); err != nil {
			return err
		}
		if f, err = entry.Load(ctx, db, tree, user.ScopeUnitID, p); err != nil {
			return err
		}
		texts := map[string]string{}
		for _, w := range f.Warnings {
			texts[w.Key] = cmp.Or(wf.Explanations[w.Key], wf.Otherwise)
		}
		if len(texts) > 0 {
			if err := entry.Explain(ctx, db, tree, by, user.ScopeUnitID, p, texts, now); err != nil {
				return err
			}
		}
		if err := entry.Submit(ctx, db, tree, by, user.ScopeUnitID, p, now); err != nil {
			return err
		}
	}
	return nil
}

// demoScope resolves a demo account's scope; "first-commune:P" is the first
// commune of province P that has demo data, "demo-commune:P:N" the one
// after N others.
func demoScope(tree *units.Tree, communes demo.Units, scope string, at time.Time) (*units.Unit, error) {
	if code, ok := strings.CutPrefix(scope, "first-commune:"); ok {
		scope = "demo-commune:" + code + ":0"
	}
	if rest, ok := strings.CutPrefix(scope, "demo-commune:"); ok {
		code, nth, _ := strings.Cut(rest, ":")
		n, _ := strconv.Atoi(nth)
		for _, c := range communes.New {
			if c.Province != code {
				continue
			}
			if n == 0 {
				return tree.Resolve(units.Commune, c.Code, at)
			}
			n--
		}
		return nil, fmt.Errorf("demo: no commune %s of province %s in the demo data", nth, code)
	}
	ref, err := units.ParseRef(scope)
	if err != nil {
		return nil, err
	}
	return tree.Resolve(ref.Level, ref.Code, at)
}

// demoOnlyDatabase refuses to load the demo into a database that holds
// anything but the demo: imports from other sources or other users. Demo
// figures mixed into real ones would be wrong figures.
func demoOnlyDatabase(ctx context.Context, db *store.DB) error {
	n, err := ingest.CountImportsBesides(ctx, db, demoClustersSource, demoAggregatesSource, demoMembersSource)
	if err != nil {
		return fmt.Errorf("serve --demo: %w", err)
	}
	if n == 0 {
		var emails []string
		for _, a := range append(demoAccounts, demoSenders()...) {
			emails = append(emails, a.email)
		}
		if n, err = auth.CountUsersBesides(ctx, db, emails...); err != nil {
			return fmt.Errorf("serve --demo: %w", err)
		}
	}
	if n > 0 {
		return apperr.New(apperr.Conflict, vi.ErrDemoNotEmpty)
	}
	return nil
}
