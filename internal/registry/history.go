package registry

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/members"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// MemberHistory reads the changes of a member's record, oldest first, for
// the member's page. The principal must read the member (GetMember's
// check, so a member outside the scope is NotFound). The personal fields
// (CCCD, phone, address, birth date) are masked in the history as in the
// record unless the principal may see them (a writer of the commune); the
// history shows what changed, and reading it records nothing.
func MemberHistory(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, id int64, now time.Time) ([]Change, error) {
	m, err := GetMember(ctx, db, tree, by, id, false, now)
	if err != nil {
		return nil, err
	}
	full := mayReveal(by, m.CommuneID)
	rows, err := db.Query(ctx, "SELECT changed_at, actor, action, old_fields, new_fields FROM registry_history WHERE record = 'member' AND record_id = ? ORDER BY id", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Change
	// A member added by an import has no history row of their own (the
	// import is the record of it): the first line says which file, who
	// and when.
	var src, actor, at string
	err = db.QueryRow(ctx, `SELECT i.source, i.actor, i.imported_at FROM members m JOIN imports i ON i.id = m.import_id
		WHERE m.id = ?`, id).Scan(&src, &actor, &at)
	if err == nil {
		c := Change{Actor: actor, Action: "import-add", New: `{"source":` + strconv.Quote(src) + `}`}
		c.At, _ = time.Parse(time.RFC3339, at)
		out = append(out, c)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	for rows.Next() {
		var c Change
		var at string
		if err := rows.Scan(&at, &c.Actor, &c.Action, &c.Old, &c.New); err != nil {
			return nil, err
		}
		c.At, _ = time.Parse(time.RFC3339, at)
		if !full {
			c.Old, c.New = maskFields(c.Old), maskFields(c.New)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// maskFields hides the personal fields of a history row's JSON as mask
// hides them in a record.
func maskFields(js string) string {
	var f map[string]string
	if js == "" || json.Unmarshal([]byte(js), &f) != nil {
		return js
	}
	for _, k := range []string{ColCCCD, ColPhone, ColAddress, ColBirthDate, ColConsent} {
		v, ok := f[k]
		if !ok || v == vi.ErasedValue {
			continue
		}
		switch k {
		case ColCCCD:
			f[k] = members.MaskCCCD(v)
		case ColPhone:
			f[k] = members.MaskPhone(v)
		case ColBirthDate:
			f[k] = v[:min(len(v), 4)] // stored as ISO or a year: the year
		default:
			f[k] = vi.Masked
		}
	}
	b, _ := json.Marshal(f)
	return string(b)
}
