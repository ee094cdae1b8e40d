package web_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/registry"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// memberWorld is writeWorld with the association registry of two
// communes of Đắk Lắk and one of Gia Lai: each commune's association with
// branches, a few members, and API tokens for the users.
type memberWorld struct {
	*writeWorld
	tok                  map[string]string
	comm, comm2, foreign *units.Unit
	branch1, branch2     int64 // Thôn 1 and Thôn 2 of comm
	foreignBranch        int64
	an, ba, binh         int64 // An and Ba in comm (Thôn 1), Bình in foreign
}

func newMemberWorld(t *testing.T, db *store.DB) *memberWorld {
	t.Helper()
	ctx := context.Background()
	w := &memberWorld{writeWorld: newWriteWorld(t, db), tok: map[string]string{}}
	get := func(ref string) *units.Unit {
		r, _ := units.ParseRef(ref)
		u, err := w.tree.Resolve(r.Level, r.Code, writeNow)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	w.comm, w.comm2, w.foreign = get(w.dlComm), get(w.dlComm2), get(w.glComm)
	admin := auth.LocalAdmin("test")
	founded := writeNow.AddDate(-10, 0, 0)
	branches := func(c *units.Unit, names ...string) []int64 {
		a, err := registry.AddOrg(ctx, db, w.tree, admin, registry.NewOrg{Kind: registry.Grassroots, Name: "Hội Khuyến học " + c.Name,
			CommuneID: c.ID, Founded: founded}, writeNow)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, n := range names {
			b, err := registry.AddOrg(ctx, db, w.tree, admin, registry.NewOrg{Kind: registry.Branch, Name: n, ParentID: a.ID,
				PlaceKind: "thôn", Place: n, Founded: founded}, writeNow)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, b.ID)
		}
		return ids
	}
	b := branches(w.comm, "Thôn 1", "Thôn 2")
	w.branch1, w.branch2 = b[0], b[1]
	branches(w.comm2, "Tổ dân phố 5")
	w.foreignBranch = branches(w.foreign, "Thôn Một")[0]
	add := func(branch int64, f registry.Fields) int64 {
		m, err := registry.AddMember(ctx, db, w.tree, admin, branch, f, false, writeNow)
		if err != nil {
			t.Fatal(err)
		}
		return m.ID
	}
	w.an = add(w.branch1, registry.Fields{FullName: "Nguyễn Văn An", Gender: "Nam", BirthDate: "12/03/1960", CCCD: "066060123456",
		Phone: "0912345678", Address: "Thôn 1", JoinedOn: "05/07/2020"})
	w.ba = add(w.branch1, registry.Fields{FullName: "Lê Thị Ba", Gender: "Nữ", BirthDate: "1970", Phone: "0987654321", JoinedOn: "01/02/2021"})
	w.binh = add(w.foreignBranch, registry.Fields{FullName: "Trần Thị Bình", Gender: "Nữ", BirthDate: "1965", Phone: "0911222333", JoinedOn: "01/01/2022"})
	for _, key := range []string{"xa", "dl", "gl", "viewer", "dladmin"} {
		w.tok[key] = w.token(key)
	}
	return w
}

// api sends a JSON request as user with their bearer token (no session).
func (w *memberWorld) api(user, method, target, body string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if user != "" {
		req.Header.Set("Authorization", "Bearer "+w.tok[user])
	}
	return w.send("", req)
}

// importFile posts a member file to /members/import as user.
func (w *memberWorld) importFile(user, name, content string, fields map[string]string, csrf bool) *httptest.ResponseRecorder {
	return w.postFile(user, "/members/import", name, content, fields, csrf)
}

// member reads a member as the local administrator, unmasked.
func (w *memberWorld) member(id int64) registry.Member {
	w.t.Helper()
	m, err := registry.GetMember(context.Background(), w.db, w.tree, auth.LocalAdmin("test"), id, false, writeNow)
	if err != nil {
		w.t.Fatal(err)
	}
	return m
}

// memberCount counts every member record.
func (w *memberWorld) memberCount() int {
	w.t.Helper()
	return w.count(`SELECT COUNT(*) FROM members`)
}

// auditActions counts the audit entries of an action.
func (w *memberWorld) auditActions(action string) int {
	w.t.Helper()
	return w.count(`SELECT COUNT(*) FROM audit_log WHERE action = ?`, action)
}

// count runs a query of one number.
func (w *memberWorld) count(query string, args ...any) int {
	w.t.Helper()
	var n int
	if err := w.db.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		w.t.Fatal(err)
	}
	return n
}

func path(format string, args ...any) string { return fmt.Sprintf(format, args...) }

func TestCommuneOfficerNeverSeesAnotherCommunesMember(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newMemberWorld(t, db)
		list := w.get("xa", "/members")
		wantStatus(t, "the officer's list", list, http.StatusOK, "Nguyễn Văn An", "Lê Thị Ba")
		if strings.Contains(list.Body.String(), "Trần Thị Bình") {
			t.Error("the commune officer's list shows a member of another province")
		}
		for _, target := range []string{
			"/members?unit=" + w.glComm,
			"/members?unit=" + w.dlComm2,
			path("/members/%d", w.binh),
			"/members/export.xlsx?unit=" + w.glComm,
			"/members/new?unit=" + w.glComm,
			"/associations?unit=" + w.glComm,
		} {
			rec := w.get("xa", target)
			wantStatus(t, target, rec, http.StatusNotFound)
			if strings.Contains(rec.Body.String(), "Trần Thị Bình") || strings.Contains(rec.Body.String(), "Thôn Một") {
				t.Errorf("%s reveals the other commune's records", target)
			}
		}
		for _, post := range []struct{ target string }{
			{path("/members/%d/reveal", w.binh)},
			{path("/members/%d/leave", w.binh)},
			{path("/members/%d/data", w.binh)},
		} {
			rec := w.post("xa", post.target, url.Values{"left_on": {"01/10/2026"}, "left_reason": {"chuyển đi"}, "version": {"1"}})
			wantStatus(t, post.target, rec, http.StatusNotFound)
		}
		if !w.member(w.binh).LeftOn.IsZero() {
			t.Error("a member of another commune was recorded as left")
		}
		// The API answers the same.
		rec := w.api("xa", "GET", "/api/v1/members", "")
		wantStatus(t, "API list", rec, http.StatusOK, "Nguyễn Văn An")
		if strings.Contains(rec.Body.String(), "Bình") {
			t.Error("the API list shows a member of another province")
		}
		for _, c := range []struct{ method, target, body string }{
			{"GET", path("/api/v1/members/%d", w.binh), ""},
			{"GET", path("/api/v1/members/%d?reveal=1", w.binh), ""},
			{"GET", "/api/v1/members?unit=" + w.glComm, ""},
			{"PATCH", path("/api/v1/members/%d", w.binh), `{"version":1,"full_name":"X","joined_on":"01/01/2022"}`},
			{"POST", path("/api/v1/members/%d/leave", w.binh), `{"version":1,"on":"01/10/2026","reason":"x"}`},
			{"POST", path("/api/v1/members/%d/transfer", w.binh), fmt.Sprintf(`{"version":1,"branch_id":%d,"on":"01/10/2026"}`, w.branch1)},
		} {
			rec := w.api("xa", c.method, c.target, c.body)
			wantStatus(t, c.method+" "+c.target, rec, http.StatusNotFound)
			if strings.Contains(rec.Body.String(), "Bình") {
				t.Errorf("%s %s names the other member", c.method, c.target)
			}
		}
		// The export of the officer's own commune holds only its members.
		rec = w.get("xa", "/members/export.xlsx?unit="+w.dlComm)
		wantStatus(t, "export", rec, http.StatusOK)
		names := xlsxColumn(t, rec.Body.Bytes(), 2)
		if strings.Join(names, "|") != "Họ và tên|Lê Thị Ba|Nguyễn Văn An" {
			t.Errorf("export of the commune: %q", names)
		}
		// A province officer sees the province's communes, not the other province's.
		rec = w.get("dl", "/members")
		wantStatus(t, "province list", rec, http.StatusOK, "Nguyễn Văn An")
		if strings.Contains(rec.Body.String(), "Trần Thị Bình") {
			t.Error("the province officer sees another province's member")
		}
	})
}

// xlsxColumn reads column col (from 0) of the first sheet of a workbook.
func xlsxColumn(t *testing.T, data []byte, col int) []string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		if col < len(r) {
			out = append(out, r[col])
		}
	}
	return out
}

func TestMemberPersonalDataIsMaskedAndARevealIsAudited(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newMemberWorld(t, db)
		page := path("/members/%d", w.an)
		rec := w.get("viewer", page)
		wantStatus(t, "viewer's page", rec, http.StatusOK, "Nguyễn Văn An", "1960")
		body := rec.Body.String()
		if strings.Contains(body, "0912345678") || strings.Contains(body, "066060123456") || strings.Contains(body, "12/03/1960") {
			t.Error("the viewer sees personal data unmasked")
		}
		if strings.Contains(body, "/reveal") || strings.Contains(body, "/leave") {
			t.Error("the viewer is offered to reveal or change the record")
		}
		wantStatus(t, "viewer reveals", w.post("viewer", page+"/reveal", nil), http.StatusForbidden)
		if rec := w.api("viewer", "GET", "/api/v1"+page+"?reveal=1", ""); rec.Code != http.StatusForbidden {
			t.Errorf("viewer reveals by API: %d", rec.Code)
		}
		if rec := w.api("viewer", "GET", "/api/v1"+page, ""); rec.Code != http.StatusOK || strings.Contains(rec.Body.String(), "0912345678") {
			t.Errorf("viewer reads by API: %d %s", rec.Code, rec.Body)
		}
		if n := w.auditActions("member.view"); n != 0 {
			t.Fatalf("%d views recorded before any reveal", n)
		}
		// The list shows masked numbers to the officer too.
		if rec := w.get("xa", "/members"); strings.Contains(rec.Body.String(), "0912345678") {
			t.Error("the list shows a phone number unmasked")
		}
		rec = w.post("xa", page+"/reveal", nil)
		wantStatus(t, "officer reveals", rec, http.StatusOK, "0912345678", "066060123456", "12/03/1960")
		if n := w.auditActions("member.view"); n != 1 {
			t.Errorf("after a reveal: %d view entries, want 1", n)
		}
		rec = w.api("dl", "GET", "/api/v1"+page+"?reveal=1", "")
		wantStatus(t, "province officer reveals by API", rec, http.StatusOK, "0912345678")
		if n := w.auditActions("member.view"); n != 2 {
			t.Errorf("after an API reveal: %d view entries, want 2", n)
		}
	})
}

func TestSecondEditFromTheSameVersionIsRefusedNotOverwritten(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newMemberWorld(t, db)
		m := w.member(w.ba)
		form := func(name string) url.Values {
			return url.Values{"version": {fmt.Sprint(m.Version)}, "full_name": {name}, "gender": {"Nữ"}, "birth_date": {"1970"},
				"phone": {"0987654321"}, "joined_on": {"01/02/2021"}}
		}
		rec := w.post("xa", path("/members/%d/edit", w.ba), form("Lê Thị Ba Mới"))
		wantStatus(t, "first edit", rec, http.StatusSeeOther)
		rec = w.post("dl", path("/members/%d/edit", w.ba), form("Lê Thị Ba Khác"))
		wantStatus(t, "second edit", rec, http.StatusConflict, "vừa được người khác sửa")
		if got := w.member(w.ba).FullName; got != "Lê Thị Ba Mới" {
			t.Errorf("after two edits from one version the name is %q", got)
		}
		// The API: the same version again is a 409.
		body := fmt.Sprintf(`{"version":%d,"full_name":"Lê Thị Ba API","gender":"Nữ","birth_date":"1970","joined_on":"01/02/2021"}`, m.Version)
		wantStatus(t, "API edit from an old version", w.api("dl", "PATCH", path("/api/v1/members/%d", w.ba), body), http.StatusConflict)
		cur := w.member(w.ba)
		body = fmt.Sprintf(`{"version":%d,"full_name":"Lê Thị Ba API","gender":"Nữ","birth_date":"1970","joined_on":"01/02/2021"}`, cur.Version)
		wantStatus(t, "API edit", w.api("dl", "PUT", path("/api/v1/members/%d", w.ba), body), http.StatusOK, "Lê Thị Ba API")
		// A bad field is named beside it.
		bad := form("")
		bad.Set("version", fmt.Sprint(w.member(w.ba).Version))
		bad.Set("birth_date", "31/02/1970")
		rec = w.post("xa", path("/members/%d/edit", w.ba), bad)
		wantStatus(t, "bad edit", rec, http.StatusBadRequest, `id="edit-e-full_name"`, `id="edit-e-birth_date"`, "cần điền")
		// The history lists each change, old and new.
		rec = w.get("xa", path("/members/%d", w.ba))
		wantStatus(t, "history", rec, http.StatusOK, "Lê Thị Ba Mới", "Lê Thị Ba API", "Sửa hồ sơ")
	})
}

func TestMemberImportPreviewsWritesAndRefusesBadRows(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newMemberWorld(t, db)
		code := w.comm.Code
		good := "Mã xã,Chi hội,Họ và tên,Giới tính,Ngày sinh,Ngày vào hội\n" +
			code + ",Thôn 2,Phạm Văn Cường,Nam,1955,01/09/2025\n" +
			code + ",Thôn 2,Đỗ Thị Dung,Nữ,02/04/1962,01/09/2025\n"
		before, audits := w.memberCount(), w.auditCount()
		rec := w.importFile("xa", "ds.csv", good, map[string]string{"action": "preview"}, true)
		wantStatus(t, "preview", rec, http.StatusOK, "Xem trước", "ds.csv")
		if w.memberCount() != before || w.auditCount() != audits {
			t.Fatal("the preview wrote something")
		}
		// A bad row refuses the whole file, naming row and column.
		bad := good + code + ",Thôn 2,Hoàng Văn Em,Nam,31/02/1950,01/09/2025\n"
		rec = w.importFile("xa", "ds.csv", bad, map[string]string{"action": "import"}, true)
		wantStatus(t, "bad file", rec, http.StatusBadRequest, "<td data-label=\"Dòng\" class=\"num\">4</td>", "Ngày sinh")
		if w.memberCount() != before {
			t.Fatal("a file with a bad row wrote members")
		}
		rec = w.importFile("xa", "ds.csv", good, map[string]string{"action": "import"}, true)
		wantStatus(t, "import", rec, http.StatusOK, "Đã nhập tệp")
		if w.memberCount() != before+2 {
			t.Fatalf("after the import: %d members, want %d", w.memberCount(), before+2)
		}
		// The same file again changes nothing.
		rec = w.importFile("xa", "ds.csv", good, map[string]string{"action": "import"}, true)
		wantStatus(t, "again", rec, http.StatusOK)
		if w.memberCount() != before+2 {
			t.Fatal("importing the same file again added members")
		}
		// A member already there with other fields: listed, then skipped.
		dup := "Mã xã,Chi hội,Họ và tên,Giới tính,Ngày sinh,Ngày vào hội\n" + code + ",Thôn 2,Phạm Văn Cường,Nam,1955,01/10/2025\n"
		rec = w.importFile("xa", "dup.csv", dup, map[string]string{"action": "import"}, true)
		wantStatus(t, "duplicate", rec, http.StatusConflict, "Phạm Văn Cường", "trùng")
		rec = w.importFile("xa", "dup.csv", dup, map[string]string{"action": "import", "on_duplicate": "skip"}, true)
		wantStatus(t, "duplicate skipped", rec, http.StatusOK, "Bỏ qua")
		// A row of another commune is refused for the commune officer.
		other := "Mã xã,Chi hội,Họ và tên,Ngày vào hội\n" + w.foreign.Code + ",Thôn Một,Người Lạ,01/09/2025\n"
		rec = w.importFile("xa", "other.csv", other, map[string]string{"action": "import"}, true)
		if rec.Code == http.StatusOK || w.memberCount() != before+2 {
			t.Errorf("a row of another commune: %d", rec.Code)
		}
		// No CSRF token, nothing.
		rec = w.importFile("xa", "ds2.csv", strings.ReplaceAll(good, "Cường", "Cương"), map[string]string{"action": "import"}, false)
		wantStatus(t, "without CSRF", rec, http.StatusForbidden)
		// The API takes the file as the body.
		api := "Mã xã,Chi hội,Họ và tên,Ngày vào hội\n" + code + ",Thôn Mới,Võ Văn Giang,01/09/2025\n"
		rec = w.api("xa", "POST", "/api/v1/members/import?name=api.csv&dry_run=1&create_branches=1", api)
		wantStatus(t, "API preview", rec, http.StatusOK, `"added":1`, "Thôn Mới", `"dry_run":true`)
		rec = w.api("xa", "POST", "/api/v1/members/import?name=api.csv", strings.Replace(api, "01/09/2025", "99/03/2024", 1))
		wantStatus(t, "API bad file", rec, http.StatusBadRequest, `"row":2`, `"column":"Ngày vào hội"`)
		if w.memberCount() != before+2 {
			t.Fatal("the API's preview or bad file wrote members")
		}
		// An officer's own headers: «SĐT» is read, the notes column is
		// named as not read, on the page and through the API.
		own := "STT,Mã xã,Chi hội,Họ tên,SĐT,Ngày vào hội,Ghi chú\n1," + code + ",Thôn 2,Lý Văn Hùng,0912 345 678,01/09/2025,mới\n"
		rec = w.importFile("xa", "rieng.csv", own, map[string]string{"action": "preview"}, true)
		wantStatus(t, "own headers", rec, http.StatusOK, `id="import-unread"`, "«STT», «Ghi chú»", "Các cột không được đọc")
		if strings.Contains(rec.Body.String(), "«SĐT»") {
			t.Error("the page says the phone column was not read")
		}
		rec = w.api("xa", "POST", "/api/v1/members/import?name=rieng.csv&dry_run=1", own)
		wantStatus(t, "own headers through the API", rec, http.StatusOK, `"unread_columns":["STT","Ghi chú"]`)
		// The templates download.
		wantStatus(t, "template csv", w.get("xa", "/members/template.csv"), http.StatusOK, "Họ và tên")
		if rec := w.get("xa", "/members/template.xlsx"); rec.Code != http.StatusOK || len(xlsxColumn(t, rec.Body.Bytes(), 2)) != 1 {
			t.Errorf("template xlsx: %d", rec.Code)
		}
	})
}

func TestLeaveAndTransferFromTheMemberPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newMemberWorld(t, db)
		// The transfer form offers the other branches, not the member's own.
		page := w.get("xa", path("/members/%d", w.ba)).Body.String()
		form := page[strings.Index(page, `id="transfer"`):]
		form = form[:strings.Index(form, "</details>")]
		own := fmt.Sprint(w.member(w.ba).BranchID)
		if strings.Contains(form, `value="`+own+`"`) || !strings.Contains(form, `value="`+fmt.Sprint(w.branch2)+`"`) {
			t.Errorf("the transfer form's branches (own %s):\n%s", own, form)
		}
		v := fmt.Sprint(w.member(w.ba).Version)
		rec := w.post("xa", path("/members/%d/transfer", w.ba), url.Values{"version": {v}, "branch": {fmt.Sprint(w.branch2)}, "on": {"01/06/2026"}})
		wantStatus(t, "transfer", rec, http.StatusSeeOther)
		if m := w.member(w.ba); m.BranchID != w.branch2 {
			t.Errorf("after the transfer the branch is %d", m.BranchID)
		}
		// A leaving without a reason names the field.
		v = fmt.Sprint(w.member(w.ba).Version)
		rec = w.post("xa", path("/members/%d/leave", w.ba), url.Values{"version": {v}, "left_on": {"01/10/2026"}})
		wantStatus(t, "leave without reason", rec, http.StatusBadRequest, `id="leave-e-left_reason"`)
		rec = w.post("xa", path("/members/%d/leave", w.ba), url.Values{"version": {v}, "left_on": {"01/10/2026"}, "left_reason": {"chuyển nơi ở"}})
		wantStatus(t, "leave", rec, http.StatusSeeOther)
		rec = w.get("xa", path("/members/%d", w.ba))
		wantStatus(t, "left member", rec, http.StatusOK, "Đã ra hội", "chuyển nơi ở", "Thôn 2")
		if strings.Contains(w.get("xa", "/members").Body.String(), "Lê Thị Ba") {
			t.Error("a member who left is in the list of members")
		}
		wantStatus(t, "with former", w.get("xa", "/members?former=1"), http.StatusOK, "Lê Thị Ba")
		// She joins again: the same record, a new stretch.
		v = fmt.Sprint(w.member(w.ba).Version)
		rec = w.post("xa", path("/members/%d/rejoin", w.ba), url.Values{"version": {v}, "branch": {fmt.Sprint(w.branch1)}, "joined_on": {"01/09/2026"}})
		wantStatus(t, "rejoin before leaving", rec, http.StatusBadRequest, `id="rejoin-e-joined_on"`)
		rec = w.post("xa", path("/members/%d/rejoin", w.ba), url.Values{"version": {v}, "branch": {fmt.Sprint(w.branch1)}, "joined_on": {"20/11/2026"}})
		wantStatus(t, "rejoin", rec, http.StatusSeeOther)
		wantStatus(t, "after rejoining", w.get("xa", "/members"), http.StatusOK, "Lê Thị Ba")
		// The API leaves and transfers.
		an := w.member(w.an)
		rec = w.api("xa", "POST", path("/api/v1/members/%d/transfer", w.an), fmt.Sprintf(`{"version":%d,"branch_id":%d,"on":"01/06/2026"}`, an.Version, w.branch2))
		wantStatus(t, "API transfer", rec, http.StatusOK, `"branch":"Thôn 2"`)
		an = w.member(w.an)
		rec = w.api("xa", "POST", path("/api/v1/members/%d/leave", w.an), fmt.Sprintf(`{"version":%d,"on":"2026-10-01","reason":"tuổi cao"}`, an.Version))
		wantStatus(t, "API leave", rec, http.StatusOK, `"left_on":"2026-10-01"`)
	})
}

func TestAddMemberFormShowsFaultsAndAsksAboutTheSameName(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newMemberWorld(t, db)
		target := "/members/new?unit=" + w.dlComm
		wantStatus(t, "form", w.get("xa", target), http.StatusOK, "Thôn 1", "Thôn 2", "dd/mm/yyyy")
		rec := w.post("xa", target, url.Values{"branch": {fmt.Sprint(w.branch1)}, "full_name": {""}, "joined_on": {"2024-13-45"}, "phone": {"12345"}})
		wantStatus(t, "bad form", rec, http.StatusBadRequest, `id="new-e-full_name"`, `id="new-e-joined_on"`, `id="new-e-phone"`)
		same := url.Values{"branch": {fmt.Sprint(w.branch2)}, "full_name": {"Lê Thị Ba"}, "gender": {"Nữ"}, "birth_date": {"1970"}, "joined_on": {"01/01/2025"}}
		before := w.memberCount()
		rec = w.post("xa", target, same)
		wantStatus(t, "same name", rec, http.StatusConflict, "cùng họ tên", `name="same_name_ok"`)
		if w.memberCount() != before {
			t.Fatal("a possible duplicate was added without confirmation")
		}
		same.Set("same_name_ok", "1")
		rec = w.post("xa", target, same)
		wantStatus(t, "confirmed", rec, http.StatusSeeOther)
		if w.memberCount() != before+1 {
			t.Fatal("the confirmed member was not added")
		}
		// The API creates, with the faults by field.
		rec = w.api("xa", "POST", "/api/v1/members", fmt.Sprintf(`{"branch_id":%d,"full_name":"Ngô Văn Hải","joined_on":"01/01/2025"}`, w.branch1))
		wantStatus(t, "API create", rec, http.StatusOK, `"full_name":"Ngô Văn Hải"`, `"commune":"`+w.comm.Code+`"`)
		rec = w.api("xa", "POST", "/api/v1/members", fmt.Sprintf(`{"branch_id":%d,"full_name":"","joined_on":"x"}`, w.branch1))
		wantStatus(t, "API bad create", rec, http.StatusBadRequest, `"fields"`, `"full_name":"cần điền"`, `"joined_on"`)
		rec = w.api("xa", "POST", "/api/v1/members", fmt.Sprintf(`{"branch_id":%d,"full_name":"Người Ngoài","joined_on":"01/01/2025"}`, w.foreignBranch))
		wantStatus(t, "API create outside", rec, http.StatusNotFound)
		rec = w.api("viewer", "POST", "/api/v1/members", fmt.Sprintf(`{"branch_id":%d,"full_name":"Người Xem","joined_on":"01/01/2025"}`, w.branch1))
		wantStatus(t, "viewer creates", rec, http.StatusForbidden)
	})
}

func TestAssociationsPageAddsAndDissolves(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newMemberWorld(t, db)
		target := "/associations?unit=" + w.dlComm
		wantStatus(t, "list", w.get("xa", target), http.StatusOK, "Thôn 1", "Chi hội", "Hội Khuyến học")
		rec := w.post("xa", target, url.Values{"kind": {"branch"}, "name": {"Thôn 7"}, "founded": {"01/01/2026"}})
		wantStatus(t, "branch without parent", rec, http.StatusBadRequest, `id="org-e-parent"`)
		orgs, err := registry.ListOrgs(context.Background(), db, w.tree, auth.LocalAdmin("t"), w.comm.ID, writeNow)
		if err != nil {
			t.Fatal(err)
		}
		var assoc int64
		for _, o := range orgs {
			if o.Kind == registry.Grassroots {
				assoc = o.ID
			}
		}
		rec = w.post("xa", target, url.Values{"kind": {"branch"}, "name": {"Thôn 7"}, "parent": {fmt.Sprint(assoc)}, "founded": {"01/01/2026"}, "place_kind": {"thôn"}, "place": {"Thôn 7"}})
		wantStatus(t, "add", rec, http.StatusSeeOther)
		wantStatus(t, "after add", w.get("xa", target), http.StatusOK, "Thôn 7")
		rec = w.post("xa", path("/associations/%d/dissolve?unit=%s", w.branch1, w.dlComm), url.Values{"on": {"01/10/2026"}, "reason": {"sáp nhập"}})
		wantStatus(t, "dissolve with members", rec, http.StatusConflict, "hội viên")
		rec = w.post("xa", path("/associations/%d/dissolve?unit=%s", w.foreignBranch, w.glComm), url.Values{"on": {"01/10/2026"}, "reason": {"x"}})
		wantStatus(t, "dissolve outside", rec, http.StatusNotFound)
	})
}

// TestEveryRegistryFormNeedsTheCSRFToken posts each form of the registry
// without the session's token: refused, nothing written.
func TestEveryRegistryFormNeedsTheCSRFToken(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newMemberWorld(t, db)
		members, audits := w.memberCount(), w.auditCount()
		v := fmt.Sprint(w.member(w.an).Version)
		for _, c := range []struct {
			target string
			form   url.Values
		}{
			{"/members/new?unit=" + w.dlComm, url.Values{"branch": {fmt.Sprint(w.branch1)}, "full_name": {"Người Mới"}, "joined_on": {"01/01/2025"}}},
			{path("/members/%d/reveal", w.an), nil},
			{path("/members/%d/edit", w.an), url.Values{"version": {v}, "full_name": {"X"}, "joined_on": {"05/07/2020"}}},
			{path("/members/%d/leave", w.an), url.Values{"version": {v}, "left_on": {"01/10/2026"}, "left_reason": {"x"}}},
			{path("/members/%d/transfer", w.an), url.Values{"version": {v}, "branch": {fmt.Sprint(w.branch2)}, "on": {"01/10/2026"}}},
			{path("/members/%d/erase", w.an), url.Values{"reason": {"x"}, "confirm": {"1"}}},
			{path("/members/%d/rejoin", w.an), url.Values{"version": {v}, "branch": {fmt.Sprint(w.branch1)}, "joined_on": {"01/11/2026"}}},
			{path("/members/%d/data", w.an), nil},
			{"/associations?unit=" + w.dlComm, url.Values{"kind": {"grassroots"}, "name": {"Hội mới"}}},
			{path("/associations/%d/dissolve?unit=%s", w.branch2, w.dlComm), url.Values{"on": {"01/10/2026"}, "reason": {"x"}}},
		} {
			for _, user := range []string{"xa", "dladmin"} {
				rec := w.postRaw(user, c.target, c.form)
				wantStatus(t, "no token: "+c.target, rec, http.StatusForbidden)
				f := url.Values{"csrf": {w.csrf["viewer"]}}
				for k, x := range c.form {
					f[k] = x
				}
				wantStatus(t, "another session's token: "+c.target, w.postRaw(user, c.target, f), http.StatusForbidden)
			}
		}
		if w.memberCount() != members || w.auditCount() != audits || w.member(w.an).FullName != "Nguyễn Văn An" {
			t.Error("a form without the CSRF token changed something")
		}
	})
}

func TestEraseAndOwnDataAreForThoseAllowed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newMemberWorld(t, db)
		page := path("/members/%d", w.an)
		if strings.Contains(w.get("xa", page).Body.String(), "/erase") {
			t.Error("an officer is offered the erasure")
		}
		wantStatus(t, "officer erases", w.post("xa", page+"/erase", url.Values{"reason": {"x"}, "confirm": {"1"}}), http.StatusForbidden)
		rec := w.post("xa", page+"/data", nil)
		wantStatus(t, "own data", rec, http.StatusOK, `"full_name": "Nguyễn Văn An"`, "0912345678", `"history"`)
		if cd := rec.Header().Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") {
			t.Errorf("own data Content-Disposition %q", cd)
		}
		wantStatus(t, "viewer's own data", w.post("viewer", page+"/data", nil), http.StatusForbidden)
		wantStatus(t, "admin page offers erasure", w.get("dladmin", page), http.StatusOK, "/erase")
		wantStatus(t, "erase without confirmation", w.post("dladmin", page+"/erase", url.Values{"reason": {"yêu cầu"}}), http.StatusBadRequest, "xác nhận")
		wantStatus(t, "erase", w.post("dladmin", page+"/erase", url.Values{"reason": {"hội viên yêu cầu"}, "confirm": {"1"}}), http.StatusSeeOther)
		rec = w.get("dladmin", page)
		if strings.Contains(rec.Body.String(), "Nguyễn Văn An") || strings.Contains(rec.Body.String(), "0912345678") {
			t.Error("the erased member's page still shows their data")
		}
	})
}

// TestWiderScopesPickTheCommuneByName: a province officer chooses among
// the province's communes by name, a nation user first among provinces;
// neither types a code.
func TestWiderScopesPickTheCommuneByName(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newMemberWorld(t, db)
		rec := w.get("dl", "/members")
		wantStatus(t, "province list", rec, http.StatusOK, `name="unit"`, w.comm.FullName(), "Tất cả xã, phường trong phạm vi")
		rec = w.get("dl", "/members?unit="+w.dlComm)
		wantStatus(t, "province officer picks a commune", rec, http.StatusOK, `name="branch"`, "Thôn 2", "Thêm hội viên")
		nation := createTestUser(t, db, "tw@test.vn", "Toàn quốc", auth.Viewer, w.tree.Nation(), writeNow)
		w.session("tw", nation)
		rec = w.get("tw", "/members")
		wantStatus(t, "nation list", rec, http.StatusOK, `name="province"`, "Tất cả tỉnh, thành phố", "Nguyễn Văn An", "Trần Thị Bình")
		if strings.Contains(rec.Body.String(), `name="unit"`) {
			t.Error("a nation user is offered every commune of the country at once")
		}
		rec = w.get("tw", "/members?province=province:52")
		wantStatus(t, "nation user picks a province", rec, http.StatusOK, `name="unit"`, w.foreign.FullName(), "Trần Thị Bình")
		if strings.Contains(rec.Body.String(), ">Nguyễn Văn An</a>") {
			t.Error("the list of Gia Lai shows a member of Đắk Lắk")
		}
		wantStatus(t, "nation associations", w.get("tw", "/associations?unit="+w.glComm), http.StatusOK, "Thôn Một")
	})
}
