// Package store opens the database (SQLite by default, PostgreSQL for a
// national installation), runs the ordered migrations, and hides the few
// differences between the two dialects. SQL elsewhere is written once, with
// ? placeholders, and passes through Rebind.
package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect names the SQL dialect of a database.
type Dialect string

// The supported dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DefaultURL is the database used when neither --db nor KHUYENHOC_DB is set.
const DefaultURL = "sqlite:khuyenhoc.db"

// DefaultBusyTimeout is how long a write waits for another writer of the
// same SQLite database before it gives up with a Busy error.
const DefaultBusyTimeout = 30 * time.Second

// DefaultReaders is the size of the SQLite read pool. Reads are short
// queries of the pages and reports; a few connections keep them from
// queuing behind each other on a small server.
const DefaultReaders = 4

// DefaultMaxConns bounds the PostgreSQL pool of one process.
const DefaultMaxConns = 8

// DB is an open database with its dialect.
//
// On an SQLite file, writes and reads go to different connections: one
// writer connection (SQLite has one writer at a time anyway; BEGIN takes the
// write lock at once) and a pool of read-only connections beside it. In WAL
// mode a reader sees the last committed state and never waits for the
// writer, so pages and reports stay quick during a long import. Outside a
// transaction, Query and QueryRow read from the read pool and Exec writes
// through the write turn; a statement that writes and returns rows (an
// INSERT … RETURNING) runs in a transaction, which takes the turn too.
// Inside a transaction everything runs on the transaction's own connection.
type DB struct {
	sql  *sql.DB // the writer; on PostgreSQL and in-memory SQLite, the only pool
	read *sql.DB // the read pool; the same as sql where there is only one pool
	// wlock is the write turn of a writable SQLite database (nil
	// otherwise): whoever holds its one slot uses the writer connection.
	// Waiting on it, unlike on database/sql's pool, can be bounded and tried.
	wlock    chan struct{}
	busy     time.Duration
	readOnly bool
	replicas *replicaSet // read replicas of a PostgreSQL primary; nil for none
	Dialect  Dialect
	URL      string
	// side is the pool of Tx.Beside on PostgreSQL, opened at its first use.
	side     *sql.DB
	sideOnce sync.Once
}

// Options says how Open treats the database.
type Options struct {
	// Create lets Open create a new SQLite file. Without it a path that
	// does not exist is refused (NotFound), so that a mistyped --db does not
	// silently start an empty database.
	Create bool
	// ReadOnly opens the database for reading only, so that a report can be
	// made from a copy the process may not write (with --no-migrate).
	ReadOnly bool
	// BusyTimeout is how long a write waits for another writer of an SQLite
	// database; DefaultBusyTimeout when zero.
	BusyTimeout time.Duration
	// ReadURLs are read replicas of a PostgreSQL primary, for the reads
	// marked by ReadFromReplica (replica.go).
	ReadURLs []string
	// MaxReplicaLag is how far behind the primary a replica may be before
	// it is skipped; DefaultMaxReplicaLag when zero.
	MaxReplicaLag time.Duration
	// Logger receives the replicas' changes of state; nil means slog.Default().
	Logger *slog.Logger
	// MaxConns bounds the PostgreSQL connection pool (DefaultMaxConns when
	// zero); Readers the read pool of an SQLite file (DefaultReaders when
	// zero). The SQLite writer is always one connection.
	MaxConns int
	Readers  int
}

// Open connects to the database named by a URL of the contract:
// "sqlite:PATH", "sqlite::memory:" or "postgres://…", creating a missing
// SQLite file. The command line uses OpenWith, which refuses one.
func Open(ctx context.Context, rawURL string) (*DB, error) {
	return OpenWith(ctx, rawURL, Options{Create: true})
}

// OpenWith connects to the database named by rawURL as opt says.
func OpenWith(ctx context.Context, rawURL string, opt Options) (*DB, error) {
	busy := opt.BusyTimeout
	if busy <= 0 {
		busy = DefaultBusyTimeout
	}
	switch {
	case strings.HasPrefix(rawURL, "sqlite:"):
		path := strings.TrimPrefix(rawURL, "sqlite:")
		path = strings.TrimPrefix(path, "//")
		if path == "" {
			return nil, apperr.New(apperr.Usage, vi.ErrBadDBURL, rawURL)
		}
		if len(opt.ReadURLs) > 0 {
			return nil, apperr.New(apperr.Usage, vi.ErrReplicaSQLite)
		}
		db, err := openSQLite(ctx, path, opt, busy)
		if err != nil {
			return nil, err
		}
		db.URL = rawURL
		return db, nil
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		if _, err := url.Parse(rawURL); err != nil {
			return nil, apperr.New(apperr.Usage, vi.ErrBadDBURL, rawURL)
		}
		dsn := rawURL
		if opt.ReadOnly {
			dsn = withParam(rawURL, "default_transaction_read_only", "on")
		} else {
			// Every lock wait of a writer ends after the busy timeout
			// (Begin): set once for each connection, at its start, rather
			// than by a SET LOCAL in each transaction, which cost every
			// write a round trip. A whole number of milliseconds.
			dsn = withParam(rawURL, "lock_timeout", strconv.FormatInt(max(busy.Milliseconds(), 1), 10))
		}
		sdb, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
		sdb.SetMaxOpenConns(cmp.Or(opt.MaxConns, DefaultMaxConns))
		sdb.SetMaxIdleConns(cmp.Or(opt.MaxConns, DefaultMaxConns))
		if err := sdb.PingContext(ctx); err != nil {
			sdb.Close()
			return nil, fmt.Errorf("open database %s: %w", redact(rawURL), err)
		}
		db := &DB{sql: sdb, read: sdb, busy: busy, readOnly: opt.ReadOnly, Dialect: Postgres, URL: rawURL}
		if len(opt.ReadURLs) > 0 {
			for _, u := range opt.ReadURLs {
				if !strings.HasPrefix(u, "postgres://") && !strings.HasPrefix(u, "postgresql://") {
					sdb.Close()
					return nil, apperr.New(apperr.Usage, vi.ErrBadReplicaURL, u)
				}
			}
			rs, err := openReplicas(opt.ReadURLs, opt.MaxReplicaLag, opt.Logger, sdb)
			if err != nil {
				sdb.Close()
				return nil, err
			}
			db.replicas = rs
		}
		return db, nil
	default:
		return nil, apperr.New(apperr.Usage, vi.ErrBadDBURL, rawURL)
	}
}

// withParam adds a run-time parameter to a PostgreSQL URL.
func withParam(raw, key, value string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	q := u.Query()
	q.Set(key, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// sqlitePragmas are set on every SQLite connection. A large import
// outgrows SQLite's default 2 MB page cache, which then spills to disk in
// the middle of the transaction: the writer's cache may grow to 128 MB (it
// is only taken as pages are read), and statement journals stay in memory.
const sqlitePragmas = "_pragma=foreign_keys(1)&_pragma=temp_store(MEMORY)"

// openSQLite opens the writer and the read pool of an SQLite database.
func openSQLite(ctx context.Context, path string, opt Options, busy time.Duration) (*DB, error) {
	ms := strconv.FormatInt(busy.Milliseconds(), 10)
	readers := cmp.Or(opt.Readers, DefaultReaders)
	db := &DB{busy: busy, readOnly: opt.ReadOnly, Dialect: SQLite}
	if !opt.ReadOnly {
		db.wlock = make(chan struct{}, 1)
	}
	if path == ":memory:" {
		// An in-memory database exists only inside its connection: one
		// connection serves reads and writes.
		sdb, err := sql.Open("sqlite", "file::memory:?"+sqlitePragmas+"&_pragma=busy_timeout("+ms+")&_txlock=immediate")
		if err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
		sdb.SetMaxOpenConns(1)
		db.sql, db.read = sdb, sdb
		return db, ping(ctx, db, path)
	}
	switch st, err := os.Stat(path); {
	case err == nil && st.IsDir():
		return nil, apperr.New(apperr.Invalid, vi.ErrDBIsDir, path)
	case errors.Is(err, fs.ErrNotExist) && (!opt.Create || opt.ReadOnly):
		return nil, apperr.New(apperr.NotFound, vi.ErrNoDatabase, path, "sqlite:"+path)
	case errors.Is(err, fs.ErrNotExist):
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return nil, fmt.Errorf("open database: %w", err)
			}
		}
	case err != nil:
		return nil, fmt.Errorf("open database: %w", err)
	}
	// The file's own URI parameters: mode=rw opens only an existing file
	// (the check above has a window), mode=rwc may create it.
	if opt.ReadOnly {
		// A file the process may not write (a read-only copy) cannot keep
		// WAL's shared-memory index beside it either; SQLite reads such a
		// file as immutable, unless a WAL file came with it: immutable
		// would ignore the transactions in it and report without them.
		// A writable file is opened read-only, so that another process
		// may still write it while the report reads.
		mode := "mode=ro"
		if f, err := os.OpenFile(path, os.O_RDWR, 0); err != nil {
			if st, err := os.Stat(path + "-wal"); err != nil || st.Size() == 0 {
				mode = "immutable=1"
			}
		} else {
			f.Close()
		}
		sdb, err := sql.Open("sqlite", "file:"+path+"?"+mode+"&"+sqlitePragmas+"&_pragma=busy_timeout("+ms+")&_pragma=cache_size(-32768)")
		if err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
		sdb.SetMaxOpenConns(readers)
		db.sql, db.read = sdb, sdb
		return db, ping(ctx, db, path)
	}
	mode := "mode=rw"
	if opt.Create {
		mode = "mode=rwc"
	}
	w, err := sql.Open("sqlite", "file:"+path+"?"+mode+"&"+sqlitePragmas+"&_pragma=busy_timeout("+ms+")&_txlock=immediate"+
		"&_pragma=cache_size(-131072)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	w.SetMaxOpenConns(1)
	db.sql = w
	// The writer connects first: it creates the file and turns WAL on, which
	// the readers rely on. Readers open the file read-write but are fenced
	// by query_only, because a read-only connection cannot recover a WAL
	// left by a process that stopped in the middle of a write.
	if err := ping(ctx, db, path); err != nil {
		return nil, err
	}
	r, err := sql.Open("sqlite", "file:"+path+"?mode=rw&"+sqlitePragmas+"&_pragma=busy_timeout("+ms+")"+
		"&_pragma=cache_size(-32768)&_query_only=1")
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("open database: %w", err)
	}
	r.SetMaxOpenConns(readers)
	r.SetMaxIdleConns(readers)
	db.read = r
	if err := r.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	return db, nil
}

// ping checks the first connection of db, closing db when it fails.
func ping(ctx context.Context, db *DB, name string) error {
	if err := db.sql.PingContext(ctx); err != nil {
		db.Close()
		return fmt.Errorf("open database %s: %w", redact(name), err)
	}
	return nil
}

// redact hides a password in a URL before it goes into a message.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	return u.Redacted()
}

// Display names the database for a message: its URL without a password.
func (db *DB) Display() string { return redact(db.URL) }

// Close closes the database.
func (db *DB) Close() error {
	var err error
	if db.replicas != nil {
		err = db.replicas.close()
	}
	if db.read != nil && db.read != db.sql {
		err = errors.Join(db.read.Close(), err)
	}
	db.sideOnce.Do(func() {}) // no side pool opened from now on
	if db.side != nil {
		err = errors.Join(db.side.Close(), err)
	}
	if db.sql != nil {
		err = errors.Join(db.sql.Close(), err)
	}
	return err
}

// Exec runs a statement written with ? placeholders, on the writer.
func (db *DB) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return db.exec(ctx, db.busy, q, args...)
}

// ExecIfFree runs a write that may as well be skipped (a session's
// last-seen time, say) only if no other writer holds an SQLite database,
// so that a page view never waits behind an import: it is Exec waiting
// for no one. It reports whether the statement ran. On PostgreSQL, where
// writers of different rows do not wait for each other, it always runs.
func (db *DB) ExecIfFree(ctx context.Context, q string, args ...any) (bool, error) {
	_, err := db.exec(ctx, 0, q, args...)
	if apperr.CodeOf(err) == apperr.Busy {
		return false, nil // another writer, of this process or another
	}
	return err == nil, err
}

// exec runs a statement on the writer, waiting at most wait for the write
// turn of an SQLite database and for a writer of another process.
func (db *DB) exec(ctx context.Context, wait time.Duration, q string, args ...any) (sql.Result, error) {
	if db.wlock == nil {
		return db.sql.ExecContext(ctx, db.Rebind(q), args...)
	}
	w, err := db.writer(ctx, wait)
	if err != nil {
		return nil, err
	}
	defer w.release()
	res, err := w.conn.ExecContext(ctx, db.Rebind(q), args...)
	return res, db.busyError(err)
}

// Query runs a query written with ? placeholders on the read pool. It
// only reads: on an SQLite file the pool refuses a write, which belongs
// in Exec or a transaction, where it waits its turn at most the busy
// timeout.
//
// With read replicas, a query of a context made by ReadFromReplica goes to
// a replica that may answer it; one that turns out lost hands the query to
// the primary.
func (db *DB) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	q = db.Rebind(q)
	if db.replicas != nil {
		if r := db.replicas.pick(ctx); r != nil {
			rows, err := r.sql.QueryContext(ctx, q, args...)
			if !db.replicas.failed(r, err) {
				return rows, err
			}
		}
	}
	return db.read.QueryContext(ctx, q, args...)
}

// QueryRow runs a query written with ? placeholders that returns one row,
// on the read pool as Query does.
func (db *DB) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	q = db.Rebind(q)
	if db.replicas != nil {
		if r := db.replicas.pick(ctx); r != nil {
			row := r.sql.QueryRowContext(ctx, q, args...)
			if !db.replicas.failed(r, row.Err()) {
				return row
			}
		}
	}
	return db.read.QueryRowContext(ctx, q, args...)
}

// writeConn is the writer connection of an SQLite database, held by one
// statement or transaction of this process.
type writeConn struct {
	db   *DB
	conn *sql.Conn
	wait time.Duration // SQLite's busy timeout while it is held
}

// release gives the connection and the write turn back, with SQLite's
// busy timeout as it was opened, which the next holder (connect) expects.
func (w *writeConn) release() {
	if w.wait != w.db.busy {
		w.conn.ExecContext(context.Background(), "PRAGMA busy_timeout = "+strconv.FormatInt(w.db.busy.Milliseconds(), 10))
	}
	w.conn.Close()
	<-w.db.wlock
}

// writer takes the write turn of an SQLite database, waiting for another
// statement or transaction of this process at most wait (not at all when
// wait is zero), and gives SQLite what remains of that time to wait for a
// writer in another process.
func (db *DB) writer(ctx context.Context, wait time.Duration) (*writeConn, error) {
	start := time.Now()
	select {
	case db.wlock <- struct{}{}:
	default:
		if wait <= 0 {
			return nil, db.busyErr(errors.New("another writer holds the write turn"))
		}
		timer := time.NewTimer(wait)
		defer timer.Stop()
		select {
		case db.wlock <- struct{}{}:
		case <-timer.C:
			return nil, db.busyErr(context.DeadlineExceeded)
		case <-ctx.Done():
			return nil, fmt.Errorf("database: %w", ctx.Err())
		}
	}
	left := time.Duration(0)
	if wait > 0 {
		// Waits under a millisecond leave SQLite's timeout as it is.
		left = max(wait-time.Since(start).Truncate(time.Millisecond), time.Millisecond)
	}
	return db.connect(ctx, left)
}

// connect takes the writer connection once the write turn is held, and
// sets how long SQLite waits for a writer of another process.
func (db *DB) connect(ctx context.Context, wait time.Duration) (*writeConn, error) {
	conn, err := db.sql.Conn(ctx)
	if err != nil {
		<-db.wlock
		return nil, fmt.Errorf("database: %w", err)
	}
	w := &writeConn{db: db, conn: conn, wait: db.busy}
	if wait == db.busy {
		return w, nil
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA busy_timeout = "+strconv.FormatInt(wait.Milliseconds(), 10)); err != nil {
		w.release()
		return nil, fmt.Errorf("database: %w", err)
	}
	w.wait = wait
	return w, nil
}

// sqliteBusy is SQLite's primary result code SQLITE_BUSY; extended codes
// (BUSY_RECOVERY, BUSY_SNAPSHOT, …) carry it in their low byte.
const sqliteBusy = 5

// pgLockNotAvailable is PostgreSQL's SQLSTATE lock_not_available: a lock
// wait ran past lock_timeout, which a writer's connections set to the busy
// timeout (OpenWith, Begin).
const pgLockNotAvailable = "55P03"

// busyError turns SQLite's "database is locked", and PostgreSQL's lock wait
// cut off by lock_timeout, into a Busy error that says what happened in
// Vietnamese; other errors pass unchanged. An error that already is, or
// wraps, a Busy error comes back as that Busy error alone, so that the
// person reads the Vietnamese message without the English context that
// wrapped it on the way up.
func (db *DB) busyError(err error) error {
	if err == nil {
		return nil
	}
	var ae *apperr.Error
	if errors.As(err, &ae) && ae.Code == apperr.Busy {
		return ae
	}
	var se interface{ Code() int }
	if errors.As(err, &se) && se.Code()&0xff == sqliteBusy {
		return db.busyErr(err)
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == pgLockNotAvailable {
		return db.busyErr(err)
	}
	return err
}

func (db *DB) busyErr(cause error) error {
	return &apperr.Error{Code: apperr.Busy, Message: fmt.Sprintf(vi.ErrBusy, db.busy), Err: cause}
}

// Tx is a transaction that rebinds like DB.
type Tx struct {
	tx      *sql.Tx
	db      *DB
	w       *writeConn // the SQLite writer, released at the end; nil on PostgreSQL
	conn    *sql.Conn  // the PostgreSQL connection of the transaction, for CopyFrom; closed at the end
	Dialect Dialect
	// stmts are the statements BulkInsert prepared: a writer that inserts
	// in batches reuses them. database/sql keeps every statement prepared
	// in a transaction (and its text, 30 kB for a statement of 1000 rows)
	// until the transaction ends, closed or not.
	stmts map[bulkKey]*sql.Stmt
	// savepoints numbers the savepoints of LockKeysShared, and shared
	// counts, per lock space, the shared locks held (SharedLocks.Upgrade).
	savepoints int
	shared     map[string]int
}

// Begin starts a transaction. Callers defer Rollback, which is harmless
// after Commit. On SQLite it takes the write lock at once, waiting for
// another writer at most the busy timeout (then a Busy error). On
// PostgreSQL, where writers lock rows and advisory keys as they go, every
// lock wait of the transaction (a row another writer updates, a figures
// lock, the counters row) is bounded by the busy timeout through
// lock_timeout, set on each connection of the pool when it opens
// (OpenWith), and one cut off is a Busy error too: the same promise,
// though a transaction that waits for several locks may wait up to the
// timeout for each.
func (db *DB) Begin(ctx context.Context) (*Tx, error) {
	if db.wlock == nil {
		// The transaction runs on a connection of its own, which CopyFrom
		// reaches below database/sql.
		conn, err := db.sql.Conn(ctx)
		if err != nil {
			return nil, fmt.Errorf("begin: %w", err)
		}
		tx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			conn.Close()
			return nil, fmt.Errorf("begin: %w", err)
		}
		return &Tx{tx: tx, db: db, conn: conn, Dialect: db.Dialect}, nil
	}
	w, err := db.writer(ctx, db.busy)
	if err != nil {
		return nil, err
	}
	tx, err := w.conn.BeginTx(ctx, nil)
	if err != nil {
		w.release()
		if err := db.busyError(err); apperr.CodeOf(err) == apperr.Busy {
			return nil, err
		}
		return nil, fmt.Errorf("begin: %w", err)
	}
	return &Tx{tx: tx, db: db, w: w, Dialect: db.Dialect}, nil
}

// InTx runs fn in a transaction, committing when it returns nil. A lock
// wait cut off by the busy timeout anywhere in it comes back as the Busy
// error alone (see busyError).
func (db *DB) InTx(ctx context.Context, fn func(*Tx) error) error {
	tx, err := db.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return db.busyError(err)
	}
	return tx.Commit()
}

// Commit commits the transaction.
func (tx *Tx) Commit() error {
	err := tx.tx.Commit()
	tx.release()
	return tx.db.busyError(err)
}

// Rollback abandons the transaction.
func (tx *Tx) Rollback() error {
	err := tx.tx.Rollback()
	tx.release()
	return err
}

// release gives the writer connection back once the transaction is over.
func (tx *Tx) release() {
	if tx.w != nil {
		tx.w.release()
		tx.w = nil
	}
	if tx.conn != nil {
		tx.conn.Close()
		tx.conn = nil
	}
}

// Exec runs a statement written with ? placeholders. A lock wait cut off
// by the busy timeout is a Busy error.
func (tx *Tx) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	res, err := tx.tx.ExecContext(ctx, rebind(tx.Dialect, q), args...)
	return res, tx.db.busyError(err)
}

// Query runs a query written with ? placeholders. A lock wait cut off by
// the busy timeout is a Busy error (the PostgreSQL driver reads the first
// row before it returns, so the wait ends here).
func (tx *Tx) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	rows, err := tx.tx.QueryContext(ctx, rebind(tx.Dialect, q), args...)
	return rows, tx.db.busyError(err)
}

// QueryRow runs a query written with ? placeholders that returns one row.
// Its error comes with Scan, where this cannot reach: InTx and Retry turn
// a lock wait cut off there into a Busy error.
func (tx *Tx) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return tx.tx.QueryRowContext(ctx, rebind(tx.Dialect, q), args...)
}

// Prepare prepares a statement written with ? placeholders.
func (tx *Tx) Prepare(ctx context.Context, q string) (*sql.Stmt, error) {
	return tx.tx.PrepareContext(ctx, rebind(tx.Dialect, q))
}

// Beside returns what reads committed data beside the transaction, on
// another connection (never a replica), for work that reads while the
// transaction's own connection is busy with something else, such as a
// COPY that the server works on. It sees nothing the transaction wrote:
// the caller reads only what its locks keep other writers from changing
// and what it has not changed itself. On PostgreSQL it is a small pool of
// its own (SidePoolSize connections, opened at the first need), not the
// main one, whose connections may all be held by writers waiting for the
// locks this transaction holds. On SQLite, whose writes are this
// process's own work, and where the side pool cannot be opened, it is the
// transaction itself.
func (tx *Tx) Beside() Querier {
	if tx.Dialect == Postgres {
		if side := tx.db.sidePool(); side != nil {
			return sideQuerier{db: tx.db, sql: side}
		}
	}
	return tx
}

// SidePoolSize is how many connections Tx.Beside opens on PostgreSQL.
const SidePoolSize = 2

// sidePool opens, once, the pool of Tx.Beside on PostgreSQL; nil if it
// cannot.
func (db *DB) sidePool() *sql.DB {
	db.sideOnce.Do(func() {
		side, err := sql.Open("pgx", db.URL)
		if err != nil {
			return
		}
		side.SetMaxOpenConns(SidePoolSize)
		side.SetMaxIdleConns(SidePoolSize)
		db.side = side
	})
	return db.side
}

// sideQuerier reads through the side pool, rebinding as DB does. Exec is
// there for the interface: Beside is for reading.
type sideQuerier struct {
	db  *DB
	sql *sql.DB
}

func (s sideQuerier) Exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return s.sql.ExecContext(ctx, s.db.Rebind(q), args...)
}

func (s sideQuerier) Query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return s.sql.QueryContext(ctx, s.db.Rebind(q), args...)
}

func (s sideQuerier) QueryRow(ctx context.Context, q string, args ...any) *sql.Row {
	return s.sql.QueryRowContext(ctx, s.db.Rebind(q), args...)
}

// Querier is what both DB and Tx offer, for read helpers that run in either.
type Querier interface {
	Exec(ctx context.Context, q string, args ...any) (sql.Result, error)
	Query(ctx context.Context, q string, args ...any) (*sql.Rows, error)
	QueryRow(ctx context.Context, q string, args ...any) *sql.Row
}
