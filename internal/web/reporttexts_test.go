package web_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// textsCount counts the texts saved, and those of one section.
func (w *writeWorld) textsCount(section string) int {
	w.t.Helper()
	var n int
	q, args := "SELECT COUNT(*) FROM report_texts", []any{}
	if section != "" {
		q, args = q+" WHERE section = ?", []any{section}
	}
	if err := w.db.QueryRow(context.Background(), q, args...).Scan(&n); err != nil {
		w.t.Fatal(err)
	}
	return n
}

func TestReportTextsPageSavesDraftsOffersPrefillsAndRefusesARace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		page := "/reports/" + w.dl + "/2026H1/texts"
		year := "/reports/" + w.dl + "/2025/texts"

		wantStatus(t, "the report links to the page", w.get("dl", "/report?scope="+w.dl+"&period=2026H1"), 200, `href="`+page+`"`, "Viết nội dung báo cáo")
		if body := w.get("dl", "/report?scope="+w.dl+"&period=2026H2").Body.String(); strings.Contains(body, "/texts") {
			t.Error("the report of a second half links to a texts page")
		}
		wantStatus(t, "page", w.get("dl", page), 200, "Nội dung báo cáo", "Tỉnh Đắk Lắk", "6 tháng đầu năm 2026",
			"Công tác tham mưu, chỉ đạo", "Công tác tham mưu, chỉ đạo: tồn tại, hạn chế", "Ưu điểm", "Phương hướng, nhiệm vụ", "Kiến nghị, đề xuất",
			`name="text:advice"`, `name="version:advice"`, `name="text:after:members.total"`, "Câu viết thêm sau số liệu",
			`name="signer_name"`, `placeholder="TM. BAN THƯỜNG VỤ"`, "/static/texts.css")

		// The year-end report of 2025 is written first; 2026H1 offers its directions.
		wantStatus(t, "save 2025", w.post("dl", year, url.Values{"text:directions": {"Tiếp tục phát triển hội viên."}, "version:directions": {"0"}}), 303)
		wantStatus(t, "2026H1 with a pre-fill", w.get("dl", page), 200, "lấy từ báo cáo kỳ trước (năm 2025)", "Tiếp tục phát triển hội viên.", `name="keep:directions"`)

		// Saving the form leaves the unchanged pre-fill unsaved, saves what was written.
		rec := w.post("dl", page, url.Values{
			"text:advice": {"Tham mưu Tỉnh ủy ban hành Chỉ thị về xây dựng xã hội học tập."}, "version:advice": {"0"},
			"text:directions": {"Tiếp tục phát triển hội viên."}, "version:directions": {"0"},
			"text:after:members.total": {"Tăng nhờ các chi hội trường học."}, "version:after:members.total": {"0"},
		})
		wantStatus(t, "save", rec, 303)
		if loc := rec.Header().Get("Location"); loc != page+"?done=texts" {
			t.Errorf("after saving, sent to %q", loc)
		}
		wantStatus(t, "after saving", w.get("dl", page+"?done=texts"), 200, "Đã lưu nội dung báo cáo.",
			"Tham mưu Tỉnh ủy ban hành Chỉ thị về xây dựng xã hội học tập.", "Tăng nhờ các chi hội trường học.", "phiên bản 1", "dl@test.vn")
		if n := w.textsCount("directions"); n != 1 {
			t.Errorf("directions saved %d times, want once (2025 only: the unchanged pre-fill of 2026H1 is not saved)", n)
		}
		// Ticking "keep" saves the pre-fill as the period's own.
		wantStatus(t, "keep", w.post("dl", page, url.Values{"text:directions": {"Tiếp tục phát triển hội viên."}, "version:directions": {"0"}, "keep:directions": {"1"},
			"text:causes": {"  "}, "version:causes": {"0"}}), 303)
		if n := w.textsCount("directions"); n != 2 {
			t.Errorf("directions saved %d times after keeping the pre-fill, want 2", n)
		}
		if n := w.textsCount(""); n != 4 {
			t.Errorf("%d texts saved, want 4 (an empty box never written is not saved)", n)
		}

		// Two people write from version 1 of the advice: the second is told, keeps their text and sees the other's.
		wantStatus(t, "first", w.post("dl", page, url.Values{"text:advice": {"Bản của văn phòng."}, "version:advice": {"1"}}), 303)
		rec = w.post("dladmin", page, url.Values{"text:advice": {"Bản của chủ tịch."}, "version:advice": {"1"}})
		wantStatus(t, "second", rec, 409, "có người khác vừa lưu", "dl@test.vn", "Bản của chủ tịch.", "Bản vừa được lưu", "Bản của văn phòng.", `name="version:advice" value="2"`)
		if n := w.textsCount("advice"); n != 1 {
			t.Errorf("%d advice rows", n)
		}

		// Bad input: a text too long, a second half.
		rec = w.post("dl", page, url.Values{"text:fund": {strings.Repeat("a", 20001)}, "version:fund": {"0"}})
		wantStatus(t, "too long", rec, 400, "dài 20001 ký tự, quá giới hạn 20000 ký tự")
		wantStatus(t, "second half", w.get("dl", "/reports/"+w.dl+"/2026H2/texts"), 400, "báo cáo tổng kết năm 2026 đã bao gồm 6 tháng cuối năm")
		wantStatus(t, "bad period", w.get("dl", "/reports/"+w.dl+"/2026H3/texts"), 400, "không nhận ra kỳ báo cáo «2026H3»")

		// The letterhead.
		lh := url.Values{"version": {"0"}, "number": {"15/BC-KH"}, "place": {"Buôn Ma Thuột"}, "recipients": {"Hội Khuyến học Việt Nam (để báo cáo)\r\nTỉnh ủy Đắk Lắk (để báo cáo)"},
			"signer_name": {"Nguyễn Thị Hoa"}}
		wantStatus(t, "letterhead", w.post("dl", "/reports/"+w.dl+"/2026H1/letterhead", lh), 303)
		wantStatus(t, "after the letterhead", w.get("dl", page+"?done=letterhead"), 200, "Đã lưu phần đầu và chữ ký", `value="Nguyễn Thị Hoa"`,
			`value="15/BC-KH"`, "Tỉnh ủy Đắk Lắk (để báo cáo)")
		lh.Set("signer_name", "Lê Văn Tám")
		wantStatus(t, "raced letterhead", w.post("dladmin", "/reports/"+w.dl+"/2026H1/letterhead", lh), 409, "phần đầu và chữ ký của văn bản vừa được dl@test.vn lưu")
		wantStatus(t, "the year after carries it without the number", w.get("dl", "/reports/"+w.dl+"/2026/texts"), 200,
			`value="Nguyễn Thị Hoa"`, "lấy từ báo cáo kỳ trước (6 tháng đầu năm 2026)")

		// The report page and its Word document carry what was saved, not the pre-fills.
		wantStatus(t, "the report page", w.get("dl", "/report?scope="+w.dl+"&period=2026H1"), 200, "Bản của văn phòng.", "Tăng nhờ các chi hội trường học.", "Nguyễn Thị Hoa", "15/BC-KH")
		rec = w.get("dl", "/report.docx?scope="+w.dl+"&period=2026H1")
		if xml := docxText(t, rec.Body.Bytes()); rec.Code != 200 || !strings.Contains(xml, "Bản của văn phòng.") || !strings.Contains(xml, "Nguyễn Thị Hoa") {
			t.Errorf("the Word document (%d) lacks the saved texts", rec.Code)
		}

		// Scope: a viewer reads, may not save; another province sees nothing; no CSRF token, no save.
		wantStatus(t, "viewer", w.get("viewer", page), 200, "Bạn chỉ được xem", "Bản của văn phòng.")
		if body := w.get("viewer", page).Body.String(); strings.Contains(body, `id="texts-save"`) {
			t.Error("the viewer is offered the save button")
		}
		wantStatus(t, "viewer saves", w.post("viewer", page, url.Values{"text:causes": {"x"}, "version:causes": {"0"}}), 403)
		wantStatus(t, "another province", w.get("gl", page), 404)
		wantStatus(t, "another province saves", w.post("gl", page, url.Values{"text:causes": {"x"}, "version:causes": {"0"}}), 404)
		wantStatus(t, "no CSRF token", w.postRaw("dl", page, url.Values{"text:causes": {"x"}, "version:causes": {"0"}}), 403)
		if n := w.textsCount("causes"); n != 0 {
			t.Errorf("refused saves wrote %d texts", n)
		}
	})
}

// docxText is the main part of a Word document, its XML.
func docxText(t *testing.T, b []byte) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Errorf("not a Word document: %v", err)
		return ""
	}
	for _, f := range z.File {
		if f.Name == "word/document.xml" {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			x, _ := io.ReadAll(r)
			return string(x)
		}
	}
	return ""
}

func TestReportTextsAPIAndTheClustersGatheredTexts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		importTestClusters(t, db, w.tree, writeNow, "Cụm thi đua số 1", "Cụm thi đua số 2")
		tok := map[string]string{}
		for _, k := range []string{"dl", "dladmin", "gl", "viewer"} {
			tok[k] = w.token(k)
		}
		call := func(user, method, target, body string) *httptest.ResponseRecorder {
			req := httptest.NewRequest(method, target, strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+tok[user])
			return w.send("", req)
		}
		texts := "/api/v1/reports/" + w.dl + "/2026H1/texts"
		wantStatus(t, "put", call("dl", "PUT", texts, `{"sections": {"advice": {"text": "Tham mưu.", "version": 0}}, "after": {"members.total": {"text": "Tăng.", "version": 0}}}`), 200,
			`"advice":{"text":"Tham mưu.","version":1,"saved_by":"dl@test.vn"`, `"members.total":{"text":"Tăng.","version":1`)
		rec := call("viewer", "GET", texts, "")
		wantStatus(t, "get", rec, 200, `"writable":false`, `"keys":["advice","advice.limits"`)
		var got struct {
			Sections map[string]struct {
				Text    string
				Version int
			}
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || got.Sections["advice"].Version != 1 || len(got.Sections) != 21 {
			t.Errorf("GET texts: %+v, %v", got, err)
		}
		wantStatus(t, "raced put", call("dladmin", "PUT", texts, `{"sections": {"advice": {"text": "Khác.", "version": 0}}}`), 409, `"code":"conflict"`, "có người khác vừa lưu")
		wantStatus(t, "unknown key", call("dl", "PUT", texts, `{"sections": {"summary": {"text": "x"}}}`), 400, `không có phần \"summary\"`)
		wantStatus(t, "unknown field", call("dl", "PUT", texts, `{"section": {}}`), 400)
		wantStatus(t, "second half", call("dl", "GET", "/api/v1/reports/"+w.dl+"/2026H2/texts", ""), 400, "báo cáo tổng kết năm 2026")
		wantStatus(t, "viewer puts", call("viewer", "PUT", texts, `{"sections": {"causes": {"text": "x"}}}`), 403)
		wantStatus(t, "another province", call("gl", "GET", texts, ""), 404)

		lh := "/api/v1/reports/" + w.dl + "/2026H1/letterhead"
		wantStatus(t, "letterhead empty", call("dl", "GET", lh, ""), 200, `"version":0`, `"recipients":[]`, `"prefilled":false`)
		wantStatus(t, "put letterhead", call("dl", "PUT", lh, `{"number": "7/BC-KH", "recipients": ["Hội Khuyến học Việt Nam (để báo cáo)"], "signer_name": "Y Bih", "version": 0}`), 200,
			`"number":"7/BC-KH"`, `"version":1`, `"signer_name":"Y Bih"`)
		wantStatus(t, "carried forward", call("dl", "GET", "/api/v1/reports/"+w.dl+"/2026/letterhead", ""), 200, `"prefilled":true`, `"from":"2026H1"`, `"number":""`, `"signer_name":"Y Bih"`)
		wantStatus(t, "raced letterhead", call("dladmin", "PUT", lh, `{"signer_name": "Khác", "version": 0}`), 409)

		// The cluster of province 66: its officer writes it and gathers its provinces' texts.
		gathered := "/api/v1/reports/cluster:1/2026H1/texts/gathered"
		wantStatus(t, "gathered", call("dl", "GET", gathered, ""), 200, `"advice":"Tỉnh Đắk Lắk: Tham mưu."`)
		wantStatus(t, "gathered by another cluster's province", call("gl", "GET", gathered, ""), 404)
		wantStatus(t, "gathered for a province", call("dl", "GET", texts+"/gathered", ""), 400)
		wantStatus(t, "the cluster's own", call("dl", "PUT", "/api/v1/reports/cluster:1/2026H1/texts", `{"sections": {"advice": {"text": "Các tỉnh đã tham mưu."}}}`), 200, `"name":"Cụm thi đua số 1"`)
		wantStatus(t, "gather page", w.get("dl", "/reports/cluster:1/2026H1/texts?gather=1"), 200, "Đã tập hợp nội dung của các tỉnh", "Tỉnh Đắk Lắk: Tham mưu.", "tập hợp từ các tỉnh, chưa lưu")
	})
}
