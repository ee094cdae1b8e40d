// Package cli is the command line of khuyenhoc: one binary with
// subcommands, each reading its flags, calling into the areas, and printing
// in the format asked for. Main is testable: it takes arguments, streams and
// a clock, and returns the exit status.
package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/schema"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Env is the outside world of one run: streams, environment and clock.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
	Now    func() time.Time
}

// OSEnv is the environment of a real process.
func OSEnv() Env {
	return Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Now: time.Now}
}

// command is one subcommand. Name may hold two words ("import aggregates").
type command struct {
	Name    string
	Summary string
	Run     func(ctx context.Context, app *App, args []string) error
}

// commands is filled by the init functions of the files beside this one,
// one file per group of subcommands.
var commands = map[string]command{}

func register(c command) { commands[c.Name] = c }

// App carries what every subcommand needs.
type App struct {
	Env
	db *store.DB
	// progressShown says a progress line is on standard error (progress).
	progressShown bool
}

// Main runs the program with args (without the program name) and returns
// the exit status: 0 on success, 1 on a user error, 2 on a usage error, 3
// when another writer kept the database busy past --busy-timeout.
func Main(ctx context.Context, args []string, env Env) int {
	app := &App{Env: env}
	defer app.close()
	err := app.run(ctx, args)
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintln(env.Stderr, "khuyenhoc: "+err.Error())
	return apperr.ExitCode(err)
}

func (app *App) run(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		app.usage()
		if len(args) == 0 {
			return apperr.New(apperr.Usage, vi.ErrNoCommand)
		}
		return nil
	}
	if len(args) >= 2 {
		if c, ok := commands[args[0]+" "+args[1]]; ok {
			return c.Run(ctx, app, args[2:])
		}
	}
	if c, ok := commands[args[0]]; ok {
		return c.Run(ctx, app, args[1:])
	}
	return apperr.New(apperr.Usage, vi.ErrUnknownCommand, strings.Join(args[:min(2, len(args))], " "))
}

func (app *App) usage() {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	fmt.Fprintln(app.Stdout, vi.UsageHeader)
	for _, n := range names {
		fmt.Fprintf(app.Stdout, "  khuyenhoc %-20s %s\n", n, commands[n].Summary)
	}
}

func (app *App) close() {
	if app.db != nil {
		app.db.Close()
	}
}

// common holds the flags every subcommand takes, and what the subcommand
// says about the database it opens.
type common struct {
	db          string
	noMigrate   bool
	busyTimeout string
	format      string

	// create lets the command make a new SQLite file (demo, serve --demo,
	// init); every other command refuses a path that does not exist.
	create bool
	// readOnly marks a command that only reads: with --no-migrate it opens
	// the database read-only, so a report can be made from a read-only copy.
	readOnly bool
	// maxConns and readers size the pools (serve's settings); zero keeps
	// the store's defaults.
	maxConns, readers int
	// readURLs and maxLag are serve's read replicas (--db-read), logged
	// to replicaLog.
	readURLs   []string
	maxLag     time.Duration
	replicaLog *slog.Logger
}

// flags starts a flag set for a subcommand with the common flags.
// formats lists the accepted --format values, the first being the default.
func (app *App) flags(name string, c *common, formats ...string) *flag.FlagSet {
	fs := flag.NewFlagSet("khuyenhoc "+name, flag.ContinueOnError)
	fs.SetOutput(app.Stderr)
	def := app.Getenv("KHUYENHOC_DB")
	if def == "" {
		def = store.DefaultURL
	}
	fs.StringVar(&c.db, "db", def, vi.FlagDB)
	fs.BoolVar(&c.noMigrate, "no-migrate", false, vi.FlagNoMigrate)
	busy := app.Getenv("KHUYENHOC_BUSY_TIMEOUT")
	if busy == "" {
		busy = store.DefaultBusyTimeout.String()
	}
	fs.StringVar(&c.busyTimeout, "busy-timeout", busy, vi.FlagBusyTimeout)
	if len(formats) > 0 {
		fs.StringVar(&c.format, "format", formats[0], vi.FlagFormat+" ("+strings.Join(formats, ", ")+")")
	}
	return fs
}

// parse parses args, turning flag errors into usage errors, and checks the
// format against the accepted ones.
func (app *App) parse(fs *flag.FlagSet, args []string, c *common, formats ...string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return apperr.New(apperr.Usage, "%s", err.Error())
	}
	if len(formats) > 0 {
		ok := false
		for _, f := range formats {
			ok = ok || f == c.format
		}
		if !ok {
			return apperr.New(apperr.Usage, vi.ErrBadFormat, c.format, strings.Join(formats, ", "))
		}
	}
	return nil
}

// parseInterspersed parses flags that may come before, between or after
// the positional arguments ("units show province:52 --at 2024-01-01",
// "import aggregates a.csv --dry-run"), which the flag package alone stops
// at, and returns the positional arguments.
func (app *App) parseInterspersed(fs *flag.FlagSet, args []string, c *common, formats ...string) ([]string, error) {
	var pos []string
	for {
		if err := app.parse(fs, args, c, formats...); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// listFormats are the --format values of the listing commands (units,
// users, clusters): a table for people by default, csv and json for machines.
var listFormats = []string{"table", "csv", "json"}

// writeCSV writes a header and the rows each emits, for the csv format of
// the listing commands.
func writeCSV(w io.Writer, header []string, each func(emit func([]string))) error {
	cw := csv.NewWriter(w)
	cw.Write(header)
	each(func(r []string) { cw.Write(r) })
	cw.Flush()
	return cw.Error()
}

// writeJSON writes v indented, for the json format of the listing commands.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// open opens and migrates (or, with --no-migrate, checks) the database.
// Only a command that set c.create may create a new SQLite file.
func (app *App) open(ctx context.Context, c *common) (*store.DB, error) {
	db, err := app.connect(ctx, c)
	if err != nil {
		return nil, err
	}
	if c.noMigrate {
		err = db.CheckCurrent(ctx, schema.Steps())
	} else {
		err = schema.Migrate(ctx, db, app.Now())
	}
	if err != nil {
		return nil, err
	}
	return db, nil
}

// connect opens the database as the common flags say, without looking at
// its schema.
func (app *App) connect(ctx context.Context, c *common) (*store.DB, error) {
	busy, err := time.ParseDuration(c.busyTimeout)
	if err != nil || busy <= 0 {
		return nil, apperr.New(apperr.Usage, vi.ErrBadBusyTime, c.busyTimeout)
	}
	db, err := store.OpenWith(ctx, c.db, store.Options{
		Create:        c.create,
		ReadOnly:      c.readOnly && c.noMigrate,
		BusyTimeout:   busy,
		MaxConns:      c.maxConns,
		Readers:       c.readers,
		ReadURLs:      c.readURLs,
		MaxReplicaLag: c.maxLag,
		Logger:        c.replicaLog,
	})
	if err != nil {
		return nil, err
	}
	app.db = db
	return db, nil
}

// openReader opens the database for a command that only reads.
func (app *App) openReader(ctx context.Context, c *common) (*store.DB, error) {
	c.readOnly = true
	return app.open(ctx, c)
}

// noPositional refuses positional arguments left after the flags; what
// says what the command takes instead.
func noPositional(fs *flag.FlagSet, what string) error {
	if fs.NArg() != 0 {
		return apperr.New(apperr.Usage, vi.ErrArgs, fs.Name(), what)
	}
	return nil
}
