package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/cluster"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/web"
)

// The setup the test worlds (apiWorld, pageWorld, writeWorld) share.

// testPassword is the password of every user the worlds create.
const testPassword = "mat-khau-dai"

// testHandler is the application over db, its clock stopped at now and its
// log silenced.
func testHandler(t testing.TB, db *store.DB, now time.Time) http.Handler {
	t.Helper()
	return testHandlerClock(t, db, func() time.Time { return now })
}

// testHandlerClock is testHandler with a clock the test moves itself.
func testHandlerClock(t testing.TB, db *store.DB, clock func() time.Time) http.Handler {
	t.Helper()
	srv, err := web.New(db, web.Options{Now: clock, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	return srv.Handler()
}

// importTestClusters makes the clusters of 2026: cluster "1", named name1,
// holds province 66 and cluster "2", named name2, province 52; a third
// province joins each, so that a cluster holds more than a user's own
// province.
func importTestClusters(t *testing.T, db *store.DB, tree *units.Tree, now time.Time, name1, name2 string) {
	t.Helper()
	var others []string
	for _, p := range tree.All(units.Province, units.Day(now)) {
		if p.Code != "66" && p.Code != "52" && len(others) < 2 {
			others = append(others, p.Code)
		}
	}
	_, err := cluster.Import(context.Background(), db, auth.LocalAdmin("test"), []cluster.Row{
		{Line: 2, Year: "2026", Cluster: "1", Name: name1, Province: "66"},
		{Line: 3, Year: "2026", Cluster: "1", Name: name1, Province: others[0]},
		{Line: 4, Year: "2026", Cluster: "2", Name: name2, Province: "52"},
		{Line: 5, Year: "2026", Cluster: "2", Name: name2, Province: others[1]},
	}, cluster.Options{Source: "clusters.csv", Now: now})
	if err != nil {
		t.Fatal(err)
	}
}

// createTestUser adds a user with testPassword.
func createTestUser(t *testing.T, db *store.DB, email, name string, role auth.Role, scope *units.Unit, now time.Time) auth.User {
	t.Helper()
	u, err := auth.CreateUser(context.Background(), db, auth.NewUser{Email: email, Name: name, Role: role,
		ScopeUnitID: scope.ID, Password: testPassword}, now)
	if err != nil {
		t.Fatal(err)
	}
	return u
}
