package rules

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/registry"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// The registry's part of the world: the commune's association, a branch
// and a member, made by the local administrator.

func (w *world) addAssociation(by auth.Principal) (registry.Org, error) {
	return registry.AddOrg(ctx, w.db, w.tree, by, registry.NewOrg{Kind: registry.Grassroots,
		Name: "Hội Khuyến học phường Ba Đình", CommuneID: w.commune.ID, Founded: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)}, t0)
}

// memberID is the world's member (addMember); 0 before there is one.
func (w *world) memberID() int64 {
	var id int64
	w.db.QueryRow(ctx, "SELECT id FROM members ORDER BY id LIMIT 1").Scan(&id)
	return id
}

func (w *world) addBranch(t *testing.T) {
	t.Helper()
	a, err := w.addAssociation(w.xa)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := registry.AddOrg(ctx, w.db, w.tree, w.xa, registry.NewOrg{Kind: registry.Branch, Name: "Chi hội Tổ dân phố 1",
		ParentID: a.ID, Founded: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)}, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := registry.AddOrg(ctx, w.db, w.tree, w.xa, registry.NewOrg{Kind: registry.Branch, Name: "Chi hội Tổ dân phố 2",
		ParentID: a.ID, Founded: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)}, t0); err != nil {
		t.Fatal(err)
	}
}

func (w *world) addMember(t *testing.T) {
	t.Helper()
	w.addBranch(t)
	if _, err := w.newMember(w.xa); err != nil {
		t.Fatal(err)
	}
}

func (w *world) newMember(by auth.Principal) (registry.Member, error) {
	var id int64
	w.db.QueryRow(ctx, "SELECT id FROM orgs WHERE kind = 'branch' ORDER BY id LIMIT 1").Scan(&id)
	return registry.AddMember(ctx, w.db, w.tree, by, id, registry.Fields{FullName: "Nguyễn Văn An", BirthDate: "1960",
		JoinedOn: "01/09/2025"}, false, t0)
}

func (w *world) dissolve(by auth.Principal) error {
	var id int64
	w.db.QueryRow(ctx, "SELECT id FROM orgs WHERE kind = 'branch' ORDER BY id DESC LIMIT 1").Scan(&id)
	return registry.DissolveOrg(ctx, w.db, w.tree, by, id, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), "sáp nhập", t0)
}

func (w *world) editMember(by auth.Principal) error {
	_, err := registry.EditMember(ctx, w.db, w.tree, by, w.memberID(), 0, registry.Fields{FullName: "Nguyễn Văn Ân",
		BirthDate: "1960", JoinedOn: "01/09/2025"}, t0)
	return err
}

func (w *world) leave(by auth.Principal) error {
	return registry.LeaveMember(ctx, w.db, w.tree, by, w.memberID(), 0, time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), "chuyển đi", t0)
}

func (w *world) transfer(by auth.Principal) error {
	var id int64
	w.db.QueryRow(ctx, "SELECT id FROM orgs WHERE kind = 'branch' ORDER BY id DESC LIMIT 1").Scan(&id)
	return registry.TransferMember(ctx, w.db, w.tree, by, w.memberID(), 0, id, time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), t0)
}

func (w *world) erase(by auth.Principal) error {
	return registry.EraseMember(ctx, w.db, w.tree, by, w.memberID(), "hội viên yêu cầu", t0)
}

func (w *world) memberFile() string {
	return "commune,branch,full_name,joined_on\n" + w.commune.Code + ",Chi hội Tổ dân phố 1,Trần Thị Bình,01/09/2025\n"
}

func (w *world) importMembers(by auth.Principal) error {
	_, err := registry.ImportMembers(ctx, w.db, w.tree, by, strings.NewReader(w.memberFile()), "hoi-vien.csv", "x", registry.ImportOptions{}, t0)
	return err
}

func (w *world) importMembersFile(by auth.Principal) error {
	path := filepath.Join(os.TempDir(), "khuyenhoc-rules-hoi-vien.csv")
	if err := os.WriteFile(path, []byte(w.memberFile()), 0o644); err != nil {
		return err
	}
	defer os.Remove(path)
	_, err := registry.ImportMembersFile(ctx, w.db, w.tree, by, path, registry.ImportOptions{}, t0)
	return err
}

func (w *world) export(by auth.Principal) error {
	_, err := registry.ExportMembers(ctx, w.db, w.tree, by, w.commune.ID, 0, false, io.Discard, t0)
	return err
}

func (w *world) memberData(by auth.Principal) error {
	_, err := registry.MemberData(ctx, w.db, w.tree, by, w.memberID(), t0)
	return err
}

func (w *world) reveal(by auth.Principal) error {
	_, err := registry.GetMember(ctx, w.db, w.tree, by, w.memberID(), true, t0)
	return err
}

// addOldAssociation is an association of Phường Trúc Bạch, which the 2025
// reform merged into the world's commune (Ba Đình).
func (w *world) addOldAssociation(t *testing.T) {
	t.Helper()
	old, err := w.tree.Resolve(units.Commune, "00004", time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := registry.AddOrg(ctx, w.db, w.tree, auth.LocalAdmin("quantri"), registry.NewOrg{Kind: registry.Grassroots,
		Name: "Hội Khuyến học phường Trúc Bạch", CommuneID: old.ID, Founded: time.Date(2010, 5, 1, 0, 0, 0, 0, time.UTC)}, t0); err != nil {
		t.Fatal(err)
	}
}

func (w *world) moveOrg(by auth.Principal) error {
	var id int64
	w.db.QueryRow(ctx, "SELECT id FROM orgs WHERE kind = 'grassroots' ORDER BY id LIMIT 1").Scan(&id)
	return registry.MoveOrg(ctx, w.db, w.tree, by, id, w.commune.ID, t0)
}

func (w *world) addMemberWhoLeft(t *testing.T) {
	t.Helper()
	w.addMember(t)
	if err := w.leave(w.xa); err != nil {
		t.Fatal(err)
	}
}

func (w *world) rejoin(by auth.Principal) error {
	var id int64
	w.db.QueryRow(ctx, "SELECT id FROM orgs WHERE kind = 'branch' ORDER BY id LIMIT 1").Scan(&id)
	return registry.RejoinMember(ctx, w.db, w.tree, by, w.memberID(), 0, id, time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), t0)
}
