package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/schema"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// TestServerWithAReplicaReadsTheWritersOwnWrites runs the server over a
// primary and a streaming replica of its own. With the replica's replay
// paused, a figure written through the API is in the writer's next report
// (it sends back the X-Read-Position the write gave it, so the primary
// answers), while a reader without it is answered by the replica, which
// has not replayed the write: the reads really go to the replica, and the
// writer never misses its own write. Signing in reads the primary, so a
// token is honoured at once.
func TestServerWithAReplicaReadsTheWritersOwnWrites(t *testing.T) {
	primary, rep := storetest.PrimaryAndReplica(t)
	ctx := context.Background()
	pdb := primary.Direct(t)
	if err := schema.Migrate(ctx, pdb, apiNow); err != nil {
		t.Fatal(err)
	}
	w := newAPIWorld(t, pdb)
	db, err := store.OpenWith(ctx, primary.URL(), store.Options{ReadURLs: []string{rep.URL()}, MaxReplicaLag: time.Hour,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	w.h = testHandler(t, db, apiNow)

	// The replica has everything so far, then stops replaying.
	rdb := rep.Direct(t)
	pos, err := db.Position(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		var caught bool
		if rdb.QueryRow(ctx, "SELECT pg_last_wal_replay_lsn() >= ?::pg_lsn", pos).Scan(&caught) == nil && caught {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the replica did not replay the seed")
		}
	}
	time.Sleep(500 * time.Millisecond) // the server's poller sees it
	if _, err := rdb.Exec(ctx, "SELECT pg_wal_replay_pause()"); err != nil {
		t.Fatal(err)
	}

	rec := w.call("admin", "POST", "/api/v1/aggregates", rowBody(row("2026H1", w.dlComm, "members.total", "7777777")))
	if rec.Code != http.StatusOK {
		t.Fatalf("write: %d\n%s", rec.Code, rec.Body)
	}
	after := rec.Header().Get("X-Read-Position")
	if after == "" {
		t.Fatal("the write's answer has no X-Read-Position")
	}
	report := func(position string) string {
		t.Helper()
		req := httptest.NewRequest("GET", "/api/v1/reports?scope="+w.dlComm+"&period=2026H1", nil)
		req.Header.Set("Authorization", "Bearer "+w.tok["admin"])
		if position != "" {
			req.Header.Set("X-Read-Position", position)
		}
		rec := httptest.NewRecorder()
		w.h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("report: %d\n%s", rec.Code, rec.Body)
		}
		return rec.Body.String()
	}
	if !strings.Contains(report(after), "7777777") {
		t.Error("the writer's report lacks its own write")
	}
	if strings.Contains(report(""), "7777777") {
		t.Error("a reader without the position was not answered by the paused replica (the write is in its report)")
	}
	if _, err := rdb.Exec(ctx, "SELECT pg_wal_replay_resume()"); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(report(""), "7777777"); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("after the replica resumed, a reader still lacks the write")
		}
	}
}

// Without replicas a write gives no position: nothing to send back.
func TestNoReadPositionWithoutReplicas(t *testing.T) {
	db := storetest.SQLite(t)
	w := newAPIWorld(t, db)
	w.h = testHandler(t, db, apiNow)
	rec := w.call("admin", "POST", "/api/v1/aggregates", rowBody(row("2026H1", w.dlComm, "members.total", "12")))
	if rec.Code != http.StatusOK || rec.Header().Get("X-Read-Position") != "" {
		t.Errorf("write without replicas: %d, X-Read-Position %q", rec.Code, rec.Header().Get("X-Read-Position"))
	}
}
