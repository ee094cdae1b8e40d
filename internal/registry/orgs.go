package registry

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/members"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// OrgKind is the kind of an association unit.
type OrgKind string

// The kinds of association units.
const (
	Grassroots OrgKind = "grassroots" // Hội Khuyến học cơ sở: one per commune or ward, some in agencies and schools
	Branch     OrgKind = "branch"     // chi hội: by hamlet or residential group, school, agency, enterprise
	SubBranch  OrgKind = "subbranch"  // phân hội, tổ hội: part of a branch
	Board      OrgKind = "board"      // ban khuyến học: in an agency, enterprise, school or clan
)

// Kinds lists the kinds in the order pages offer them.
var Kinds = []OrgKind{Grassroots, Branch, SubBranch, Board}

// Label is the kind's Vietnamese name.
func (k OrgKind) Label() string { return vi.OrgKind(string(k)) }

// ParseOrgKind reads a kind written by a program ("branch") or a person
// ("Chi hội", "chi hoi").
func ParseOrgKind(s string) (OrgKind, error) {
	f := members.Fold(s)
	for _, k := range Kinds {
		if f == string(k) || f == members.Fold(k.Label()) {
			return k, nil
		}
	}
	return "", apperr.New(apperr.Invalid, vi.ErrOrgKind, strings.TrimSpace(s))
}

// parentKind is the kind an association unit of kind k hangs from ("" for
// none: a grassroots association sits in a commune).
func parentKind(k OrgKind) OrgKind {
	switch k {
	case Branch, Board:
		return Grassroots
	case SubBranch:
		return Branch
	}
	return ""
}

// Org is an association unit.
type Org struct {
	ID        int64
	Kind      OrgKind
	Name      string
	ParentID  int64 // 0 for a grassroots association
	PlaceKind string
	Place     string
	Founded   time.Time
	Dissolved time.Time // first day it no longer counts; zero while active
	// AssociationID is the grassroots association it belongs to (itself
	// for one), and CommuneID the commune where that association sits now
	// (or sat last).
	AssociationID int64
	CommuneID     int64
}

// Active reports whether the unit counts on day d.
func (o Org) Active(d time.Time) bool {
	return !d.Before(o.Founded) && (o.Dissolved.IsZero() || d.Before(o.Dissolved))
}

func (o Org) life() span { return span{from: o.Founded, until: o.Dissolved} }

// NewOrg is what AddOrg needs: for a grassroots association the commune it
// sits in, for any other unit its parent.
type NewOrg struct {
	Kind      OrgKind
	Name      string
	ParentID  int64
	CommuneID int64
	PlaceKind string
	Place     string
	Founded   time.Time
}

// registry caches what a write reads of the association units, within its
// transaction.
type registry struct {
	q      store.Querier
	tree   *units.Tree
	orgs   map[int64]*Org
	places map[int64][]place
}

func newRegistry(q store.Querier, tree *units.Tree) *registry {
	return &registry{q: q, tree: tree, orgs: map[int64]*Org{}, places: map[int64][]place{}}
}

const orgColumns = "id, kind, name, COALESCE(parent_org_id, 0), place_kind, place, founded_on, COALESCE(dissolved_on, '')"

func scanOrg(sc interface{ Scan(...any) error }) (*Org, error) {
	var (
		o                  Org
		kind, founded, end string
	)
	if err := sc.Scan(&o.ID, &kind, &o.Name, &o.ParentID, &o.PlaceKind, &o.Place, &founded, &end); err != nil {
		return nil, err
	}
	o.Kind = OrgKind(kind)
	var err error
	if o.Founded, err = time.Parse(time.DateOnly, founded); err != nil {
		return nil, fmt.Errorf("org %d: %w", o.ID, err)
	}
	if end != "" {
		if o.Dissolved, err = time.Parse(time.DateOnly, end); err != nil {
			return nil, fmt.Errorf("org %d: %w", o.ID, err)
		}
	}
	return &o, nil
}

// org loads an association unit with its association and commune. A
// missing one is NotFound.
func (r *registry) org(ctx context.Context, id int64) (*Org, error) {
	if o, ok := r.orgs[id]; ok {
		return o, nil
	}
	o, err := scanOrg(r.q.QueryRow(ctx, "SELECT "+orgColumns+" FROM orgs WHERE id = ?", id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, vi.ErrNoSuchOrg, id)
	}
	if err != nil {
		return nil, fmt.Errorf("registry: org %d: %w", id, err)
	}
	if o.ParentID == 0 {
		o.AssociationID = o.ID
	} else {
		p, err := r.org(ctx, o.ParentID)
		if err != nil {
			return nil, err
		}
		o.AssociationID = p.AssociationID
	}
	ps, err := r.placesOf(ctx, o.AssociationID)
	if err != nil {
		return nil, err
	}
	if len(ps) > 0 {
		o.CommuneID = ps[len(ps)-1].unit
	}
	r.orgs[id] = o
	return o, nil
}

// placesOf loads where an association sat, in order of time.
func (r *registry) placesOf(ctx context.Context, assoc int64) ([]place, error) {
	if ps, ok := r.places[assoc]; ok {
		return ps, nil
	}
	rows, err := r.q.Query(ctx, "SELECT unit_id, valid_from, COALESCE(valid_to, '') FROM org_places WHERE org_id = ? ORDER BY valid_from", assoc)
	if err != nil {
		return nil, fmt.Errorf("registry: places of %d: %w", assoc, err)
	}
	defer rows.Close()
	var ps []place
	for rows.Next() {
		var (
			p        place
			from, to string
		)
		if err := rows.Scan(&p.unit, &from, &to); err != nil {
			return nil, err
		}
		if p.from, err = time.Parse(time.DateOnly, from); err != nil {
			return nil, err
		}
		if to != "" {
			last, err := time.Parse(time.DateOnly, to)
			if err != nil {
				return nil, err
			}
			p.until = last.AddDate(0, 0, 1)
		}
		ps = append(ps, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	r.places[assoc] = ps
	return ps, nil
}

// orgPieces are the counts an association unit makes.
func (r *registry) orgPieces(ctx context.Context, o *Org) ([]piece, error) {
	ind := orgIndicator(o.Kind)
	if ind == "" {
		return nil, nil
	}
	ps, err := r.placesOf(ctx, o.AssociationID)
	if err != nil {
		return nil, err
	}
	return pieces(ind, o.life(), ps), nil
}

// commune is the unit an association unit's scope is checked against.
func (r *registry) commune(o *Org) *units.Unit {
	return r.tree.Get(o.CommuneID)
}

// AddOrg records a new association unit. A grassroots association is placed
// in a commune valid on its founding day; any other unit hangs from a parent
// of the right kind (a branch or a board from a grassroots association, a
// sub-branch from a branch) that is active on that day. The principal must
// write the commune.
func AddOrg(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, n NewOrg, now time.Time) (Org, error) {
	n.Name = members.CleanName(n.Name)
	if n.Name == "" {
		return Org{}, apperr.New(apperr.Invalid, vi.ErrOrgName)
	}
	if _, err := ParseOrgKind(string(n.Kind)); err != nil {
		return Org{}, err
	}
	today := units.Day(now)
	if n.Founded.IsZero() {
		n.Founded = today
	}
	if n.Founded.After(today) {
		return Org{}, apperr.New(apperr.Invalid, vi.ErrDayInFuture, vi.Date(n.Founded), vi.Date(today))
	}
	var out Org
	err := db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			r := newRegistry(tx, tree)
			o := &Org{Kind: n.Kind, Name: n.Name, PlaceKind: strings.TrimSpace(n.PlaceKind), Place: strings.TrimSpace(n.Place), Founded: n.Founded}
			if n.Kind == Grassroots {
				u := tree.Get(n.CommuneID)
				if u == nil || u.Level != units.Commune {
					return apperr.New(apperr.Invalid, vi.ErrOrgNeedsCommune)
				}
				if err := by.Check(u, auth.NeedWrite); err != nil {
					return err
				}
				if !u.ValidAt(n.Founded) && !u.ValidAt(today) {
					return apperr.New(apperr.Invalid, vi.ErrOrgCommuneNotThen, u.FullName(), vi.Date(n.Founded))
				}
				o.CommuneID = u.ID
			} else {
				p, err := r.org(ctx, n.ParentID)
				if err != nil {
					return err
				}
				if err := by.Check(r.commune(p), auth.NeedWrite); err != nil {
					return err
				}
				if p.Kind != parentKind(n.Kind) {
					return apperr.New(apperr.Invalid, vi.ErrOrgParentKind, n.Kind.Label(), parentKind(n.Kind).Label())
				}
				if !p.Active(n.Founded) {
					return apperr.New(apperr.Invalid, vi.ErrOrgParentInactive, p.Name, vi.Date(n.Founded))
				}
				o.ParentID, o.AssociationID, o.CommuneID = p.ID, p.AssociationID, p.CommuneID
			}
			if err := r.refuseSameName(ctx, o); err != nil {
				return err
			}
			t := tally{}
			if _, err := r.addOrgTx(ctx, tx, by, o, now, t); err != nil {
				return err
			}
			if err := applyCounts(ctx, tx, tree, t); err != nil {
				return err
			}
			out = *o
			return nil
		})
	})
	return out, err
}

// refuseSameName refuses a unit whose name (folded) an active unit of the
// same place already has: a grassroots association of the same commune, or
// a unit under the same parent (a second "Chi hội Thôn 1" is the first one
// typed again).
func (r *registry) refuseSameName(ctx context.Context, o *Org) error {
	var (
		id  int64
		err error
	)
	if o.Kind == Grassroots {
		err = r.q.QueryRow(ctx, `SELECT o.id FROM orgs o JOIN org_places p ON p.org_id = o.id AND p.valid_to IS NULL
			WHERE o.kind = 'grassroots' AND p.unit_id = ? AND o.search_name = ? AND o.dissolved_on IS NULL`, o.CommuneID, members.Fold(o.Name)).Scan(&id)
	} else {
		err = r.q.QueryRow(ctx, `SELECT id FROM orgs WHERE parent_org_id = ? AND search_name = ? AND dissolved_on IS NULL`,
			o.ParentID, members.Fold(o.Name)).Scan(&id)
	}
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("registry: add org: %w", err)
	}
	return apperr.New(apperr.Conflict, vi.ErrOrgExists, o.Name, id)
}

// DissolveOrg records that an association unit stops on day on (it no longer
// counts from that day). Its active sub-units must be dissolved first, and
// it must have no active members: a dissolution does not silently take
// members away.
func DissolveOrg(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, id int64, on time.Time, reason string, now time.Time) error {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return apperr.New(apperr.Invalid, vi.ErrReasonRequired)
	}
	if on.After(units.Day(now)) {
		return apperr.New(apperr.Invalid, vi.ErrDayInFuture, vi.Date(on), vi.Date(units.Day(now)))
	}
	return db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			r := newRegistry(tx, tree)
			o, err := r.org(ctx, id)
			if err != nil {
				return err
			}
			if err := by.Check(r.commune(o), auth.NeedWrite); err != nil {
				return err
			}
			if !o.Dissolved.IsZero() {
				return apperr.New(apperr.Conflict, vi.ErrOrgDissolved, o.Name, vi.Date(o.Dissolved))
			}
			if !on.After(o.Founded) {
				return apperr.New(apperr.Invalid, vi.ErrOrgDissolveBeforeFounded, vi.Date(on), vi.Date(o.Founded))
			}
			var n int
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM orgs WHERE parent_org_id = ? AND (dissolved_on IS NULL OR dissolved_on > ?)`, id, day(on)).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return apperr.New(apperr.Conflict, vi.ErrOrgHasUnits, o.Name, n)
			}
			if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM member_spans WHERE branch_id = ? AND (valid_to IS NULL OR valid_to >= ?)`, id, day(on)).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return apperr.New(apperr.Conflict, vi.ErrOrgHasMembers, o.Name, n)
			}
			before, err := r.orgPieces(ctx, o)
			if err != nil {
				return err
			}
			old := orgFields(o)
			o.Dissolved = on
			after, err := r.orgPieces(ctx, o)
			if err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, "UPDATE orgs SET dissolved_on = ?, updated_at = ? WHERE id = ?", day(on), now.UTC().Format(time.RFC3339), id); err != nil {
				return err
			}
			if o.Kind == Grassroots {
				if _, err := tx.Exec(ctx, "UPDATE org_places SET valid_to = ? WHERE org_id = ? AND valid_to IS NULL", day(on.AddDate(0, 0, -1)), id); err != nil {
					return err
				}
			}
			t := tally{}
			t.add(before, -1)
			t.add(after, 1)
			newFields := orgFields(o)
			newFields["reason"] = reason
			if err := writeHistory(ctx, tx, "org", o.ID, 0, "dissolve", old, newFields, by, 0, now); err != nil {
				return err
			}
			if err := audit.Record(ctx, tx, now, by.Actor(), audit.Entry{Action: audit.ActionOrgDissolve, UnitID: o.CommuneID,
				Detail: fmt.Sprintf(vi.AuditOrgDissolveDetail, o.Kind.Label(), o.Name, o.ID, vi.Date(on), reason)}); err != nil {
				return err
			}
			return applyCounts(ctx, tx, tree, t)
		})
	})
}

// ListOrgs lists the association units whose association sits in the
// commune on day at (those of every commune the principal reads when
// communeID is 0), active or not, by kind and name.
func ListOrgs(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, communeID int64, at time.Time) ([]Org, error) {
	if communeID != 0 {
		if err := by.Check(tree.Get(communeID), auth.NeedRead); err != nil {
			return nil, err
		}
	}
	var out []Org
	err := by.ReadableSQL(func(with string, args []any) error {
		q := with + `SELECT o.id, o.kind, o.name, COALESCE(o.parent_org_id, 0), o.place_kind, o.place, o.founded_on,
			COALESCE(o.dissolved_on, ''), a.id, p.unit_id FROM orgs o
			JOIN orgs a ON a.id = CASE WHEN o.parent_org_id IS NULL THEN o.id
				WHEN (SELECT parent_org_id FROM orgs x WHERE x.id = o.parent_org_id) IS NULL THEN o.parent_org_id
				ELSE (SELECT parent_org_id FROM orgs x WHERE x.id = o.parent_org_id) END
			JOIN org_places p ON p.org_id = a.id AND p.valid_from <= ? AND (p.valid_to IS NULL OR p.valid_to >= ?)
			WHERE p.unit_id IN (SELECT id FROM readable)`
		args = append(args, day(at), day(at))
		if communeID != 0 {
			q += " AND p.unit_id = ?"
			args = append(args, communeID)
		}
		rows, err := db.Query(ctx, q, args...)
		if err != nil {
			return fmt.Errorf("registry: list orgs: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var o Org
			var kind, founded, end string
			if err := rows.Scan(&o.ID, &kind, &o.Name, &o.ParentID, &o.PlaceKind, &o.Place, &founded, &end, &o.AssociationID, &o.CommuneID); err != nil {
				return err
			}
			o.Kind = OrgKind(kind)
			o.Founded, _ = time.Parse(time.DateOnly, founded)
			if end != "" {
				o.Dissolved, _ = time.Parse(time.DateOnly, end)
			}
			out = append(out, o)
		}
		return rows.Err()
	})
	sortOrgs(out)
	return out, err
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func day(t time.Time) string { return t.Format(time.DateOnly) }

// orgFields are an association unit's fields as its history keeps them.
func orgFields(o *Org) map[string]string {
	f := map[string]string{"kind": string(o.Kind), "name": o.Name, "founded_on": day(o.Founded)}
	if o.ParentID != 0 {
		f["parent"] = fmt.Sprint(o.ParentID)
	}
	if o.Place != "" {
		f["place"] = o.Place
	}
	if o.PlaceKind != "" {
		f["place_kind"] = o.PlaceKind
	}
	if !o.Dissolved.IsZero() {
		f["dissolved_on"] = day(o.Dissolved)
	}
	return f
}

// sortOrgs orders association units by kind (as Kinds lists them), then by
// name in Vietnamese alphabetical order.
func sortOrgs(os []Org) {
	rank := map[OrgKind]int{}
	for i, k := range Kinds {
		rank[k] = i
	}
	sort.SliceStable(os, func(i, j int) bool {
		if rank[os[i].Kind] != rank[os[j].Kind] {
			return rank[os[i].Kind] < rank[os[j].Kind]
		}
		return members.SortKey(os[i].Name) < members.SortKey(os[j].Name)
	})
}
