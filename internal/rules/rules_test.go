package rules

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/cluster"
	"github.com/khuyenhoc/khuyenhoc/internal/entry"
	"github.com/khuyenhoc/khuyenhoc/internal/figures"
	"github.com/khuyenhoc/khuyenhoc/internal/lineage"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/reporttext"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// kind says what an exported function of an area that takes a database
// handle is, for the rules.
type kind int

const (
	// operation: takes the acting principal, checks its scope, writes the
	// change and its audit entry in one transaction. Each has a case in
	// operations below.
	operation kind = iota + 1
	// read: writes nothing.
	read
	// block: a building block that writes without checking anyone's
	// right; only operations of the areas call it. The web and the command
	// line may not (checked by TestEdgesCallNoBuildingBlock).
	block
	// signin: acts for whoever holds a credential (a password, a session
	// cookie, a token), or is housekeeping of sign-in records; no unit
	// scope applies.
	signin
	// localOnly: has no scope because only the local administrator runs it
	// (a command at the server); no page or API route may call it.
	localOnly
)

// functions classifies every exported function of the areas that takes a
// database handle. A function missing here fails TestEveryAreaFunctionIsClassified.
var functions = map[string]kind{
	"aggregate.Import":        block, // figures.Write applies the approval rule over it
	"aggregate.ImportChecked": block,
	"aggregate.ImportFile":    block,
	"aggregate.Write":         block, // called by figures.Write and entry.Approve
	"aggregate.WriteChecked":  block, // called by figures.Write and WriteReader
	"aggregate.HistoryOf":     read,  // checks that the principal may read the unit
	"aggregate.StoredAt":      read,  // checks that the principal may read the unit

	"auth.AddUser":           operation,
	"auth.ResetPassword":     operation,
	"auth.ChangeOwnPassword": operation,
	"auth.RevokeToken":       operation,
	"auth.SetUserDisabled":   operation,
	"auth.IssueToken":        operation,
	"auth.CreateUser":        block,
	"auth.SetPassword":       block,
	"auth.SetDisabled":       block,
	"auth.CreateToken":       block,

	"auth.Authenticate":          signin,
	"auth.CreateSession":         signin,
	"auth.DeleteSession":         signin,
	"auth.DeleteExpiredSessions": signin,
	"auth.PruneLoginAttempts":    signin,
	"auth.SessionFromToken":      signin,
	"auth.UserFromToken":         signin,
	"auth.GetUser":               read,
	"auth.GetUserByEmail":        read,
	"auth.NamesOf":               read, // a user's name where a table keeps their e-mail
	"auth.ListTokens":            read,
	"auth.ListUsers":             read, // filters by the principal's scope in SQL
	"auth.CountUsersBesides":     localOnly,

	"cluster.Import":     operation, // a nation admin's upload, import clusters, the demo
	"cluster.ImportFile": operation,
	"cluster.Get":        read,
	"cluster.GetAt":      read,
	"cluster.List":       read,
	"cluster.At":         read,
	"cluster.History":    read,

	"entry.SaveDraft":        operation,
	"entry.SaveDraftAs":      operation,
	"entry.MergeDraft":       operation,
	"entry.Submit":           operation,
	"entry.Explain":          operation,
	"entry.Approve":          operation,
	"entry.Return":           operation,
	"entry.Unlock":           operation,
	"entry.Load":             read,
	"entry.LoadAs":           read,
	"entry.Completeness":     read,
	"entry.AwaitingApproval": read, // filters by the principal's scope in SQL

	"figures.Write":       operation,
	"figures.WriteFile":   operation,
	"figures.WriteReader": operation,

	"lineage.Import":     operation, // the upload page, import lineage
	"lineage.ImportFile": operation,

	// The shared pieces under the operations: what writes is a building
	// block, so that no page or command writes an audit entry, an import
	// record or a roll-up by itself.
	"audit.Record":               block,
	"audit.RecordMany":           block,
	"audit.List":                 read, // the audit page limits it to the user's units (web/auditpage.go)
	"ingest.Run.Record":          block,
	"ingest.Run.Finish":          block,
	"ingest.CountImportsBesides": localOnly,
	"rollup.LockYears":           block,
	"rollup.ApplyRecords":        block, // only the registry's operations call it
	"rollup.Refresh":             block,
	"rollup.RefreshWith":         block,
	"rollup.NewEvaluator":        read,
	"rollup.Version":             read,
	"rollup.ReadVersions":        read,
	"rollup.Planned.Write":       block, // the aggregates import writes the roll-ups it planned
	"units.Seed":                 block, // migration 2
	"units.BumpVersion":          block,
	"units.Cached":               read,
	"units.LoadTree":             read,
	"units.Forget":               read,
	"units.Version":              read,
	"units.Get":                  read,
	"units.Find":                 read,
	"units.List":                 read,
	"report.Build":               read, // the report page checks that the user reads the scope
	"report.BuildWith":           read,

	"registry.AddOrg":            operation,
	"registry.DissolveOrg":       operation,
	"registry.AddMember":         operation,
	"registry.EditMember":        operation,
	"registry.LeaveMember":       operation,
	"registry.TransferMember":    operation,
	"registry.RejoinMember":      operation,
	"registry.EraseMember":       operation,
	"registry.ImportMembers":     operation,
	"registry.ImportMembersFile": operation,
	"registry.ExportMembers":     operation, // writes only its audit entry
	"registry.MemberData":        operation, // writes only its audit entry
	"registry.GetMember":         operation, // with reveal, writes only its audit entry
	"registry.MoveOrg":           operation,
	"registry.MoveReform":        localOnly, // refuses anyone but the local administrator
	"registry.ListOrgs":          read,      // filters by the principal's scope in SQL
	"registry.FindMembers":       read,      // filters by the principal's scope in SQL
	"registry.MemberHistory":     read,      // GetMember's check; masks personal fields for those who may not see them

	"reporttext.SaveTexts":      operation,
	"reporttext.SaveLetterhead": operation,
	"reporttext.Load":           read, // checks that the principal reads the scope
	"reporttext.Options":        read, // Load's check
	"reporttext.TextHistory":    read, // Load's check
	"reporttext.Gather":         read, // checks that the principal reads the cluster
}

// edgeExceptions are the calls of building blocks from the edges that are
// known and not yet moved into an operation, each with the reason.
var edgeExceptions = map[string]string{}

func TestEveryAreaFunctionIsClassified(t *testing.T) {
	fs, err := scanAreas()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, f := range fs {
		seen[f.Name] = true
		k, ok := functions[f.Name]
		switch {
		case !ok:
			t.Errorf("%s (%s) takes a database handle but is not classified in rules_test.go: "+
				"an operation (principal, scope check, change and audit entry in one transaction, with a case in operations), a building block, a read, sign-in or local-only", f.Name, f.File)
		case k == read && f.Writes:
			t.Errorf("%s (%s) is classified as a read but writes", f.Name, f.File)
		case k == operation && operations[f.Name] == nil:
			t.Errorf("operation %s has no case in operations: it must be shown to refuse a principal outside its scope and to audit what it allows", f.Name)
		}
	}
	for name := range functions {
		if !seen[name] {
			t.Errorf("%s is classified but no longer exists (or no longer takes a database handle)", name)
		}
	}
}

func TestEdgesCallNoBuildingBlock(t *testing.T) {
	for _, edge := range []string{"web", "cli"} {
		dir := filepath.Join("..", edge)
		entries, err := os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, name), nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				sel, ok := n.(*ast.SelectorExpr)
				if !ok {
					return true
				}
				pkg, ok := sel.X.(*ast.Ident)
				if !ok {
					return true
				}
				fn := pkg.Name + "." + sel.Sel.Name
				k := functions[fn]
				bad := k == block || (k == localOnly && edge == "web")
				if bad && edgeExceptions[edge+"/"+name+" "+fn] == "" {
					t.Errorf("%s/%s calls %s, which checks nobody's right: call the area's operation that takes the principal", edge, name, fn)
				}
				return true
			})
		}
	}
}

// world is a database with the people the cases act as: the officer of the
// commune Ba Đình (Hà Nội), the officer of a neighbouring commune, a viewer
// of Ba Đình, an officer and an admin of Hà Nội, and an admin of another
// province.
type world struct {
	db                  *store.DB
	tree                *units.Tree
	hanoi, commune      *units.Unit
	neighbour           *units.Unit
	xa, neighbourXa     auth.Principal
	viewer, tinh        auth.Principal
	adminHanoi, admin79 auth.Principal
	// xaUser is the commune officer's user, whom user operations change.
	xaUser auth.User
}

var (
	ctx = context.Background()
	h1  = period.MustParse("2026H1")
	t0  = time.Date(2026, 7, 3, 8, 0, 0, 0, time.UTC)
)

func newWorld(t *testing.T, db *store.DB) *world {
	t.Helper()
	tree, err := units.Cached(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{db: db, tree: tree}
	resolve := func(l units.Level, code string) *units.Unit {
		u, err := tree.Resolve(l, code, h1.End())
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	w.hanoi, w.commune = resolve(units.Province, "01"), resolve(units.Commune, "00004")
	for _, c := range tree.Children(w.hanoi.ID, h1.End()) {
		if c.ID != w.commune.ID {
			w.neighbour = c
			break
		}
	}
	hcm := resolve(units.Province, "79")
	user := func(email string, role auth.Role, unit *units.Unit) (auth.User, auth.Principal) {
		u, err := auth.CreateUser(ctx, db, auth.NewUser{Email: email, Name: email, Role: role, ScopeUnitID: unit.ID, Password: "mật khẩu dài"}, t0)
		if err != nil {
			t.Fatal(err)
		}
		return u, auth.ForUser(tree, u, audit.ViaAPI)
	}
	w.xaUser, w.xa = user("xa@badinh.vn", auth.Officer, w.commune)
	_, w.neighbourXa = user("xa@langben.vn", auth.Officer, w.neighbour)
	_, w.viewer = user("xem@badinh.vn", auth.Viewer, w.commune)
	_, w.tinh = user("tinh@hanoi.vn", auth.Officer, w.hanoi)
	_, w.adminHanoi = user("quantri@hanoi.vn", auth.Admin, w.hanoi)
	_, w.admin79 = user("quantri@hcm.vn", auth.Admin, hcm)
	return w
}

// saveDraft, submit and approve bring the commune's form to a state.
func (w *world) saveDraft(t *testing.T) {
	t.Helper()
	if err := entry.SaveDraft(ctx, w.db, w.tree, w.xa, w.commune.ID, h1, map[string]string{"members.total": "120"}, t0); err != nil {
		t.Fatal(err)
	}
}

func (w *world) submit(t *testing.T) {
	t.Helper()
	w.saveDraft(t)
	if err := entry.Submit(ctx, w.db, w.tree, w.xa, w.commune.ID, h1, t0); err != nil {
		t.Fatal(err)
	}
}

// explain explains the commune's warning of spending as by.
func (w *world) explain(by auth.Principal) error {
	return entry.Explain(ctx, w.db, w.tree, by, w.commune.ID, h1, map[string]string{"spending:fund.spent": "chi từ quỹ năm trước"}, t0)
}

func (w *world) approve(t *testing.T) {
	t.Helper()
	w.submit(t)
	if err := entry.Approve(ctx, w.db, w.tree, w.tinh, w.commune.ID, h1, t0); err != nil {
		t.Fatal(err)
	}
}

// communeRows is one row of the commune's figures, as a file has it.
func (w *world) communeRows() []aggregate.Row {
	return []aggregate.Row{{Line: 2, Period: "2026H1", Level: "commune", Code: w.commune.Code, Indicator: "members.total", Value: "150"}}
}

// opCase is how one operation is shown to follow the rules: prepare brings
// the world to where the operation applies; refused runs it as principals
// outside its scope (each must fail, Forbidden or NotFound, and change
// nothing); allowed runs it as one inside (it must succeed and write an
// audit entry of action).
type opCase struct {
	prepare func(w *world, t *testing.T)
	refused map[string]func(w *world) error
	allowed func(w *world) error
	action  string
	// refusedAs, when set, is the code of every refusal in place of
	// Forbidden or NotFound.
	refusedAs apperr.Code
}

// refusedForScope reports whether err is the refusal c expects: an error
// for a principal outside the scope, not one about anything else (a bad
// file, a missing row), which would hide whether the scope was checked.
func (c *opCase) refusedForScope(err error) bool {
	code := apperr.CodeOf(err)
	if c.refusedAs != "" {
		return code == c.refusedAs
	}
	return code == apperr.Forbidden || code == apperr.NotFound
}

var operations = map[string]*opCase{
	"registry.AddOrg": {
		refused: map[string]func(w *world) error{
			"neighbour": func(w *world) error { _, err := w.addAssociation(w.neighbourXa); return err },
			"viewer":    func(w *world) error { _, err := w.addAssociation(w.viewer); return err },
		},
		allowed: func(w *world) error { _, err := w.addAssociation(w.xa); return err },
		action:  audit.ActionOrgAdd,
	},
	"registry.DissolveOrg": {
		prepare: (*world).addMember,
		refused: map[string]func(w *world) error{
			"neighbour": func(w *world) error { return w.dissolve(w.neighbourXa) },
			"viewer":    func(w *world) error { return w.dissolve(w.viewer) },
		},
		allowed: func(w *world) error { return w.dissolve(w.xa) },
		action:  audit.ActionOrgDissolve,
	},
	"registry.AddMember": {
		prepare: (*world).addBranch,
		refused: map[string]func(w *world) error{
			"neighbour": func(w *world) error { _, err := w.newMember(w.neighbourXa); return err },
			"viewer":    func(w *world) error { _, err := w.newMember(w.viewer); return err },
		},
		allowed: func(w *world) error { _, err := w.newMember(w.xa); return err },
		action:  audit.ActionMemberAdd,
	},
	"registry.EditMember": {
		prepare: (*world).addMember,
		refused: map[string]func(w *world) error{
			"neighbour": func(w *world) error { return w.editMember(w.neighbourXa) },
			"viewer":    func(w *world) error { return w.editMember(w.viewer) },
		},
		allowed: func(w *world) error { return w.editMember(w.xa) },
		action:  audit.ActionMemberEdit,
	},
	"registry.LeaveMember": {
		prepare: (*world).addMember,
		refused: map[string]func(w *world) error{
			"neighbour": func(w *world) error { return w.leave(w.neighbourXa) },
			"viewer":    func(w *world) error { return w.leave(w.viewer) },
		},
		allowed: func(w *world) error { return w.leave(w.xa) },
		action:  audit.ActionMemberLeave,
	},
	"registry.TransferMember": {
		prepare: (*world).addMember,
		refused: map[string]func(w *world) error{
			"neighbour": func(w *world) error { return w.transfer(w.neighbourXa) },
			"viewer":    func(w *world) error { return w.transfer(w.viewer) },
		},
		allowed: func(w *world) error { return w.transfer(w.xa) },
		action:  audit.ActionMemberTransfer,
	},
	"registry.RejoinMember": {
		prepare: (*world).addMemberWhoLeft,
		refused: map[string]func(w *world) error{
			"neighbour": func(w *world) error { return w.rejoin(w.neighbourXa) },
			"viewer":    func(w *world) error { return w.rejoin(w.viewer) },
		},
		allowed: func(w *world) error { return w.rejoin(w.xa) },
		action:  audit.ActionMemberRejoin,
	},
	"registry.EraseMember": {
		prepare: (*world).addMember,
		refused: map[string]func(w *world) error{
			"own officer":    func(w *world) error { return w.erase(w.xa) },
			"neighbour":      func(w *world) error { return w.erase(w.neighbourXa) },
			"other province": func(w *world) error { return w.erase(w.admin79) },
		},
		allowed: func(w *world) error { return w.erase(w.adminHanoi) },
		action:  audit.ActionMemberErase,
	},
	"registry.MoveOrg": {
		prepare: (*world).addOldAssociation,
		refused: map[string]func(w *world) error{
			"neighbour": func(w *world) error { return w.moveOrg(w.neighbourXa) },
			"viewer":    func(w *world) error { return w.moveOrg(w.viewer) },
		},
		allowed: func(w *world) error { return w.moveOrg(w.xa) },
		action:  audit.ActionOrgMove,
	},
	"registry.ImportMembers": {
		prepare: (*world).addBranch,
		refused: map[string]func(w *world) error{
			"neighbour": func(w *world) error { return w.importMembers(w.neighbourXa) },
			"viewer":    func(w *world) error { return w.importMembers(w.viewer) },
		},
		allowed: func(w *world) error { return w.importMembers(w.xa) },
		action:  audit.ActionImportMembers,
		// A row of a commune outside the scope is a fault of the file
		// (Invalid, naming the row), refused before anything is written.
		refusedAs: apperr.Invalid,
	},
	"registry.ImportMembersFile": {
		prepare: (*world).addBranch,
		refused: map[string]func(w *world) error{
			"neighbour": func(w *world) error { return w.importMembersFile(w.neighbourXa) },
			"viewer":    func(w *world) error { return w.importMembersFile(w.viewer) },
		},
		allowed:   func(w *world) error { return w.importMembersFile(w.xa) },
		action:    audit.ActionImportMembers,
		refusedAs: apperr.Invalid,
	},
	"registry.ExportMembers": {
		prepare: (*world).addMember,
		refused: map[string]func(w *world) error{
			"neighbour":      func(w *world) error { return w.export(w.neighbourXa) },
			"other province": func(w *world) error { return w.export(w.admin79) },
		},
		allowed: func(w *world) error { return w.export(w.viewer) },
		action:  audit.ActionMemberExport,
	},
	"registry.MemberData": {
		prepare: (*world).addMember,
		refused: map[string]func(w *world) error{
			"neighbour": func(w *world) error { return w.memberData(w.neighbourXa) },
			"viewer":    func(w *world) error { return w.memberData(w.viewer) },
		},
		allowed: func(w *world) error { return w.memberData(w.xa) },
		action:  audit.ActionMemberExport,
	},
	"registry.GetMember": {
		prepare: (*world).addMember,
		refused: map[string]func(w *world) error{
			"neighbour": func(w *world) error { return w.reveal(w.neighbourXa) },
			"viewer":    func(w *world) error { return w.reveal(w.viewer) },
		},
		allowed: func(w *world) error { return w.reveal(w.tinh) },
		action:  audit.ActionMemberView,
	},

	"reporttext.SaveTexts": {
		refused: map[string]func(w *world) error{
			"neighbour":      func(w *world) error { return w.saveTexts(w.neighbourXa) },
			"viewer":         func(w *world) error { return w.saveTexts(w.viewer) },
			"other province": func(w *world) error { return w.saveTexts(w.admin79) },
		},
		allowed: func(w *world) error { return w.saveTexts(w.xa) },
		action:  audit.ActionReportTexts,
	},
	"reporttext.SaveLetterhead": {
		refused: map[string]func(w *world) error{
			"neighbour":      func(w *world) error { return w.saveLetterhead(w.neighbourXa) },
			"viewer":         func(w *world) error { return w.saveLetterhead(w.viewer) },
			"other province": func(w *world) error { return w.saveLetterhead(w.admin79) },
		},
		allowed: func(w *world) error { return w.saveLetterhead(w.xa) },
		action:  audit.ActionReportLetterhead,
	},

	"entry.SaveDraft": {
		refused: map[string]func(w *world) error{
			"neighbour": func(w *world) error {
				return entry.SaveDraft(ctx, w.db, w.tree, w.neighbourXa, w.commune.ID, h1, map[string]string{"members.total": "5"}, t0)
			},
			"viewer": func(w *world) error {
				return entry.SaveDraft(ctx, w.db, w.tree, w.viewer, w.commune.ID, h1, map[string]string{"members.total": "5"}, t0)
			},
		},
		allowed: func(w *world) error {
			return entry.SaveDraft(ctx, w.db, w.tree, w.xa, w.commune.ID, h1, map[string]string{"members.total": "5"}, t0)
		},
		action: audit.ActionEntrySave,
	},
	"entry.SaveDraftAs": {
		refused: map[string]func(w *world) error{
			"neighbour": func(w *world) error {
				return entry.SaveDraftAs(ctx, w.db, w.tree, w.neighbourXa, w.commune.ID, h1, rollup.Own, map[string]string{"members.total": "5"}, t0)
			},
			"viewer": func(w *world) error {
				return entry.SaveDraftAs(ctx, w.db, w.tree, w.viewer, w.commune.ID, h1, rollup.Own, map[string]string{"members.total": "5"}, t0)
			},
		},
		allowed: func(w *world) error {
			return entry.SaveDraftAs(ctx, w.db, w.tree, w.xa, w.commune.ID, h1, rollup.Own, map[string]string{"members.total": "5"}, t0)
		},
		action: audit.ActionEntrySave,
	},
	"entry.MergeDraft": {
		refused: map[string]func(w *world) error{
			"neighbour": func(w *world) error { return w.merge(w.neighbourXa) },
			"viewer":    func(w *world) error { return w.merge(w.viewer) },
		},
		allowed: func(w *world) error { return w.merge(w.xa) },
		action:  audit.ActionEntrySave,
	},
	"entry.Submit": {
		prepare: (*world).saveDraft,
		refused: map[string]func(w *world) error{
			"neighbour": func(w *world) error { return entry.Submit(ctx, w.db, w.tree, w.neighbourXa, w.commune.ID, h1, t0) },
			"viewer":    func(w *world) error { return entry.Submit(ctx, w.db, w.tree, w.viewer, w.commune.ID, h1, t0) },
		},
		allowed: func(w *world) error { return entry.Submit(ctx, w.db, w.tree, w.xa, w.commune.ID, h1, t0) },
		action:  audit.ActionEntrySubmit,
	},
	"entry.Explain": {
		prepare: func(w *world, t *testing.T) {
			// More spent than raised: a warning to explain.
			if err := entry.SaveDraft(ctx, w.db, w.tree, w.xa, w.commune.ID, h1, map[string]string{"fund.raised": "10", "fund.spent": "1000"}, t0); err != nil {
				t.Fatal(err)
			}
		},
		refused: map[string]func(w *world) error{
			"neighbour": func(w *world) error { return w.explain(w.neighbourXa) },
			"viewer":    func(w *world) error { return w.explain(w.viewer) },
		},
		allowed: func(w *world) error { return w.explain(w.xa) },
		action:  audit.ActionEntryExplain,
	},
	"entry.Approve": {
		prepare: (*world).submit,
		refused: map[string]func(w *world) error{
			"own officer": func(w *world) error { return entry.Approve(ctx, w.db, w.tree, w.xa, w.commune.ID, h1, t0) },
			"neighbour":   func(w *world) error { return entry.Approve(ctx, w.db, w.tree, w.neighbourXa, w.commune.ID, h1, t0) },
			"other province": func(w *world) error {
				return entry.Approve(ctx, w.db, w.tree, w.admin79, w.commune.ID, h1, t0)
			},
		},
		allowed: func(w *world) error { return entry.Approve(ctx, w.db, w.tree, w.tinh, w.commune.ID, h1, t0) },
		action:  audit.ActionEntryApprove,
	},
	"entry.Return": {
		prepare: (*world).submit,
		refused: map[string]func(w *world) error{
			"own officer": func(w *world) error { return entry.Return(ctx, w.db, w.tree, w.xa, w.commune.ID, h1, "sửa", t0) },
			"neighbour": func(w *world) error {
				return entry.Return(ctx, w.db, w.tree, w.neighbourXa, w.commune.ID, h1, "sửa", t0)
			},
		},
		allowed: func(w *world) error { return entry.Return(ctx, w.db, w.tree, w.tinh, w.commune.ID, h1, "sửa", t0) },
		action:  audit.ActionEntryReturn,
	},
	"entry.Unlock": {
		prepare: (*world).approve,
		refused: map[string]func(w *world) error{
			"own officer": func(w *world) error { return entry.Unlock(ctx, w.db, w.tree, w.xa, w.commune.ID, h1, "sai", t0) },
			"viewer":      func(w *world) error { return entry.Unlock(ctx, w.db, w.tree, w.viewer, w.commune.ID, h1, "sai", t0) },
		},
		allowed: func(w *world) error { return entry.Unlock(ctx, w.db, w.tree, w.tinh, w.commune.ID, h1, "sai", t0) },
		action:  audit.ActionEntryUnlock,
	},
	"figures.Write": {
		refused: map[string]func(w *world) error{
			"neighbour": func(w *world) error { return w.writeFigures(w.neighbourXa) },
			"viewer":    func(w *world) error { return w.writeFigures(w.viewer) },
			"other province": func(w *world) error {
				return w.writeFigures(w.admin79)
			},
		},
		allowed: func(w *world) error { return w.writeFigures(w.tinh) },
		action:  audit.ActionImportAggregates,
	},
	"figures.WriteFile": {
		refused: map[string]func(w *world) error{
			"viewer":    func(w *world) error { return w.writeFile(w.viewer) },
			"neighbour": func(w *world) error { return w.writeFile(w.neighbourXa) },
		},
		allowed: func(w *world) error { return w.writeFile(auth.LocalAdmin("quantri")) },
		action:  audit.ActionImportAggregates,
	},
	"figures.WriteReader": {
		refused: map[string]func(w *world) error{
			"viewer":         func(w *world) error { return w.writeReader(w.viewer) },
			"neighbour":      func(w *world) error { return w.writeReader(w.neighbourXa) },
			"other province": func(w *world) error { return w.writeReader(w.admin79) },
		},
		allowed: func(w *world) error { return w.writeReader(w.tinh) },
		action:  audit.ActionImportAggregates,
	},
	"cluster.Import": {
		refused: map[string]func(w *world) error{
			"province admin":   func(w *world) error { return w.importClusters(w.adminHanoi) },
			"province officer": func(w *world) error { return w.importClusters(w.tinh) },
		},
		allowed: func(w *world) error { return w.importClusters(auth.LocalAdmin("quantri")) },
		action:  audit.ActionImportClusters,
	},
	"cluster.ImportFile": {
		refused: map[string]func(w *world) error{
			"province admin": func(w *world) error { return w.importClustersFile(w.adminHanoi) },
			"viewer":         func(w *world) error { return w.importClustersFile(w.viewer) },
		},
		allowed: func(w *world) error { return w.importClustersFile(auth.LocalAdmin("quantri")) },
		action:  audit.ActionImportClusters,
	},
	"lineage.Import": {
		refused: map[string]func(w *world) error{
			"province officer":          func(w *world) error { return w.importLineage(w.tinh) },
			"admin of another province": func(w *world) error { return w.importLineage(w.admin79) },
			"commune officer":           func(w *world) error { return w.importLineage(w.xa) },
		},
		allowed: func(w *world) error { return w.importLineage(w.adminHanoi) },
		action:  audit.ActionImportLineage,
	},
	"lineage.ImportFile": {
		refused: map[string]func(w *world) error{
			"province officer": func(w *world) error { return w.importLineageFile(w.tinh) },
			"viewer":           func(w *world) error { return w.importLineageFile(w.viewer) },
		},
		allowed: func(w *world) error { return w.importLineageFile(auth.LocalAdmin("quantri")) },
		action:  audit.ActionImportLineage,
	},
	"auth.AddUser": {
		refused: map[string]func(w *world) error{
			"admin of another province": func(w *world) error { return w.addUser(w.admin79) },
			"officer, not admin":        func(w *world) error { return w.addUser(w.tinh) },
		},
		allowed: func(w *world) error { return w.addUser(w.adminHanoi) },
		action:  audit.ActionUserAdd,
	},
	"auth.ResetPassword": {
		refused: map[string]func(w *world) error{
			"admin of another province": func(w *world) error {
				_, _, err := auth.ResetPassword(ctx, w.db, w.admin79, w.xaUser.ID, "mật khẩu mới dài", t0)
				return err
			},
			"officer, not admin": func(w *world) error {
				_, _, err := auth.ResetPassword(ctx, w.db, w.tinh, w.xaUser.ID, "mật khẩu mới dài", t0)
				return err
			},
		},
		allowed: func(w *world) error {
			_, _, err := auth.ResetPassword(ctx, w.db, w.adminHanoi, w.xaUser.ID, "mật khẩu mới dài", t0)
			return err
		},
		action: audit.ActionUserPassword,
	},
	"auth.ChangeOwnPassword": {
		refused: map[string]func(w *world) error{
			"the local administrator, who has no user": func(w *world) error {
				_, err := auth.ChangeOwnPassword(ctx, w.db, auth.LocalAdmin("quantri"), "mật khẩu dài", "mật khẩu mới dài", "192.0.2.1", t0)
				return err
			},
		},
		allowed: func(w *world) error {
			_, err := auth.ChangeOwnPassword(ctx, w.db, w.xa, "mật khẩu dài", "mật khẩu mới dài", "192.0.2.1", t0)
			return err
		},
		action: audit.ActionUserPassword,
		// The local administrator has no password of their own to change:
		// the request itself is wrong (use user passwd), not out of scope.
		refusedAs: apperr.Invalid,
	},
	"auth.RevokeToken": {
		prepare: func(w *world, t *testing.T) {
			if _, err := auth.CreateToken(ctx, w.db, w.xaUser.ID, "script", t0); err != nil {
				t.Fatal(err)
			}
		},
		refused: map[string]func(w *world) error{
			"neighbour":                 func(w *world) error { return w.revokeToken(w.neighbourXa) },
			"officer of the province":   func(w *world) error { return w.revokeToken(w.tinh) },
			"admin of another province": func(w *world) error { return w.revokeToken(w.admin79) },
		},
		allowed: func(w *world) error { return w.revokeToken(w.xa) },
		action:  audit.ActionTokenRevoke,
	},
	"auth.SetUserDisabled": {
		refused: map[string]func(w *world) error{
			"admin of another province": func(w *world) error {
				_, err := auth.SetUserDisabled(ctx, w.db, w.admin79, w.xaUser.ID, true, t0)
				return err
			},
			"the user themselves": func(w *world) error {
				_, err := auth.SetUserDisabled(ctx, w.db, w.xa, w.xaUser.ID, true, t0)
				return err
			},
		},
		allowed: func(w *world) error {
			_, err := auth.SetUserDisabled(ctx, w.db, w.adminHanoi, w.xaUser.ID, true, t0)
			return err
		},
		action: audit.ActionUserDisable,
	},
	"auth.IssueToken": {
		refused: map[string]func(w *world) error{
			"admin of the user": func(w *world) error {
				_, err := auth.IssueToken(ctx, w.db, w.adminHanoi, w.xaUser.ID, "script", t0)
				return err
			},
			"admin of another province": func(w *world) error {
				_, err := auth.IssueToken(ctx, w.db, w.admin79, w.xaUser.ID, "script", t0)
				return err
			},
		},
		allowed: func(w *world) error {
			_, err := auth.IssueToken(ctx, w.db, w.xa, w.xaUser.ID, "script", t0)
			return err
		},
		action: audit.ActionTokenCreate,
	},
}

func (w *world) saveTexts(by auth.Principal) error {
	_, err := reporttext.SaveTexts(ctx, w.db, w.tree, by, units.Ref{Level: units.Commune, Code: w.commune.Code}, h1,
		[]reporttext.Edit{{Key: report.SecAdvice, Text: "Tham mưu Đảng ủy phường."}}, t0)
	return err
}

func (w *world) saveLetterhead(by auth.Principal) error {
	_, err := reporttext.SaveLetterhead(ctx, w.db, w.tree, by, units.Ref{Level: units.Commune, Code: w.commune.Code}, h1,
		report.Letterhead{SignerName: "Nguyễn Văn A"}, 0, t0)
	return err
}

// revokeToken revokes the commune officer's first API token as by.
func (w *world) revokeToken(by auth.Principal) error {
	list, err := auth.ListTokens(ctx, w.db, w.xaUser.ID)
	if err != nil || len(list) == 0 {
		return fmt.Errorf("no token to revoke: %v", err)
	}
	_, err = auth.RevokeToken(ctx, w.db, by, list[len(list)-1].ID, t0)
	return err
}

func (w *world) merge(by auth.Principal) error {
	return w.db.InTx(ctx, func(tx *store.Tx) error {
		_, err := entry.MergeDraft(ctx, tx, w.tree, by, w.commune.ID, h1, []aggregate.Value{{Indicator: "members.total", Value: 130}}, "api", t0)
		return err
	})
}

func (w *world) writeFigures(by auth.Principal) error {
	_, err := figures.Write(ctx, w.db, w.tree, by, w.communeRows(), figures.Options{Source: "api", Now: t0})
	return err
}

func (w *world) writeFile(by auth.Principal) error {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("rules-%d.csv", time.Now().UnixNano()))
	data := "period,level,code,indicator,value\n2026H1,commune," + w.commune.Code + ",members.total,150\n"
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		return err
	}
	defer os.Remove(path)
	_, err := figures.WriteFile(ctx, w.db, by, path, figures.Options{Now: t0})
	return err
}

func (w *world) writeReader(by auth.Principal) error {
	data := "period,level,code,indicator,value\n2026H1,commune," + w.commune.Code + ",members.total,160\n"
	_, err := figures.WriteReader(ctx, w.db, w.tree, by, strings.NewReader(data), figures.Options{Source: "so-lieu.csv", Now: t0})
	return err
}

const clustersFile = "year,cluster,name,province\n2026,1,Cụm 1,01\n"

func (w *world) importClusters(by auth.Principal) error {
	rows, err := cluster.Parse(strings.NewReader(clustersFile), "cum.csv")
	if err != nil {
		return err
	}
	_, err = cluster.Import(ctx, w.db, by, rows, cluster.Options{Source: "cum.csv", Now: t0})
	return err
}

func (w *world) importClustersFile(by auth.Principal) error {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("rules-cum-%d.csv", time.Now().UnixNano()))
	if err := os.WriteFile(path, []byte(clustersFile), 0o644); err != nil {
		return err
	}
	defer os.Remove(path)
	_, err := cluster.ImportFile(ctx, w.db, by, path, cluster.Options{Now: t0})
	return err
}

// lineageFile gives the populations of the parts of the old commune Điện
// Biên (00019, Hà Nội), split between four new communes of Hà Nội.
const lineageFile = "old_code,new_code,population\n00019,00004,2100\n00019,00070,3000\n00019,00190,1500\n00019,00226,900\n"

func (w *world) importLineage(by auth.Principal) error {
	rows, err := lineage.Parse(strings.NewReader(lineageFile), "dan-so.csv")
	if err != nil {
		return err
	}
	_, err = lineage.Import(ctx, w.db, by, rows, lineage.Options{Source: "dan-so.csv", Now: t0})
	return err
}

func (w *world) importLineageFile(by auth.Principal) error {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("rules-dan-so-%d.csv", time.Now().UnixNano()))
	if err := os.WriteFile(path, []byte(lineageFile), 0o644); err != nil {
		return err
	}
	defer os.Remove(path)
	_, err := lineage.ImportFile(ctx, w.db, by, path, lineage.Options{Now: t0})
	return err
}

func (w *world) addUser(by auth.Principal) error {
	_, err := auth.AddUser(ctx, w.db, w.tree, by, auth.NewUser{Email: "moi@badinh.vn", Name: "Người mới", Role: auth.Officer,
		ScopeUnitID: w.commune.ID, Password: "mật khẩu dài"}, t0)
	return err
}

// snapshot is every row of the tables that operations write, as text, so
// that a refused operation is seen to change nothing at all.
func snapshot(t *testing.T, db *store.DB) string {
	t.Helper()
	var b strings.Builder
	for _, table := range []string{"aggregate_values", "aggregate_history", "rollup_values", "imports", "submissions",
		"submission_values", "users", "sessions", "api_tokens", "audit_log", "clusters", "cluster_memberships",
		"unit_lineage", "lineage_share_history", "orgs", "org_places", "members", "member_spans", "registry_history",
		"record_totals", "record_months", "record_years", "report_texts", "report_text_history", "report_letterheads",
		"report_letterhead_history"} {
		rows, err := db.Query(ctx, "SELECT * FROM "+table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		var lines []string
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			lines = append(lines, fmt.Sprint(vals...))
		}
		rows.Close()
		sort.Strings(lines)
		fmt.Fprintf(&b, "%s:\n%s\n", table, strings.Join(lines, "\n"))
	}
	return b.String()
}

func auditCount(t *testing.T, db *store.DB, action string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE action = ?", action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestEveryOperationRefusesOutsidersAndAuditsWhatItAllows(t *testing.T) {
	names := make([]string, 0, len(operations))
	for name := range operations {
		names = append(names, name)
	}
	sort.Strings(names)
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		for _, name := range names {
			c := operations[name]
			t.Run(name, func(t *testing.T) {
				// Each operation in a database of its own: the template copy is cheap.
				w := newWorld(t, freshLike(t, db))
				if c.prepare != nil {
					c.prepare(w, t)
				}
				if len(c.refused) == 0 {
					t.Fatal("no principal outside the scope is tried")
				}
				before := snapshot(t, w.db)
				for who, run := range c.refused {
					if err := run(w); err == nil {
						t.Errorf("%s as %s: allowed, want refused", name, who)
					} else if !c.refusedForScope(err) {
						t.Errorf("%s as %s: refused with %s, not for the scope: %v", name, who, apperr.CodeOf(err), err)
					}
					if after := snapshot(t, w.db); after != before {
						t.Errorf("%s as %s: refused but the database changed", name, who)
					}
				}
				n := auditCount(t, w.db, c.action)
				if err := c.allowed(w); err != nil {
					t.Fatalf("%s allowed: %v", name, err)
				}
				if got := auditCount(t, w.db, c.action); got <= n {
					t.Errorf("%s: no %s audit entry written", name, c.action)
				}
			})
		}
	})
}

// freshLike is a new migrated database of the same dialect as db.
func freshLike(t *testing.T, db *store.DB) *store.DB {
	t.Helper()
	if db.Dialect == store.Postgres {
		return storetest.Postgres(t)
	}
	return storetest.SQLite(t)
}
