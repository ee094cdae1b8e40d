package demo

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/ingest"
	"github.com/khuyenhoc/khuyenhoc/internal/registry"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// day is the day of the member lists of these tests.
var day = time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)

func TestMemberListsAreTheSameForTheSameSeed(t *testing.T) {
	var a, b, c bytes.Buffer
	if err := WriteMembers(7, smallUnits(), day, &a); err != nil {
		t.Fatal(err)
	}
	WriteMembers(7, smallUnits(), day, &b)
	WriteMembers(8, smallUnits(), day, &c)
	if !bytes.Equal(a.Bytes(), b.Bytes()) || bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Error("the member file does not follow the seed")
	}
	lines := strings.Split(strings.TrimSpace(a.String()), "\n")
	if want := 1 + len(smallUnits().New)*MembersPerCommune; len(lines) != want {
		t.Errorf("%d lines, want %d", len(lines), want)
	}
}

// TestDemoMemberListsImportWithTheirBranches imports the member lists of
// the demo's communes as the demo loads them: every row is accepted, and
// each commune gets its association and four branches.
func TestDemoMemberListsImportWithTheirBranches(t *testing.T) {
	ctx := context.Background()
	db := storetest.SQLite(t)
	tree, err := units.LoadTree(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	now := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	if err := WriteMembers(1, FromTree(tree), units.Day(now), &buf); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	sum, err := ingest.Digest(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	res, err := registry.ImportMembers(ctx, db, tree, auth.LocalAdmin("demo"), bytes.NewReader(data), "demo-hoi-vien.csv", sum,
		registry.ImportOptions{CreateBranches: true}, now)
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != MemberCommunes*MembersPerCommune {
		t.Errorf("added %d members, want %d", res.Added, MemberCommunes*MembersPerCommune)
	}
	if want := MemberCommunes * (1 + len(memberBranches)); len(res.CreatedBranches) != want {
		t.Errorf("created %d associations and branches, want %d: %q", len(res.CreatedBranches), want, res.CreatedBranches)
	}
}
