package registry

import (
	"bytes"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// FuzzMemberFile feeds arbitrary member files (CSV, or bytes that look like
// a workbook) to a dry-run import: whatever the file, the import answers
// with a result or a user error (never a panic, never an internal error),
// and writes nothing.
func FuzzMemberFile(f *testing.F) {
	f.Add([]byte(goodFile))
	f.Add([]byte("commune,branch,full_name,joined_on\n00004,Chi hội Tổ dân phố 1,An,01/09/2025\n"))
	f.Add([]byte("Mã xã;Chi hội;Họ và tên\n00004;x;y\n"))
	f.Add([]byte("commune,branch,full_name,joined_on,cccd,birth_date,gender,left_on\n00004,b,\"Nguyễn\nVăn\",2025-09-01,001060012345,1960,Nam,01/01/2020\n"))
	f.Add([]byte("PK\x03\x04garbage"))
	db := storetest.SQLite(f)
	tree, err := units.Cached(ctx, db)
	if err != nil {
		f.Fatal(err)
	}
	if _, err := AddOrg(ctx, db, tree, auth.LocalAdmin("fuzz"), NewOrg{Kind: Grassroots, Name: "Hội", CommuneID: mustCommune(f, tree), Founded: d("2025-07-01")}, now); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, opt := range []ImportOptions{{DryRun: true}, {DryRun: true, CreateBranches: true, OnDuplicate: DuplicateUpdate}} {
			_, err := ImportMembers(ctx, db, tree, auth.LocalAdmin("fuzz"), bytes.NewReader(data), "fuzz.csv", "sum", opt, now)
			if err != nil {
				switch apperr.CodeOf(err) {
				case apperr.Invalid, apperr.Conflict, apperr.NotFound, apperr.Forbidden:
				default:
					t.Fatalf("not a user error (%s): %v", apperr.CodeOf(err), err)
				}
				if strings.TrimSpace(err.Error()) == "" {
					t.Fatal("an empty message")
				}
			}
		}
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM members").Scan(&n)
		if n != 0 {
			t.Fatalf("a dry run wrote %d members", n)
		}
	})
}

func mustCommune(tb testing.TB, tree *units.Tree) int64 {
	u, err := tree.Resolve(units.Commune, "00004", d("2026-01-01"))
	if err != nil {
		tb.Fatal(err)
	}
	return u.ID
}

// FuzzGivenFirst checks givenFirst's shortcut for single-spaced ASCII
// against its definition on the words of any text.
func FuzzGivenFirst(f *testing.F) {
	for _, s := range []string{"nguyen van an", "an", "", " a b", "a  b", "a\tb c", "le\u00a0van", "dang thi thu ha "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		w := strings.Fields(s)
		want := strings.Join(w, " ")
		if len(w) >= 2 {
			want = w[len(w)-1] + " " + strings.Join(w[:len(w)-1], " ")
		}
		if got := givenFirst(s); got != want {
			t.Fatalf("givenFirst(%q) = %q, want %q", s, got, want)
		}
	})
}
