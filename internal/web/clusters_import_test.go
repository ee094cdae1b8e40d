package web_test

import (
	"bytes"
	"context"
	"html"
	"mime/multipart"
	"net/http/httptest"
	"regexp"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/cluster"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// postClusters posts the clusters import form as user: a file, or the
// confirmation form's fields.
func (w *writeWorld) postClusters(user string, fields map[string]string, name, content string) *httptest.ResponseRecorder {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", w.csrf[user])
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if name != "" {
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write([]byte(content))
	}
	mw.Close()
	req := httptest.NewRequest("POST", "/clusters/import", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return w.send(user, req)
}

func TestClustersUploadThatShrinksAClusterNeedsAnExplicitConfirmation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		w := newWriteWorld(t, db)
		w.session("nat", createTestUser(t, db, "nat@test.vn", "Trung ương", auth.Admin, w.tree.Nation(), writeNow))
		full := "year,cluster,name,province\n2024,6,Cụm 6,68\n2024,6,Cụm 6,52\n"
		wantStatus(t, "first upload", w.postClusters("nat", nil, "cum.csv", full), 200, "Đã nhập tệp", "cum.csv")
		wantStatus(t, "clusters page", w.get("nat", "/clusters?year=2024"), 200, `href="/clusters/import"`, "Bình Định", "Lâm Đồng")
		wantStatus(t, "form of a province admin", w.get("dladmin", "/clusters/import"), 403)
		wantStatus(t, "upload of a province admin", w.postClusters("dladmin", nil, "cum.csv", full), 403)
		if body := w.get("dladmin", "/clusters?year=2024").Body.String(); regexp.MustCompile(`href="/clusters/import"`).MatchString(body) {
			t.Error("a province admin is offered the clusters import")
		}

		shrink := "year,cluster,name,province,from\n2024,6,Cụm 6,68,01/07/2024\n"
		removal := "bỏ Bình Định (mã 52) khỏi cụm 6 «Cụm 6» từ 01/07/2024 đến 31/12/2024"
		rec := w.postClusters("nat", nil, "bot.csv", shrink)
		wantStatus(t, "shrinking upload", rec, 409, html.EscapeString("tệp bot.csv sẽ bỏ những thành phần cụm thi đua sau"),
			html.EscapeString(removal), `name="confirm_replace"`, `id="confirm-replace"`)
		content := regexp.MustCompile(`name="content" value="([^"]*)"`).FindStringSubmatch(rec.Body.String())
		if content == nil {
			t.Fatalf("no confirmation form carrying the file:\n%s", rec.Body)
		}
		notYet := func(what string) {
			t.Helper()
			c, err := cluster.GetAt(ctx, db, "6", time.Date(2024, 9, 1, 0, 0, 0, 0, time.UTC))
			if err != nil || len(c.Provinces) != 2 {
				t.Errorf("%s changed cluster 6: %+v %v", what, c.Provinces, err)
			}
		}
		notYet("the refused upload")
		// The confirmation form without its box ticked is refused again.
		wantStatus(t, "unticked", w.postClusters("nat", map[string]string{"content": html.UnescapeString(content[1]), "name": "bot.csv"}, "", ""), 409, `name="confirm_replace"`)
		notYet("an unticked confirmation")
		// The same file uploaded again is not a confirmation.
		wantStatus(t, "again", w.postClusters("nat", map[string]string{"confirm_replace": "1"}, "bot.csv", shrink), 409)
		notYet("a file with the box but not the confirmation form")

		wantStatus(t, "confirmed", w.postClusters("nat", map[string]string{"content": html.UnescapeString(content[1]), "name": "bot.csv", "confirm_replace": "1"}, "", ""),
			200, "Đã nhập tệp", "bot.csv", html.EscapeString(removal))
		after, _ := cluster.GetAt(ctx, db, "6", time.Date(2024, 9, 1, 0, 0, 0, 0, time.UTC))
		before, _ := cluster.GetAt(ctx, db, "6", time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC))
		if len(after.Provinces) != 1 || len(before.Provinces) != 2 {
			t.Errorf("after the confirmed upload: %d provinces on 01/09, %d on 01/03", len(after.Provinces), len(before.Provinces))
		}
		wantStatus(t, "clusters page with terms", w.get("nat", "/clusters?year=2024"), 200,
			"từ 01/01/2024 đến 30/06/2024", "từ 01/07/2024 đến 31/12/2024")
	})
}
