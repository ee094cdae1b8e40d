package models

import (
	"bytes"
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

//go:embed defaults/*.json
var defaultFiles embed.FS

// Defaults are the embedded default sets, one per title (four for the
// citizen's target groups), sorted by ID. Every number no public text gave
// is marked in the set's to_confirm notes.
var Defaults = mustDefaults()

func mustDefaults() []*Set {
	ents, err := defaultFiles.ReadDir("defaults")
	if err != nil {
		panic(err)
	}
	var out []*Set
	for _, e := range ents {
		b, err := defaultFiles.ReadFile("defaults/" + e.Name())
		if err != nil {
			panic(err)
		}
		s, err := ParseSet(bytes.NewReader(b))
		if err != nil {
			panic(fmt.Sprintf("criteria default %s: %v", e.Name(), err))
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// The audit actions of the area.
const (
	ActionCriteriaLoad = "criteria.load"
	ActionRegister     = "models.register"
	ActionEvaluate     = "models.evaluate"
	ActionVerify       = "models.verify"
	ActionRecognise    = "models.recognise"
	ActionRefuse       = "models.refuse"
	ActionRevoke       = "models.revoke"
	ActionBody         = "models.body"
)

// ListSets lists the criteria sets: the latest stored version of each, and
// the embedded defaults not stored yet.
func ListSets(ctx context.Context, q store.Querier) ([]*Set, error) {
	stored, err := storedLatest(ctx, q)
	if err != nil {
		return nil, err
	}
	byID := map[string]*Set{}
	for _, s := range Defaults {
		byID[s.ID] = s
	}
	for _, s := range stored {
		byID[s.ID] = s
	}
	out := make([]*Set, 0, len(byID))
	for _, s := range byID {
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// parsed keeps the sets parsed from stored bodies, by body: a body is
// checked and parsed once per process (the public page reads the set on
// every post), and a body that differs is another key.
var parsed sync.Map // string → *Set

// parseStored parses a stored set's body, once per body. Callers must not
// change the set they get (copy it first, as LoadSet does).
func parseStored(body string) (*Set, error) {
	if s, ok := parsed.Load(body); ok {
		return s.(*Set), nil
	}
	s, err := ParseSet(strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	parsed.Store(body, s)
	return s, nil
}

func storedLatest(ctx context.Context, q store.Querier) ([]*Set, error) {
	rows, err := q.Query(ctx, `SELECT body FROM criteria_sets c WHERE version = (SELECT MAX(version) FROM criteria_sets d WHERE d.set_id = c.set_id) ORDER BY set_id`)
	if err != nil {
		return nil, fmt.Errorf("criteria sets: %w", err)
	}
	defer rows.Close()
	var out []*Set
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, fmt.Errorf("criteria sets: %w", err)
		}
		s, err := parseStored(body)
		if err != nil {
			return nil, fmt.Errorf("criteria sets: stored set: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// ParseRef reads "ID" (the latest version) or "ID@VERSION".
func ParseRef(ref string) (string, int, error) {
	id, v, found := strings.Cut(strings.TrimSpace(ref), "@")
	if !idPattern.MatchString(id) {
		return "", 0, apperr.New(apperr.Invalid, vi.ErrCriteriaBadRef, ref)
	}
	if !found {
		return id, 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return "", 0, apperr.New(apperr.Invalid, vi.ErrCriteriaBadRef, ref)
	}
	return id, n, nil
}

// GetSet finds a set by "ID" (its latest version) or "ID@VERSION", stored
// or embedded. A missing one is NotFound.
func GetSet(ctx context.Context, q store.Querier, ref string) (*Set, error) {
	id, v, err := ParseRef(ref)
	if err != nil {
		return nil, err
	}
	return getSet(ctx, q, id, v)
}

func getSet(ctx context.Context, q store.Querier, id string, v int) (*Set, error) {
	var body string
	var err error
	if v == 0 {
		err = q.QueryRow(ctx, "SELECT body FROM criteria_sets WHERE set_id = ? ORDER BY version DESC LIMIT 1", id).Scan(&body)
	} else {
		err = q.QueryRow(ctx, "SELECT body FROM criteria_sets WHERE set_id = ? AND version = ?", id, v).Scan(&body)
	}
	switch {
	case err == nil:
		return parseStored(body)
	case !errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("criteria set %s: %w", id, err)
	}
	for _, s := range Defaults {
		if s.ID == id && (v == 0 || v == s.Version) {
			return s, nil
		}
	}
	ref := id
	if v > 0 {
		ref = fmt.Sprintf("%s@%d", id, v)
	}
	return nil, apperr.New(apperr.NotFound, vi.ErrCriteriaNotFound, ref)
}

// LoadOutcome says what LoadSet did.
type LoadOutcome int

// The outcomes of LoadSet.
const (
	Loaded     LoadOutcome = iota // stored as given (new, or replacing a version nothing was evaluated under)
	Unchanged                     // the same as the stored version
	NewVersion                    // the version had evaluations: stored as the next version
)

// LoadSet stores a criteria set (national data: only the nation's admins
// and the local administrator load sets). A set whose latest version has
// evaluations is never changed in place: a different file is stored as the
// next version. It returns the set as stored and what was done.
func LoadSet(ctx context.Context, db *store.DB, tree *units.Tree, by auth.Principal, s *Set, now time.Time) (*Set, LoadOutcome, error) {
	if err := s.Check(); err != nil {
		return nil, 0, err
	}
	if err := checkNationAdmin(tree, by); err != nil {
		return nil, 0, err
	}
	var out *Set
	var outcome LoadOutcome
	err := db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			cp := *s
			latest, err := getStored(ctx, tx, s.ID)
			if err != nil {
				return err
			}
			outcome = Loaded
			if latest != nil {
				if sameContent(latest, &cp) {
					out, outcome = latest, Unchanged
					return nil
				}
				used, err := hasEvaluations(ctx, tx, latest.ID, latest.Version)
				if err != nil {
					return err
				}
				if used {
					cp.Version, outcome = latest.Version+1, NewVersion
				} else if cp.Version <= latest.Version {
					cp.Version = latest.Version
					if _, err := tx.Exec(ctx, "DELETE FROM criteria_sets WHERE set_id = ? AND version = ?", latest.ID, latest.Version); err != nil {
						return fmt.Errorf("load criteria: %w", err)
					}
				}
			}
			if err := storeSet(ctx, tx, &cp, by.Name(), now); err != nil {
				return err
			}
			out = &cp
			return audit.Record(ctx, tx, now, by.Actor(), audit.Entry{Action: ActionCriteriaLoad, Detail: cp.Ref()})
		})
	})
	return out, outcome, err
}

// checkNationAdmin lets the nation's admins and the local administrator
// through.
func checkNationAdmin(tree *units.Tree, by auth.Principal) error {
	if by.Local() {
		return nil
	}
	if err := by.Check(tree.Nation(), auth.NeedAdmin); err != nil {
		if apperr.CodeOf(err) == apperr.Forbidden {
			return apperr.New(apperr.Forbidden, vi.ErrModelAuthorityNation)
		}
		return err
	}
	return nil
}

func getStored(ctx context.Context, q store.Querier, id string) (*Set, error) {
	var body string
	err := q.QueryRow(ctx, "SELECT body FROM criteria_sets WHERE set_id = ? ORDER BY version DESC LIMIT 1", id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("criteria set %s: %w", id, err)
	}
	return ParseSet(strings.NewReader(body))
}

func hasEvaluations(ctx context.Context, q store.Querier, id string, v int) (bool, error) {
	var n int
	if err := q.QueryRow(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM model_evaluations WHERE set_id = ? AND set_version = ? LIMIT 1) e", id, v).Scan(&n); err != nil {
		return false, fmt.Errorf("criteria set %s: %w", id, err)
	}
	return n > 0, nil
}

func storeSet(ctx context.Context, tx *store.Tx, s *Set, by string, now time.Time) error {
	_, err := tx.Exec(ctx, `INSERT INTO criteria_sets (set_id, version, title, target_group, valid_from, valid_to, body, loaded_by, loaded_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, s.ID, s.Version, string(s.Title), s.TargetGroup, s.ValidFrom, s.ValidTo, string(s.Encode()), by, stamp(now))
	if err != nil {
		return fmt.Errorf("store criteria set %s: %w", s.Ref(), err)
	}
	return nil
}

// freeze makes sure the set an evaluation is scored under is stored (an
// embedded default is stored the first time it is used), so that the
// evaluation always refers to the exact text it was scored on.
func freeze(ctx context.Context, tx *store.Tx, s *Set, by string, now time.Time) error {
	var n int
	if err := tx.QueryRow(ctx, "SELECT COUNT(*) FROM criteria_sets WHERE set_id = ? AND version = ?", s.ID, s.Version).Scan(&n); err != nil {
		return fmt.Errorf("criteria set %s: %w", s.Ref(), err)
	}
	if n > 0 {
		return nil
	}
	return storeSet(ctx, tx, s, by, now)
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
