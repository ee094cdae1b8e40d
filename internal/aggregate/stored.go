package aggregate

import (
	"context"
	"fmt"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Stored is one value stored at a unit (imported, written through the API
// or approved on a form), as the API gives it out. Roll-ups are not stored
// values: reports compute them.
type Stored struct {
	Period    string
	Indicator string
	Value     float64
	// UpdatedAt is when the import or approval that wrote the value ran,
	// as stored (RFC 3339, UTC); empty when the stored row names none.
	UpdatedAt string
	// ImportID is the import that wrote the value, if the row names one.
	ImportID *int64
	// Basis is "total" (the unit and everything below it) or "own" (the
	// association's own at that level).
	Basis string
}

// StoredAt lists the values stored at one unit, for one period when per is
// not empty, else for every period, ordered by period and indicator. It is
// a read of the figures area: the principal must be able to read the unit.
func StoredAt(ctx context.Context, q store.Querier, by auth.Principal, u *units.Unit, per string) ([]Stored, error) {
	if !by.CanRead(u.ID) {
		return nil, apperr.New(apperr.Forbidden, vi.ErrFiguresForbidden, u.FullName())
	}
	query := `SELECT v.period, v.indicator, v.value, COALESCE(i.imported_at, ''), v.import_id, v.basis
		FROM aggregate_values v LEFT JOIN imports i ON i.id = v.import_id WHERE v.unit_id = ?`
	args := []any{u.ID}
	if per != "" {
		query += " AND v.period = ?"
		args = append(args, per)
	}
	rows, err := q.Query(ctx, query+" ORDER BY v.period, v.indicator, v.basis DESC", args...)
	if err != nil {
		return nil, fmt.Errorf("stored values: %w", err)
	}
	defer rows.Close()
	out := []Stored{}
	for rows.Next() {
		var v Stored
		if err := rows.Scan(&v.Period, &v.Indicator, &v.Value, &v.UpdatedAt, &v.ImportID, &v.Basis); err != nil {
			return nil, fmt.Errorf("stored values: %w", err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
