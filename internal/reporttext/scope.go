package reporttext

import (
	"context"
	"hash/fnv"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/cluster"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// CheckPeriod refuses a period that has no report document: only a year
// (the year-end report) and its first half (the half-year report) have
// one. The second half is covered by the year-end report; quarters and
// months have no report of their own.
func CheckPeriod(p period.Period) error {
	switch {
	case p.Kind == period.Year, p.Kind == period.Half && p.N == 1:
		return nil
	case p.Kind == period.Half:
		return apperr.New(apperr.Invalid, vi.ErrReportPeriodH2, p.NameVI(), p.Year, p.Year)
	}
	return apperr.New(apperr.Invalid, vi.ErrReportPeriodKind, p.NameVI(), p.Year, p.Year)
}

// Previous is the report before p, whose texts p is offered: the year-end
// report of the year before a half-year report, the half-year report of
// the same year before a year-end report. p must be a document period.
func Previous(p period.Period) period.Period {
	if p.Kind == period.Half {
		return period.Period{Kind: period.Year, Year: p.Year - 1}
	}
	return period.Period{Kind: period.Half, Year: p.Year, N: 1}
}

// target is the resolved scope of a report: a unit (the nation is one) or
// a cluster with its provinces, as of the period's last day.
type target struct {
	ref     units.Ref
	unit    *units.Unit      // nil for a cluster
	cluster *cluster.Cluster // nil for a unit
}

// resolve finds the scope ref at the end of period p.
func resolve(ctx context.Context, q store.Querier, tree *units.Tree, ref units.Ref, p period.Period) (target, error) {
	if ref.Level == units.Cluster {
		c, err := cluster.GetAt(ctx, q, ref.Code, p.End())
		if err != nil {
			return target{}, err
		}
		return target{ref: ref, cluster: &c}, nil
	}
	u, err := tree.Resolve(ref.Level, ref.Code, p.End())
	if err != nil {
		return target{}, err
	}
	return target{ref: ref, unit: u}, nil
}

// check applies the scope rule: a scope the principal may not read is
// NotFound (its existence is not revealed), one they read but may not
// write (when write) is Forbidden.
func (t target) check(by auth.Principal, write bool) error {
	if t.unit != nil {
		need := auth.NeedRead
		if write {
			need = auth.NeedWrite
		}
		return by.Check(t.unit, need)
	}
	ids := t.cluster.AllProvinceIDs()
	if !by.CanReadCluster(ids) {
		return apperr.New(apperr.NotFound, vi.ErrNoSuchUnitForYou, t.ref.String())
	}
	if write && !by.CanWriteCluster(ids) {
		return apperr.New(apperr.Forbidden, vi.ErrForbidden)
	}
	return nil
}

// readable is check for reading, as a yes or no.
func (t target) readable(by auth.Principal) bool { return t.check(by, false) == nil }

// key is how the tables name the scope: its unit id, or its cluster's code
// (with unit_id NULL).
func (t target) key() (unitID any, clusterCode string) {
	if t.unit != nil {
		return t.unit.ID, ""
	}
	return nil, t.cluster.Code
}

// where is the condition that selects the scope's rows and its arguments.
func (t target) where() (string, []any) {
	if t.unit != nil {
		return "unit_id = ?", []any{t.unit.ID}
	}
	return "unit_id IS NULL AND cluster = ?", []any{t.cluster.Code}
}

// unitID is the unit of the audit entry: the unit, or none for a cluster.
func (t target) unitID() int64 {
	if t.unit != nil {
		return t.unit.ID
	}
	return 0
}

// name is the scope as people read it ("Tỉnh Đắk Lắk", "Cụm thi đua số 6").
func (t target) name() string {
	if t.unit != nil {
		return t.unit.FullName()
	}
	return t.cluster.Name
}

// lockKey is the key of the lock a save of the scope takes (on PostgreSQL),
// so that two saves of the same scope run one after the other and the
// second sees the versions the first wrote: the unit's id, or a negative
// hash of the cluster's code.
func (t target) lockKey() int64 {
	if t.unit != nil {
		return t.unit.ID
	}
	h := fnv.New32a()
	h.Write([]byte(t.cluster.Code))
	return -int64(h.Sum32() >> 1)
}

// lock takes the scope's lock for the rest of tx.
func (t target) lock(ctx context.Context, tx *store.Tx, space string) error {
	return tx.LockKeys(ctx, space, []int64{t.lockKey()})
}
