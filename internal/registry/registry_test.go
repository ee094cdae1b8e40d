package registry

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/members"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

var (
	ctx = context.Background()
	now = time.Date(2026, 7, 3, 8, 0, 0, 0, time.UTC)
)

func d(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// fixture is a database with the units, principals of two communes of Hà
// Nội after the reform (Ba Đình, Ngọc Hà), a province officer and a viewer.
type fixture struct {
	db                     *store.DB
	tree                   *units.Tree
	badinh, ngocha, hanoi  *units.Unit
	xa, xa2, tinh, viewer  auth.Principal
	adminXa, local         auth.Principal
	assoc, branch, branch2 Org
}

func setup(t *testing.T, db *store.DB) *fixture {
	t.Helper()
	tree, err := units.Cached(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{db: db, tree: tree}
	at := d("2026-06-30")
	if f.hanoi, err = tree.Resolve(units.Province, "01", at); err != nil {
		t.Fatal(err)
	}
	if f.badinh, err = tree.Resolve(units.Commune, "00004", at); err != nil {
		t.Fatal(err)
	}
	if f.ngocha, err = tree.Resolve(units.Commune, "00008", at); err != nil {
		t.Fatal(err)
	}
	user := func(id int64, email string, role auth.Role, unit *units.Unit) auth.Principal {
		return auth.ForUser(tree, auth.User{ID: id, Email: email, Role: role, ScopeUnitID: unit.ID}, audit.ViaPage)
	}
	f.xa = user(1, "xa@badinh.vn", auth.Officer, f.badinh)
	f.xa2 = user(2, "xa@ngocha.vn", auth.Officer, f.ngocha)
	f.tinh = user(3, "tinh@hanoi.vn", auth.Officer, f.hanoi)
	f.viewer = user(4, "xem@badinh.vn", auth.Viewer, f.badinh)
	f.adminXa = user(5, "quantri@badinh.vn", auth.Admin, f.badinh)
	f.local = auth.LocalAdmin("quantri")
	if f.assoc, err = AddOrg(ctx, db, tree, f.xa, NewOrg{Kind: Grassroots, Name: "Hội Khuyến học phường Ba Đình", CommuneID: f.badinh.ID, Founded: d("2025-07-01")}, now); err != nil {
		t.Fatal(err)
	}
	if f.branch, err = AddOrg(ctx, db, tree, f.xa, NewOrg{Kind: Branch, Name: "Chi hội Tổ dân phố 1", ParentID: f.assoc.ID, PlaceKind: "hamlet", Place: "Tổ dân phố 1", Founded: d("2025-07-01")}, now); err != nil {
		t.Fatal(err)
	}
	if f.branch2, err = AddOrg(ctx, db, tree, f.xa, NewOrg{Kind: Branch, Name: "Chi hội Trường THCS Ba Đình", ParentID: f.assoc.ID, Founded: d("2025-09-05")}, now); err != nil {
		t.Fatal(err)
	}
	return f
}

// count is the indicator's count of a unit's records on a day.
func (f *fixture) count(t *testing.T, unit *units.Unit, ind string, on string) int64 {
	t.Helper()
	var n int64
	if err := f.db.QueryRow(ctx, "SELECT COALESCE(SUM(delta), 0) FROM record_totals WHERE unit_id = ? AND indicator = ? AND day <= ?", unit.ID, ind, on).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func (f *fixture) audits(t *testing.T, action string) int {
	t.Helper()
	var n int
	if err := f.db.QueryRow(ctx, "SELECT COUNT(*) FROM audit_log WHERE action = ?", action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// addAn adds an() to the first branch as the commune's officer.
func (f *fixture) addAn(t *testing.T) Member {
	t.Helper()
	m, err := AddMember(ctx, f.db, f.tree, f.xa, f.branch.ID, an(), false, now)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func an() Fields {
	return Fields{FullName: "Nguyễn Văn An", Gender: "Nam", BirthDate: "12/03/1960", CCCD: "001060012345", Phone: "0912 345 678",
		Address: "12 Phan Đình Phùng", JoinedOn: "15/08/2025", CardNo: "BD-001"}
}

func TestMembersCountFromTheDayTheyJoinUntilTheDayTheyLeave(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		if got := f.count(t, f.badinh, IndGrassroots, "2025-07-01"); got != 1 {
			t.Errorf("grassroots on 01/07/2025 = %d, want 1", got)
		}
		if got := f.count(t, f.badinh, IndBranches, "2025-09-04"); got != 1 {
			t.Errorf("branches before the school branch = %d, want 1", got)
		}
		if got := f.count(t, f.badinh, IndBranches, "2025-09-05"); got != 2 {
			t.Errorf("branches from the school branch's founding = %d, want 2", got)
		}
		m := f.addAn(t)
		if m.CCCD == "001060012345" || m.Phone == "0912345678" {
			t.Errorf("AddMember returned personal data unmasked: %+v", m)
		}
		for on, want := range map[string]int64{"2025-08-14": 0, "2025-08-15": 1, "2026-06-30": 1} {
			if got := f.count(t, f.badinh, IndMembers, on); got != want {
				t.Errorf("members on %s = %d, want %d", on, got, want)
			}
		}
		if err := TransferMember(ctx, db, f.tree, f.xa, m.ID, m.Version, f.branch2.ID, d("2026-01-10"), now); err != nil {
			t.Fatal(err)
		}
		if got := f.count(t, f.badinh, IndMembers, "2026-06-30"); got != 1 {
			t.Errorf("a transfer within the commune changed the count: %d", got)
		}
		m, _ = GetMember(ctx, db, f.tree, f.xa, m.ID, false, now)
		if m.BranchID != f.branch2.ID {
			t.Errorf("branch after the transfer = %d, want %d", m.BranchID, f.branch2.ID)
		}
		if err := LeaveMember(ctx, db, f.tree, f.xa, m.ID, m.Version, d("2026-03-01"), "Chuyển đi nơi khác", now); err != nil {
			t.Fatal(err)
		}
		for on, want := range map[string]int64{"2026-02-28": 1, "2026-03-01": 0, "2026-12-31": 0} {
			if got := f.count(t, f.badinh, IndMembers, on); got != want {
				t.Errorf("members on %s after leaving = %d, want %d", on, got, want)
			}
		}
		// The record stays, with its history.
		m, err := GetMember(ctx, db, f.tree, f.xa, m.ID, false, now)
		if err != nil || m.LeftReason != "Chuyển đi nơi khác" {
			t.Fatalf("the member who left: %+v, %v", m, err)
		}
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM registry_history WHERE record = 'member' AND record_id = ?", m.ID).Scan(&n)
		if n != 3 {
			t.Errorf("history rows = %d, want 3 (add, transfer, leave)", n)
		}
		for _, a := range []string{audit.ActionMemberAdd, audit.ActionMemberTransfer, audit.ActionMemberLeave} {
			if f.audits(t, a) != 1 {
				t.Errorf("audit %s: %d entries, want 1", a, f.audits(t, a))
			}
		}
	})
}

func TestEditingTheJoiningDayMovesTheCount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		m := f.addAn(t)
		e := an()
		e.JoinedOn = "01/10/2025"
		e.Phone = "0987654321"
		m2, err := EditMember(ctx, db, f.tree, f.xa, m.ID, m.Version, e, now)
		if err != nil {
			t.Fatal(err)
		}
		if f.count(t, f.badinh, IndMembers, "2025-09-30") != 0 || f.count(t, f.badinh, IndMembers, "2025-10-01") != 1 {
			t.Error("the count did not move with the joining day")
		}
		// An edit from the version the first editor saw is refused, not applied.
		e.Address = "Nơi khác"
		_, err = EditMember(ctx, db, f.tree, f.xa, m.ID, m.Version, e, now)
		if apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("edit from an old version: %v, want a conflict", err)
		}
		got, _ := GetMember(ctx, db, f.tree, f.local, m.ID, true, now)
		if got.Address != "12 Phan Đình Phùng" || got.Phone != "0987654321" || got.Version != m2.Version {
			t.Errorf("after the refused edit: %+v", got)
		}
	})
}

func TestNobodyReachesAMemberOutsideTheirScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		m := f.addAn(t)
		if _, err := AddMember(ctx, db, f.tree, f.xa2, f.branch.ID, an(), false, now); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("another commune's officer adding to Ba Đình: %v, want NotFound", err)
		}
		if _, err := GetMember(ctx, db, f.tree, f.xa2, m.ID, false, now); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("another commune's officer reading: %v, want NotFound", err)
		}
		if err := LeaveMember(ctx, db, f.tree, f.xa2, m.ID, 0, d("2026-01-01"), "x", now); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("another commune's officer recording a leaving: %v, want NotFound", err)
		}
		if err := LeaveMember(ctx, db, f.tree, f.viewer, m.ID, 0, d("2026-01-01"), "x", now); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("a viewer recording a leaving: %v, want Forbidden", err)
		}
		p, err := FindMembers(ctx, db, f.tree, f.xa2, Query{Text: "nguyen"})
		if err != nil || p.Total != 0 || len(p.Members) != 0 {
			t.Errorf("another commune's officer finds %+v, %v", p, err)
		}
		p, err = FindMembers(ctx, db, f.tree, f.tinh, Query{Text: "nguyen"})
		if err != nil || p.Total != 1 {
			t.Errorf("the province finds %d, %v; want 1", p.Total, err)
		}
		if _, err := FindMembers(ctx, db, f.tree, f.xa2, Query{UnitID: f.badinh.ID}); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("listing another commune: %v, want NotFound", err)
		}
		if err := EraseMember(ctx, db, f.tree, f.xa, m.ID, "yêu cầu", now); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("an officer erasing: %v, want Forbidden (admins only)", err)
		}
	})
}

func TestPersonalDataIsMaskedAndEveryViewIsLogged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		m := f.addAn(t)
		v, err := GetMember(ctx, db, f.tree, f.viewer, m.ID, false, now)
		if err != nil {
			t.Fatal(err)
		}
		if v.CCCD != "001060******" && !strings.Contains(v.CCCD, "*") || strings.Contains(v.CCCD, "012345") || strings.Contains(v.Phone, "345678") || v.BirthDate != "1960" {
			t.Errorf("masked for a viewer: %+v", v)
		}
		if _, err := GetMember(ctx, db, f.tree, f.viewer, m.ID, true, now); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("a viewer revealing: %v, want Forbidden", err)
		}
		before := f.audits(t, audit.ActionMemberView)
		full, err := GetMember(ctx, db, f.tree, f.xa, m.ID, true, now)
		if err != nil || full.CCCD != "001060012345" || full.Phone != "0912345678" || full.BirthDate != "12/03/1960" {
			t.Fatalf("revealed: %+v, %v", full, err)
		}
		if f.audits(t, audit.ActionMemberView) != before+1 {
			t.Error("the reveal was not logged")
		}
		p, _ := FindMembers(ctx, db, f.tree, f.xa, Query{})
		if len(p.Members) != 1 || strings.Contains(p.Members[0].CCCD, "012345") {
			t.Errorf("a list shows personal data: %+v", p.Members)
		}
	})
}

func TestErasureClearsPersonalDataAndKeepsTheCounts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		m := f.addAn(t)
		e := an()
		e.Phone = "0987654321"
		if _, err := EditMember(ctx, db, f.tree, f.xa, m.ID, m.Version, e, now); err != nil {
			t.Fatal(err)
		}
		if err := EraseMember(ctx, db, f.tree, f.adminXa, m.ID, "Hội viên yêu cầu xóa dữ liệu", now); err != nil {
			t.Fatal(err)
		}
		got, err := GetMember(ctx, db, f.tree, f.local, m.ID, true, now)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Erased || strings.Contains(got.FullName, "An") || got.CCCD != "" || got.Phone != "" || got.BirthDate != "" || got.Address != "" {
			t.Errorf("after erasure: %+v", got)
		}
		if f.count(t, f.badinh, IndMembers, "2026-06-30") != 1 {
			t.Error("the erasure changed the count")
		}
		// Its search columns are those of its new name, as every write
		// keeps them (the given-name column given name first).
		var search, given string
		if err := db.QueryRow(ctx, "SELECT search_name, search_given FROM members WHERE id = ?", m.ID).Scan(&search, &given); err != nil {
			t.Fatal(err)
		}
		if fold := members.Fold(got.FullName); search != fold || given != givenFirst(fold) || given == search {
			t.Errorf("erased search columns %q, %q for %q", search, given, got.FullName)
		}
		rows, err := db.Query(ctx, "SELECT old_fields || new_fields FROM registry_history WHERE record = 'member' AND record_id = ?", m.ID)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		seen := 0
		for rows.Next() {
			var s string
			rows.Scan(&s)
			seen++
			for _, secret := range []string{"001060012345", "0912345678", "0987654321", "Nguyễn Văn An", "1960-03-12", "Phan Đình Phùng"} {
				if strings.Contains(s, secret) {
					t.Errorf("the history still holds %q: %s", secret, s)
				}
			}
		}
		if seen != 3 {
			t.Errorf("%d history rows, want 3 (add, edit, erase): the check above read nothing", seen)
		}
		if _, err := EditMember(ctx, db, f.tree, f.xa, m.ID, 0, an(), now); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("editing an erased member: %v, want a conflict", err)
		}
		// The same person may be added again: the CCCD is free.
		if _, err := AddMember(ctx, db, f.tree, f.xa, f.branch.ID, an(), false, now); err != nil {
			t.Errorf("adding the person again after the erasure: %v", err)
		}
	})
}

func TestBadFieldsAreNamedAndNothingIsWritten(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		cases := []struct {
			name  string
			edit  func(*Fields)
			field string
		}{
			{"no name", func(x *Fields) { x.FullName = "  " }, ColFullName},
			{"CCCD of 11 digits", func(x *Fields) { x.CCCD = "00106001234" }, ColCCCD},
			{"CCCD of a woman for a man", func(x *Fields) { x.CCCD = "001160012345" }, ColCCCD},
			{"CCCD year differs", func(x *Fields) { x.CCCD = "001061012345" }, ColCCCD},
			{"left before joined", func(x *Fields) { x.LeftOn = "01/08/2025"; x.LeftReason = "x" }, ColLeftOn},
			{"born in the future", func(x *Fields) { x.BirthDate = "01/01/2030"; x.CCCD = "" }, ColBirthDate},
			{"too young", func(x *Fields) { x.BirthDate = "01/01/2015"; x.CCCD = "" }, ColBirthDate},
			{"impossible day", func(x *Fields) { x.JoinedOn = "31/02/2025" }, ColJoinedOn},
			{"joined in the future", func(x *Fields) { x.JoinedOn = "01/01/2027" }, ColJoinedOn},
			{"phone", func(x *Fields) { x.Phone = "12345" }, ColPhone},
			{"gender", func(x *Fields) { x.Gender = "khác" }, ColGender},
		}
		for _, c := range cases {
			x := an()
			c.edit(&x)
			_, err := AddMember(ctx, db, f.tree, f.xa, f.branch.ID, x, false, now)
			fe, ok := err.(FieldErrors)
			if !ok || fe[c.field] == nil || apperr.CodeOf(err) != apperr.Invalid {
				t.Errorf("%s: %v, want a fault of %s", c.name, err, c.field)
			}
		}
		var n int
		db.QueryRow(ctx, "SELECT COUNT(*) FROM members").Scan(&n)
		if n != 0 {
			t.Errorf("%d members written from bad forms", n)
		}
		if _, err := AddMember(ctx, db, f.tree, f.xa, f.assoc.ID, an(), false, now); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("a member put in the association itself, not a branch: %v", err)
		}
		if _, err := AddMember(ctx, db, f.tree, f.xa, 99999, an(), false, now); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("an unknown branch: %v", err)
		}
	})
}

func TestTheSamePersonTwiceIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		if _, err := AddMember(ctx, db, f.tree, f.xa, f.branch.ID, an(), false, now); err != nil {
			t.Fatal(err)
		}
		_, err := AddMember(ctx, db, f.tree, f.xa, f.branch2.ID, an(), false, now)
		if apperr.CodeOf(err) != apperr.Conflict || !strings.Contains(err.Error(), "Nguyễn Văn An") {
			t.Errorf("same CCCD: %v", err)
		}
		noID := an()
		noID.CCCD = ""
		if _, err := AddMember(ctx, db, f.tree, f.xa, f.branch.ID, Fields{FullName: "Trần Thị Bình", BirthDate: "1970", JoinedOn: "01/09/2025"}, false, now); err != nil {
			t.Fatal(err)
		}
		_, err = AddMember(ctx, db, f.tree, f.xa, f.branch2.ID, Fields{FullName: "tran thi binh", BirthDate: "1970", JoinedOn: "02/09/2025"}, false, now)
		if apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("same name, birth year and commune: %v, want a conflict", err)
		}
		if _, err := AddMember(ctx, db, f.tree, f.xa, f.branch2.ID, Fields{FullName: "tran thi binh", BirthDate: "1970", JoinedOn: "02/09/2025"}, true, now); err != nil {
			t.Errorf("confirmed as another person: %v", err)
		}
	})
}

func TestSearchIgnoresDiacriticsAndListsInVietnameseOrder(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		names := []string{"Nguyễn Văn An", "Đặng Thị Hoa", "Dương Văn Bình", "Nguyễn Thị Ánh", "Lê Văn Ân", "Trần Đức Anh"}
		for _, n := range names {
			if _, err := AddMember(ctx, db, f.tree, f.xa, f.branch.ID, Fields{FullName: n, JoinedOn: "01/09/2025"}, false, now); err != nil {
				t.Fatal(err)
			}
		}
		find := func(q Query) []string {
			t.Helper()
			p, err := FindMembers(ctx, db, f.tree, f.xa, q)
			if err != nil {
				t.Fatal(err)
			}
			var out []string
			for _, m := range p.Members {
				out = append(out, m.FullName)
			}
			return out
		}
		if got := find(Query{Text: "nguyen van an"}); len(got) != 1 || got[0] != "Nguyễn Văn An" {
			t.Errorf("nguyen van an: %v", got)
		}
		if got := find(Query{Text: "dang"}); len(got) != 1 || got[0] != "Đặng Thị Hoa" {
			t.Errorf("dang (đ as d): %v", got)
		}
		if got := find(Query{Text: "binh"}); len(got) != 1 || got[0] != "Dương Văn Bình" {
			t.Errorf("binh (the given name): %v", got)
		}
		if got := find(Query{Text: "van", UnitID: f.badinh.ID}); len(got) != 3 {
			t.Errorf("van within the commune (any word): %v", got)
		}
		// D before Đ, and within a syllable the tones in their order.
		if got := strings.Join(find(Query{}), ", "); got != "Dương Văn Bình, Đặng Thị Hoa, Lê Văn Ân, Nguyễn Thị Ánh, Nguyễn Văn An, Trần Đức Anh" {
			t.Errorf("family name first: %s", got)
		}
		if got := strings.Join(find(Query{Order: GivenNameFirst}), ", "); !strings.HasPrefix(got, "Nguyễn Văn An, ") || !strings.Contains(got, "Trần Đức Anh, Nguyễn Thị Ánh") {
			t.Errorf("given name first: %s", got)
		}
		p, _ := FindMembers(ctx, db, f.tree, f.xa, Query{PerPage: 4, Page: 2})
		if p.Total != 6 || len(p.Members) != 2 || p.Pages() != 2 {
			t.Errorf("page 2 of 4: total %d, %d members, %d pages", p.Total, len(p.Members), p.Pages())
		}
	})
}

func TestMemberDataGivesEverythingAndIsLogged(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		m, _ := AddMember(ctx, db, f.tree, f.xa, f.branch.ID, an(), false, now)
		data, err := MemberData(ctx, db, f.tree, f.xa, m.ID, now)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(data)
		if !strings.Contains(string(b), "001060012345") || len(data.History) != 1 {
			t.Errorf("own data: %s", b)
		}
		if f.audits(t, audit.ActionMemberExport) != 1 {
			t.Error("the export of own data was not logged")
		}
		if _, err := MemberData(ctx, db, f.tree, f.viewer, m.ID, now); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("a viewer exporting own data: %v", err)
		}
	})
}

func TestTheReformMovesAnAssociationAndTheCountsFollow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		old, err := f.tree.Resolve(units.Commune, "00004", d("2024-12-31")) // Phường Trúc Bạch, merged into Ba Đình
		if err != nil {
			t.Fatal(err)
		}
		split, err := f.tree.Resolve(units.Commune, "00016", d("2024-12-31")) // Phường Ngọc Hà, split
		if err != nil {
			t.Fatal(err)
		}
		a, err := AddOrg(ctx, db, f.tree, f.local, NewOrg{Kind: Grassroots, Name: "Hội Khuyến học phường Trúc Bạch", CommuneID: old.ID, Founded: d("2010-05-01")}, now)
		if err != nil {
			t.Fatal(err)
		}
		b, err := AddOrg(ctx, db, f.tree, f.local, NewOrg{Kind: Branch, Name: "Chi hội Tổ 5", ParentID: a.ID, Founded: d("2010-05-01")}, now)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []string{"Phạm Văn Một", "Phạm Văn Hai"} {
			if _, err := AddMember(ctx, db, f.tree, f.local, b.ID, Fields{FullName: n, JoinedOn: "01/03/2015"}, false, now); err != nil {
				t.Fatal(err)
			}
		}
		s, err := AddOrg(ctx, db, f.tree, f.local, NewOrg{Kind: Grassroots, Name: "Hội Khuyến học phường Ngọc Hà", CommuneID: split.ID, Founded: d("2012-01-01")}, now)
		if err != nil {
			t.Fatal(err)
		}
		plan, err := MoveReform(ctx, db, f.tree, f.local, false, now)
		if err != nil {
			t.Fatal(err)
		}
		if len(plan.Moves) != 1 || plan.Moves[0].OrgID != a.ID || plan.Moves[0].To.ID != f.badinh.ID || plan.Moves[0].Members != 2 {
			t.Fatalf("plan: %+v", plan.Moves)
		}
		if len(plan.Undecided) != 1 || plan.Undecided[0].OrgID != s.ID || len(plan.Undecided[0].Candidates) < 2 {
			t.Fatalf("undecided: %+v", plan.Undecided)
		}
		if f.count(t, f.badinh, IndMembers, "2026-06-30") != 0 {
			t.Fatal("a plan moved something")
		}
		if _, err := MoveReform(ctx, db, f.tree, f.local, true, now); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			unit *units.Unit
			ind  string
			on   string
			want int64
		}{
			{old, IndMembers, "2024-12-31", 2}, {old, IndMembers, "2025-06-30", 2}, {old, IndMembers, "2025-07-01", 0},
			{f.badinh, IndMembers, "2025-06-30", 0}, {f.badinh, IndMembers, "2025-07-01", 2},
			{old, IndGrassroots, "2025-06-30", 1}, {f.badinh, IndGrassroots, "2026-06-30", 2},
			{old, IndBranches, "2025-06-30", 1}, {f.badinh, IndBranches, "2026-06-30", 3},
		} {
			if got := f.count(t, c.unit, c.ind, c.on); got != c.want {
				t.Errorf("%s of %s on %s = %d, want %d", c.ind, c.unit.FullName(), c.on, got, c.want)
			}
		}
		// Its members are now the new commune's: its officer finds them.
		p, _ := FindMembers(ctx, db, f.tree, f.xa, Query{Text: "pham"})
		if p.Total != 2 {
			t.Errorf("Ba Đình's officer finds %d moved members, want 2", p.Total)
		}
		// The split commune's association goes where a person decides.
		if err := MoveOrg(ctx, db, f.tree, f.xa, s.ID, f.badinh.ID, now); err != nil {
			t.Fatal(err)
		}
		if err := MoveOrg(ctx, db, f.tree, f.xa, s.ID, f.badinh.ID, now); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("moving twice: %v", err)
		}
		plan, _ = MoveReform(ctx, db, f.tree, f.local, false, now)
		if len(plan.Moves)+len(plan.Undecided) != 0 {
			t.Errorf("left to move: %+v", plan)
		}
	})
}

func TestALeavingKeepsTheDuplicateKey(t *testing.T) {
	f := setup(t, storetest.SQLite(t))
	m, err := AddMember(ctx, f.db, f.tree, f.xa, f.branch.ID, Fields{FullName: "Trần Thị Bình", BirthDate: "1970", JoinedOn: "01/09/2025"}, false, now)
	if err != nil {
		t.Fatal(err)
	}
	var before, after string
	f.db.QueryRow(ctx, "SELECT dup_key FROM members WHERE id = ?", m.ID).Scan(&before)
	if err := LeaveMember(ctx, f.db, f.tree, f.xa, m.ID, m.Version, d("2026-01-01"), "Chuyển đi", now); err != nil {
		t.Fatal(err)
	}
	f.db.QueryRow(ctx, "SELECT dup_key FROM members WHERE id = ?", m.ID).Scan(&after)
	if before == "" || after != before || !strings.Contains(after, "tran thi binh") {
		t.Errorf("dup_key %q before leaving, %q after", before, after)
	}
}

func TestAMemberWhoRejoinsCountsAgainButNotInBetween(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		f := setup(t, db)
		m := f.addAn(t)
		if err := LeaveMember(ctx, db, f.tree, f.xa, m.ID, m.Version, d("2025-12-01"), "Đi làm xa", now); err != nil {
			t.Fatal(err)
		}
		// The same person (same CCCD) cannot be added again: they rejoin.
		if _, err := AddMember(ctx, db, f.tree, f.xa, f.branch.ID, an(), false, now); apperr.CodeOf(err) != apperr.Conflict {
			t.Fatalf("adding the person again: %v", err)
		}
		m, _ = GetMember(ctx, db, f.tree, f.xa, m.ID, false, now)
		if err := RejoinMember(ctx, db, f.tree, f.xa, m.ID, m.Version, f.branch2.ID, d("2026-03-01"), now); err != nil {
			t.Fatal(err)
		}
		for on, want := range map[string]int64{"2025-11-30": 1, "2025-12-01": 0, "2026-02-28": 0, "2026-03-01": 1, "2026-12-31": 1} {
			if got := f.count(t, f.badinh, IndMembers, on); got != want {
				t.Errorf("members on %s = %d, want %d", on, got, want)
			}
		}
		got, _ := GetMember(ctx, db, f.tree, f.xa, m.ID, false, now)
		if !got.LeftOn.IsZero() || got.BranchID != f.branch2.ID || !got.JoinedOn.Equal(d("2025-08-15")) {
			t.Errorf("after rejoining: %+v", got)
		}
		if err := RejoinMember(ctx, db, f.tree, f.xa, m.ID, 0, f.branch.ID, d("2026-04-01"), now); apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("rejoining a member: %v", err)
		}
	})
}

func TestTheSameUnitIsNotAddedTwice(t *testing.T) {
	f := setup(t, storetest.SQLite(t))
	_, err := AddOrg(ctx, f.db, f.tree, f.xa, NewOrg{Kind: Grassroots, Name: "hội khuyến học PHƯỜNG Ba Đình", CommuneID: f.badinh.ID}, now)
	if apperr.CodeOf(err) != apperr.Conflict || !strings.Contains(err.Error(), fmt.Sprint(f.assoc.ID)) {
		t.Errorf("the association again: %v", err)
	}
	if _, err := AddOrg(ctx, f.db, f.tree, f.xa, NewOrg{Kind: Branch, Name: "chi hoi to dan pho 1", ParentID: f.assoc.ID}, now); apperr.CodeOf(err) != apperr.Conflict {
		t.Errorf("the branch again: %v", err)
	}
	if _, err := AddOrg(ctx, f.db, f.tree, f.xa2, NewOrg{Kind: Grassroots, Name: "Hội Khuyến học phường Ba Đình", CommuneID: f.ngocha.ID}, now); err != nil {
		t.Errorf("the same name in another commune: %v", err)
	}
}
