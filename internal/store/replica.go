package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// Read replicas of a PostgreSQL primary (Options.ReadURLs).
//
// Only reads that say they may be answered by a replica go to one: a
// context made by ReadFromReplica, which the web server gives to the pages
// and reports a GET request reads. Everything else (transactions, writes,
// the reads a command or a write makes before it writes, migrations) stays
// on the primary, so that no decision is taken on a stale read.
//
// A user who has just written reads their own writes: the position of the
// primary's write-ahead log after the write (Position) travels with the
// user's next requests, and a replica is chosen only once it has replayed
// that far; until then the primary answers. A replica that cannot be
// reached, or that lags more than Options.MaxReplicaLag behind the primary,
// is skipped with a log line, and the primary answers: never an error.

// DefaultMaxReplicaLag is how far behind the primary (in time) a replica may
// replay before it is skipped.
const DefaultMaxReplicaLag = 5 * time.Second

// replicaPoll is how often each replica's replay position (and the
// primary's position) is read.
const replicaPoll = 200 * time.Millisecond

// replica is one read replica and what the last poll found of it.
type replica struct {
	sql      *sql.DB
	name     string        // its URL without a password, for the log
	replayed atomic.Uint64 // the WAL position it has replayed
	up       atomic.Bool   // reachable at the last poll or query
	behind   atomic.Bool   // lagging more than the allowed lag at the last poll
}

// replicaSet is the replicas of a DB and their poller.
type replicaSet struct {
	list   []*replica
	next   atomic.Uint32 // round robin over the eligible ones
	maxLag time.Duration
	log    *slog.Logger
	stop   context.CancelFunc
	done   sync.WaitGroup

	mu      sync.Mutex
	samples []posSample // the primary's recent positions, oldest first
}

// posSample is the primary's WAL position at a time.
type posSample struct {
	at  time.Time
	pos uint64
}

type readPrefKey struct{}

// readPref says a read may go to a replica that has replayed at least min.
type readPref struct{ min uint64 }

// ReadFromReplica marks ctx as the context of reads that a replica may
// answer once it has replayed the primary's log up to pos, a Position
// ("" for none: any replica not lagging). A malformed pos counts as none
// being satisfied: the primary answers.
func ReadFromReplica(ctx context.Context, pos string) context.Context {
	p := readPref{}
	if pos != "" {
		v, ok := parseLSN(pos)
		if !ok {
			v = ^uint64(0)
		}
		p.min = v
	}
	return context.WithValue(ctx, readPrefKey{}, p)
}

// HasReplicas reports whether reads may go to replicas.
func (db *DB) HasReplicas() bool { return db.replicas != nil }

// Position returns the primary's current write-ahead log position, to be
// given to ReadFromReplica by the same user's next reads; "" where there
// are no replicas.
func (db *DB) Position(ctx context.Context) (string, error) {
	if db.replicas == nil {
		return "", nil
	}
	var pos string
	if err := db.sql.QueryRowContext(ctx, "SELECT pg_current_wal_lsn()::text").Scan(&pos); err != nil {
		return "", fmt.Errorf("log position: %w", err)
	}
	return pos, nil
}

// parseLSN reads a PostgreSQL log position, "16/B374D848".
func parseLSN(s string) (uint64, bool) {
	hi, lo, ok := strings.Cut(s, "/")
	if !ok {
		return 0, false
	}
	h, err1 := strconv.ParseUint(hi, 16, 32)
	l, err2 := strconv.ParseUint(lo, 16, 32)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return h<<32 | l, true
}

// openReplicas connects to the replicas and starts polling them. A replica
// that cannot be reached now is not an error: it is polled until it can.
func openReplicas(urls []string, maxLag time.Duration, log *slog.Logger, primary *sql.DB) (*replicaSet, error) {
	if maxLag <= 0 {
		maxLag = DefaultMaxReplicaLag
	}
	if log == nil {
		log = slog.Default()
	}
	rs := &replicaSet{maxLag: maxLag, log: log}
	for _, u := range urls {
		conn, err := replicaConnector(withParam(u, "default_transaction_read_only", "on"))
		if err != nil {
			rs.close()
			return nil, fmt.Errorf("open read replica %s: %w", redact(u), err)
		}
		sdb := sql.OpenDB(conn)
		sdb.SetMaxOpenConns(8)
		rs.list = append(rs.list, &replica{sql: sdb, name: redact(u)})
	}
	ctx, cancel := context.WithCancel(context.Background())
	rs.stop = cancel
	rs.poll(ctx, primary) // the first positions before any read
	rs.done.Add(1)
	go func() {
		defer rs.done.Done()
		t := time.NewTicker(replicaPoll)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				rs.poll(ctx, primary)
			}
		}
	}()
	return rs, nil
}

// poll reads the primary's position and each replica's replayed position,
// and marks each replica up or down, in step or behind, logging each change.
func (rs *replicaSet) poll(ctx context.Context, primary *sql.DB) {
	now := time.Now()
	if pos, err := readLSN(ctx, primary, "SELECT pg_current_wal_lsn()::text"); err == nil {
		rs.mu.Lock()
		rs.samples = append(rs.samples, posSample{now, pos})
		// Keep the samples of the allowed lag and one older.
		cut := 0
		for cut+1 < len(rs.samples) && now.Sub(rs.samples[cut+1].at) >= rs.maxLag {
			cut++
		}
		rs.samples = rs.samples[cut:]
		rs.mu.Unlock()
	}
	for _, r := range rs.list {
		pos, err := readLSN(ctx, r.sql, "SELECT pg_last_wal_replay_lsn()::text")
		if err != nil {
			if ctx.Err() == nil {
				rs.down(r, err)
			}
			continue
		}
		r.replayed.Store(pos)
		if !r.up.Swap(true) {
			rs.log.Info("read replica in use", "replica", r.name)
		}
		behind := pos < rs.requiredPos(now)
		if r.behind.Swap(behind) != behind {
			if behind {
				rs.log.Warn("read replica lags; reading from the primary", "replica", r.name, "max_lag", rs.maxLag.String())
			} else {
				rs.log.Info("read replica caught up", "replica", r.name)
			}
		}
	}
}

// requiredPos is the position a replica must have replayed not to count as
// lagging: where the primary was the allowed lag ago (0 while the process
// has not watched it that long).
func (rs *replicaSet) requiredPos(now time.Time) uint64 {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	var need uint64
	for _, s := range rs.samples {
		if now.Sub(s.at) < rs.maxLag {
			break
		}
		need = s.pos
	}
	return need
}

// down marks r unreachable, logging the change.
func (rs *replicaSet) down(r *replica, err error) {
	if r.up.Swap(false) {
		rs.log.Warn("read replica unreachable; reading from the primary", "replica", r.name, "error", err.Error())
	}
}

// readLSN runs a query returning one log position, bounded by a second.
func readLSN(ctx context.Context, db *sql.DB, q string) (uint64, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	var s sql.NullString
	if err := db.QueryRowContext(ctx, q).Scan(&s); err != nil {
		return 0, err
	}
	if !s.Valid {
		return 0, errors.New("not a replica: no replay position")
	}
	v, ok := parseLSN(s.String)
	if !ok {
		return 0, fmt.Errorf("log position %q", s.String)
	}
	return v, nil
}

// pick returns a replica that may answer the reads of ctx, or nil for the
// primary.
func (rs *replicaSet) pick(ctx context.Context) *replica {
	pref, ok := ctx.Value(readPrefKey{}).(readPref)
	if !ok {
		return nil
	}
	n := uint32(len(rs.list))
	start := rs.next.Add(1)
	for i := range n {
		r := rs.list[(start+i)%n]
		if r.up.Load() && !r.behind.Load() && r.replayed.Load() >= pref.min {
			return r
		}
	}
	return nil
}

// failed reports whether err means that the replica r is lost (rather than
// that it answered with an error of the query), marking it down if so.
func (rs *replicaSet) failed(r *replica, err error) bool {
	if err == nil || errors.Is(err, sql.ErrNoRows) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && !strings.HasPrefix(pgErr.Code, "57") && !strings.HasPrefix(pgErr.Code, "08") {
		return false // the replica answered: the query's own error
	}
	rs.down(r, err)
	return true
}

// close stops the poller and closes the replicas' pools.
func (rs *replicaSet) close() error {
	if rs.stop != nil {
		rs.stop()
	}
	rs.done.Wait()
	var err error
	for _, r := range rs.list {
		err = errors.Join(err, r.sql.Close())
	}
	return err
}
