package web_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// TestACommuneTreasurerKeepsTheFundOnItsPages is the treasurer's day
// through the pages: a gift recorded (the same form sent twice records it
// once), its receipt printed, a wrong amount refused beside the form, a
// wrong receipt reversed, a programme's recipient listed, approved and
// paid, and the fund book downloaded; a neighbour's officer sees nothing.
func TestACommuneTreasurerKeepsTheFundOnItsPages(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		unit := url.QueryEscape(w.dlComm)
		page := func(target string) string {
			t.Helper()
			rec := w.get("xa", target)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s: %d\n%s", target, rec.Code, rec.Body)
			}
			return rec.Body.String()
		}
		post := func(target string, form url.Values, want int) string {
			t.Helper()
			rec := w.post("xa", target, form)
			if rec.Code != want {
				t.Fatalf("POST %s: %d, want %d\n%s", target, rec.Code, want, rec.Body)
			}
			return rec.Header().Get("Location") + rec.Body.String()
		}
		if body := page("/fund"); !strings.Contains(body, "Ghi phiếu thu") || !strings.Contains(body, "Số dư quỹ hôm nay") {
			t.Fatalf("fund page:\n%s", body)
		}
		gift := url.Values{"donor": {"Ông Nguyễn Văn Bình"}, "donor_kind": {"person"}, "amount": {"2.000.000"}, "means": {"cash"}, "key": {"k1"}}
		if loc := post("/fund/receipt?unit="+unit, gift, http.StatusSeeOther); !strings.Contains(loc, "done=PT-") {
			t.Fatalf("receipt: %s", loc)
		}
		post("/fund/receipt?unit="+unit, gift, http.StatusSeeOther)
		post("/fund/receipt?unit="+unit, url.Values{"donor": {"Bà Lê Thị Lan"}, "amount": {"300 000"}, "key": {"k2"}}, http.StatusSeeOther)
		body := page("/fund?unit=" + unit)
		if strings.Count(body, `class="card org-card fund-entry"`) != 2 || !strings.Contains(body, "2.300.000 đồng") {
			t.Fatalf("two receipts and their balance:\n%s", body)
		}
		if body := post("/fund/receipt?unit="+unit, url.Values{"donor": {"Bà Lan"}, "amount": {"1.500,5"}, "key": {"k3"}}, http.StatusBadRequest); !strings.Contains(body, `role="alert"`) ||
			!strings.Contains(body, "Số tiền") {
			t.Fatalf("a fraction of a đồng:\n%s", body)
		}
		rec := w.get("xa", "/fund/voucher.pdf?unit="+unit+"&number=PT-2026-0001")
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Body.String(), "%PDF") {
			t.Fatalf("voucher: %d %q", rec.Code, rec.Body.String()[:min(20, rec.Body.Len())])
		}
		if loc := post("/fund/reverse?unit="+unit, url.Values{"number": {"PT-2026-0002"}, "reason": {"ghi nhầm số tiền"}}, http.StatusSeeOther); !strings.Contains(loc, "done=DC-") {
			t.Fatalf("reverse: %s", loc)
		}
		if body := post("/fund/reverse?unit="+unit, url.Values{"number": {"PT-2026-0002"}, "reason": {"lần hai"}}, http.StatusConflict); !strings.Contains(body, "đã được đảo") {
			t.Fatalf("a second reversal:\n%s", body)
		}
		loc := post("/fund/programme?unit="+unit, url.Values{"code": {"HB2026"}, "name": {"Học bổng vượt khó"}, "budget": {"1.000.000"}}, http.StatusSeeOther)
		prog := "/fund/programme?unit=" + w.dlComm + "&code=HB2026&year=2026"
		if !strings.HasPrefix(loc, prog) {
			t.Fatalf("programme: %s", loc)
		}
		// The page's forms post to the programme (its address was escaped
		// whole once, = and & included, and the browser posted nowhere).
		if body := page(prog); !strings.Contains(body, `action="/fund/award?unit=`+url.QueryEscape(w.dlComm)+`&amp;code=HB2026&amp;year=2026"`) {
			t.Fatalf("the programme's form posts elsewhere:\n%s", body)
		}
		award := url.Values{"full_name": {"Lê Thị Hoa"}, "birth_date": {"12/03/2013"}, "beneficiary": {"pupil_hardship"}, "award_kind": {"scholarship"},
			"school": {"Trường THCS Nguyễn Trãi"}, "grade": {"7A"}, "amount": {"800.000"}}
		post("/fund/award?unit="+unit+"&code=HB2026&year=2026", award, http.StatusSeeOther)
		if body := post("/fund/award?unit="+unit+"&code=HB2026&year=2026", award, http.StatusConflict); !strings.Contains(body, "đã có trong danh sách") {
			t.Fatalf("the same pupil twice:\n%s", body)
		}
		post("/fund/approve?unit="+unit+"&code=HB2026&year=2026", url.Values{}, http.StatusSeeOther)
		if loc := post("/fund/pay?unit="+unit+"&code=HB2026&year=2026", url.Values{"award": {"1"}, "key": {"award-1"}}, http.StatusSeeOther); !strings.Contains(loc, "done=PC-2026-0001") {
			t.Fatalf("pay: %s", loc)
		}
		if body := page(prog); !strings.Contains(body, "PC-2026-0001") || !strings.Contains(body, "800.000") {
			t.Fatalf("the programme after payment:\n%s", body)
		}
		for _, target := range []string{"/fund/book.xlsx?unit=" + unit + "&period=2026", "/fund/recipients.xlsx?unit=" + unit + "&code=HB2026&year=2026"} {
			rec := w.get("xa", target)
			if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Body.String(), "PK") {
				t.Fatalf("%s: %d", target, rec.Code)
			}
		}
		if rec := w.get("xa", "/fund?unit="+url.QueryEscape(w.glComm)); rec.Code != http.StatusNotFound {
			t.Fatalf("another province's commune: %d", rec.Code)
		}

		// The province's programme, into which the commune pays: the
		// commune's officer opens it and sees whom the commune listed.
		if rec := w.post("dl", "/fund/programme?unit=province:66", url.Values{"code": {"VD2026"}, "name": {"Giải thưởng Vừa đi"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("the province's programme: %d\n%s", rec.Code, rec.Body)
		}
		// The commune's fund lists it, named with the province.
		if body := page("/fund"); !strings.Contains(body, "Giải thưởng Vừa đi") || !strings.Contains(body, "Năm 2026 · Tỉnh Đắk Lắk") || strings.Contains(body, "VD2026 ·") {
			t.Fatalf("the commune's fund page lacks the province's programme:\n%s", body)
		}
		provQ := "unit=province:66&code=VD2026&year=2026"
		provProg := "/fund/programme?" + provQ
		if body := page(provProg); !strings.Contains(body, `name="payer" value="`+w.dlComm+`"`) {
			t.Fatalf("the province's programme has no form for the commune paying into it:\n%s", body)
		}
		post("/fund/award?"+provQ, url.Values{"payer": {w.dlComm}, "full_name": {"Trần Minh Khang"}, "birth_date": {"01/09/2012"},
			"beneficiary": {"good_pupil"}, "award_kind": {"prize"}, "school": {"Trường THCS Lê Lợi"}, "amount": {"500.000"}}, http.StatusSeeOther)
		if rec := w.post("dl", "/fund/approve?"+provQ, url.Values{}); rec.Code != http.StatusSeeOther {
			t.Fatalf("the province approves: %d\n%s", rec.Code, rec.Body)
		}
		if body := page(provProg); !strings.Contains(body, "Trần Minh Khang") || !strings.Contains(body, `href="/fund"`) || !strings.Contains(body, `action="/fund/pay?`) {
			t.Fatalf("the commune reads the province's programme and pays its pupil:\n%s", body)
		}
		if loc := post("/fund/pay?"+provQ, url.Values{"award": {"2"}, "key": {"award-2"}}, http.StatusSeeOther); !strings.Contains(loc, "done=PC-2026-0002") {
			t.Fatalf("the commune pays the province's award: %s", loc)
		}
		// Another commune of the province may not list for this one.
		post("/fund/award?"+provQ, url.Values{"payer": {w.dlComm2}, "full_name": {"Lê Văn C"}, "birth_date": {"01/09/2012"},
			"beneficiary": {"good_pupil"}, "award_kind": {"prize"}, "school": {"Trường THCS Lê Lợi"}, "amount": {"500.000"}}, http.StatusNotFound)
		if rec := w.get("xa", "/fund/programme?unit=province:52&code=VD2026&year=2026"); rec.Code != http.StatusNotFound {
			t.Fatalf("another province's programme: %d", rec.Code)
		}

		// The awards paid under each programme this year, by name: the
		// commune's fund has its own programme's and the province's; the
		// province's fund the same, its communes' sum. The payments' cards
		// name the programme, not its code.
		for _, c := range []struct{ user, target string }{{"xa", "/fund?unit=" + unit}, {"dl", "/fund?unit=province:66"}} {
			rec := w.get(c.user, c.target)
			body := html.UnescapeString(rec.Body.String())
			table := body[strings.Index(body, `id="fund-awards"`):]
			table = table[:strings.Index(table, "</table>")]
			for _, want := range []string{"Học bổng vượt khó (2026)", "Giải thưởng Vừa đi (2026)", "Tỉnh Đắk Lắk", "800.000", "500.000", "1.300.000"} {
				if !strings.Contains(table, want) {
					t.Errorf("%s: the awards by programme lack %q:\n%s", c.target, want, table)
				}
			}
		}
		if body := html.UnescapeString(page("/fund?unit=" + unit)); strings.Contains(body, "; HB2026") || strings.Contains(body, "; VD2026") {
			t.Errorf("a payment's card names its programme by code:\n%s", body)
		}
		// The province's report of the year has them as an appendix.
		rep := w.get("dl", "/report?scope=province:66&period=2026")
		body = html.UnescapeString(rep.Body.String())
		if i := strings.Index(body, "Học bổng, khen thưởng đã chi theo chương trình năm 2026"); rep.Code != http.StatusOK || i < 0 ||
			!strings.Contains(body[i:], "Giải thưởng Vừa đi (2026)") || !strings.Contains(body[i:], "Học bổng vượt khó (2026)") ||
			!strings.Contains(body[i:], "1.300.000") {
			t.Errorf("the province's report of 2026 (%d) lacks the awards by programme", rep.Code)
		}
	})
}

// TestAPaymentOutsideAProgrammeIsRecordedFromTheFundPage: the commune's
// treasurer pays a teacher's support from the page's payment form (sent
// twice, recorded once); a payment beyond the balance is refused naming
// the amount, with what was typed kept and the form open, and so is the
// treasurer's overdraft with a reason (an officer of the commune may not
// allow one), while the province's officer records it with the reason; a
// purpose not offered, a missing recipient and an impossible date are
// refused naming their field; a viewer and another province's officer
// write nothing.
func TestAPaymentOutsideAProgrammeIsRecordedFromTheFundPage(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		unit := url.QueryEscape(w.dlComm)
		count := func() int {
			t.Helper()
			var n int
			if err := db.QueryRow(context.Background(), "SELECT COUNT(*) FROM fund_entries").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		send := func(user string, form url.Values, want int) string {
			t.Helper()
			rec := w.post(user, "/fund/payment?unit="+unit, form)
			if rec.Code != want {
				t.Fatalf("POST /fund/payment as %s: %d, want %d\n%s", user, rec.Code, want, rec.Body)
			}
			return rec.Header().Get("Location") + html.UnescapeString(rec.Body.String())
		}
		if rec := w.post("xa", "/fund/receipt?unit="+unit, url.Values{"donor": {"Ông Bình"}, "amount": {"1.000.000"}, "date": {"02/11/2026"}, "key": {"r1"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("receipt: %d\n%s", rec.Code, rec.Body)
		}
		body := html.UnescapeString(w.get("xa", "/fund?unit="+unit).Body.String())
		for _, want := range []string{`action="/fund/payment?unit=`, `name="pay_key" value="web-`, "Hỗ trợ giáo viên", "Sách vở, xe đạp"} {
			if !strings.Contains(body, want) {
				t.Fatalf("the fund page's payment form lacks %q", want)
			}
		}
		if strings.Contains(body, `name="pay_overdraft"`) {
			t.Error("the commune's officer, who may not allow an overdraft, is offered its reason")
		}
		support := url.Values{"pay_purpose": {"teacher_support"}, "pay_to": {"Cô Phạm Thị Mai"}, "pay_amount": {"300.000"}, "pay_means": {"cash"},
			"pay_date": {"20/11/2026"}, "pay_note": {"Hỗ trợ giáo viên dạy lớp xóa mù chữ"}, "pay_key": {"p1"}}
		if loc := send("xa", support, http.StatusSeeOther); !strings.Contains(loc, "done=PC-2026-0001") {
			t.Fatalf("the payment: %s", loc)
		}
		send("xa", support, http.StatusSeeOther) // sent twice: recorded once
		if n := count(); n != 2 {
			t.Fatalf("%d entries after a receipt and a payment sent twice, want 2", n)
		}
		body = html.UnescapeString(w.get("xa", "/fund?unit="+unit).Body.String())
		for _, want := range []string{"PC-2026-0001 · 20/11/2026 · Chi · Hỗ trợ giáo viên", "Cô Phạm Thị Mai", "Hỗ trợ giáo viên dạy lớp xóa mù chữ", "700.000 đồng"} {
			if !strings.Contains(body, want) {
				t.Errorf("the ledger lacks %q after the payment", want)
			}
		}

		// Beyond the balance: refused, what was typed kept, the form open.
		bicycles := url.Values{"pay_purpose": {"books_bicycles"}, "pay_to": {"Em Lê Văn Tú"}, "pay_amount": {"2.000.000"}, "pay_key": {"p2"}}
		body = send("xa", bicycles, http.StatusConflict)
		if !strings.Contains(body, `role="alert"`) || !strings.Contains(body, "Số tiền") || !strings.Contains(body, "vượt số dư quỹ") ||
			!strings.Contains(body, `value="Em Lê Văn Tú"`) || !strings.Contains(body, `id="fund-payment" open`) || !strings.Contains(body, `value="p2"`) {
			t.Fatalf("a payment beyond the balance:\n%s", body)
		}
		bicycles.Set("pay_overdraft", "Tạm ứng, hội sẽ vận động bù")
		if body := send("xa", bicycles, http.StatusForbidden); !strings.Contains(body, "chi vượt số dư") {
			t.Fatalf("the commune's officer's overdraft:\n%s", body)
		}
		if n := count(); n != 2 {
			t.Fatalf("%d entries after refusals, want 2", n)
		}
		if body := html.UnescapeString(w.get("dl", "/fund?unit="+unit).Body.String()); !strings.Contains(body, `name="pay_overdraft"`) {
			t.Error("the province's officer is not offered an overdraft's reason")
		}
		if loc := send("dl", bicycles, http.StatusSeeOther); !strings.Contains(loc, "done=PC-2026-0002") {
			t.Fatalf("the province's officer's overdraft: %s", loc)
		}

		// Bad fields, each named; nobody outside writes.
		for field, f := range map[string]url.Values{
			"Nội dung chi":   {"pay_purpose": {"gift"}, "pay_to": {"A"}, "pay_amount": {"1.000"}},
			"Người nộp/nhận": {"pay_purpose": {"other"}, "pay_to": {""}, "pay_amount": {"1.000"}},
			"Ngày":           {"pay_purpose": {"other"}, "pay_to": {"A"}, "pay_amount": {"1.000"}, "pay_date": {"31/02/2026"}},
			"Số tiền":        {"pay_purpose": {"other"}, "pay_to": {"A"}, "pay_amount": {"0"}},
		} {
			if body := send("xa", f, http.StatusBadRequest); !strings.Contains(body, field) {
				t.Errorf("a bad %s: the refusal does not name it:\n%s", field, body)
			}
		}
		if rec := w.post("viewer", "/fund/payment?unit="+unit, support); rec.Code != http.StatusForbidden && rec.Code != http.StatusNotFound {
			t.Errorf("a viewer's payment: %d", rec.Code)
		}
		if rec := w.post("gl", "/fund/payment?unit="+unit, url.Values{"pay_purpose": {"other"}, "pay_to": {"A"}, "pay_amount": {"1.000"}}); rec.Code != http.StatusNotFound {
			t.Errorf("another province's officer's payment: %d", rec.Code)
		}
		if n := count(); n != 3 {
			t.Fatalf("%d entries at the end, want 3", n)
		}
	})
}

// TestTheProvinceReportShowsItsCommunesLedger: gifts a commune's treasurer
// recorded on the fund's pages (one a year before, one reversed) are the
// province's fund raised in its report (JSON and page), with its change on
// the same half-year before and the fund per resident.
func TestTheProvinceReportShowsItsCommunesLedger(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		w := newWriteWorld(t, db)
		unit := url.QueryEscape(w.dlComm)
		for i, g := range []struct{ amount, date string }{{"1.000.000", "15/10/2025"}, {"2.000.000", "20/11/2026"}, {"5.000.000", "21/11/2026"}, {"400.000", "22/11/2026"}} {
			rec := w.post("xa", "/fund/receipt?unit="+unit, url.Values{"donor": {"Nhà hảo tâm"}, "amount": {g.amount}, "date": {g.date}, "key": {"g" + strconv.Itoa(i)}})
			if rec.Code != http.StatusSeeOther {
				t.Fatalf("gift %d: %d\n%s", i, rec.Code, rec.Body)
			}
		}
		if rec := w.post("xa", "/fund/reverse?unit="+unit, url.Values{"number": {"PT-2026-0002"}, "reason": {"ghi nhầm"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("reverse: %d\n%s", rec.Code, rec.Body)
		}
		// The residents of the province's two communes with figures.
		var rows []aggregate.Row
		for i, ref := range []string{w.dlComm, w.dlComm2} {
			r, _ := units.ParseRef(ref)
			rows = append(rows, aggregate.Row{Line: i + 2, Period: "2026H2", Level: string(r.Level), Code: r.Code, Indicator: "population.total", Value: "12000"})
		}
		if _, err := aggregate.Import(context.Background(), db, rows, aggregate.Options{Source: "population.csv", Actor: "test", Now: writeNow}); err != nil {
			t.Fatal(err)
		}
		rec := w.get("dl", "/report.json?scope=province:66&period=2026H2")
		if rec.Code != http.StatusOK {
			t.Fatalf("report.json: %d\n%s", rec.Code, rec.Body)
		}
		var rep struct {
			Indicators map[string]struct{ Value, Previous, Change *float64 }
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &rep); err != nil {
			t.Fatal(err)
		}
		num := func(v *float64) float64 {
			if v == nil {
				return -1
			}
			return *v
		}
		// 2.000.000 and 400.000 this half-year (5.000.000 reversed), against
		// 1.000.000 the same half-year before; 2.400.000 for 24.000 people.
		for code, want := range map[string][3]float64{"fund.raised": {2_400_000, 1_000_000, 1_400_000}, "fund.per_capita": {100, -1, -1},
			"fund.balance": {3_400_000, 1_000_000, 2_400_000}} {
			v := rep.Indicators[code]
			if got := [3]float64{num(v.Value), num(v.Previous), num(v.Change)}; got != want {
				t.Errorf("%s: value, previous, change %v, want %v", code, got, want)
			}
		}
		body := html.UnescapeString(w.get("dl", "/report?scope=province:66&period=2026H2").Body.String())
		for _, want := range []string{"2.400.000 đồng", "1.000.000 đồng", "+1.400.000 đồng", "100 đồng/người"} {
			if !strings.Contains(body, want) {
				t.Errorf("the province's report page lacks %q", want)
			}
		}
	})
}
