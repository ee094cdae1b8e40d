package cli_test

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/cli"
	"github.com/khuyenhoc/khuyenhoc/internal/racedetect"
)

// TestServeDemoStartsWithAccountsThatCanSignIn runs `khuyenhoc serve --demo`
// on a loopback port, reads the address and the demo accounts it prints,
// signs in with one of them and stops the server by cancelling its context.
func TestServeDemoStartsWithAccountsThatCanSignIn(t *testing.T) {
	if racedetect.Enabled {
		t.Skip("loads the whole demo (239,247 values), which takes minutes under the race detector; it runs in the plain test pass")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var errOut strings.Builder
	env := cli.Env{Stdin: strings.NewReader(""), Stdout: pw, Stderr: &errOut,
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC) }}
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(ctx, []string{"serve", "--demo", "--addr", "127.0.0.1:0", "--db", "sqlite:" + filepath.Join(t.TempDir(), "s.db")}, env)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	var base, email, password string
	for sc.Scan() {
		line := sc.Text()
		if m := regexp.MustCompile(`http://\S+`).FindString(line); m != "" && base == "" {
			base = m
		}
		if f := strings.Fields(line); len(f) > 0 && strings.HasPrefix(f[0], "tinh66@") {
			email = f[0]
		}
		if _, pw, ok := strings.Cut(line, "thử: "); ok {
			password = strings.TrimSpace(pw)
			break
		}
	}
	go io.Copy(io.Discard, pr)
	if base == "" || email == "" || password == "" {
		t.Fatalf("serve printed no address or accounts (address %q, account %q); stderr: %s", base, email, errOut.String())
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(base+"/login", url.Values{"email": {email}, "password": {password}, "next": {"/"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || len(resp.Cookies()) == 0 {
		t.Fatalf("demo sign-in answered %d with %d cookies", resp.StatusCode, len(resp.Cookies()))
	}
	// The province officer finds forms of two communes waiting, one with
	// a warning explained.
	req, _ := http.NewRequest("GET", base+"/approvals", nil)
	for _, c := range resp.Cookies() {
		req.AddCookie(c)
	}
	resp, err = client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"Trần Văn Bình", "Lê Thị Cúc", "cảnh báo", "6 tháng cuối năm 2026"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("the demo's approvals lack %q:\n%s", want, page)
		}
	}
	// One of them explains the members' rise.
	explained := false
	for _, href := range regexp.MustCompile(`/approvals/commune:\d+/2026H2`).FindAllString(string(page), -1) {
		req, _ := http.NewRequest("GET", base+href, nil)
		for _, c := range resp.Request.Cookies() {
			req.AddCookie(c)
		}
		r, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r.Body)
		r.Body.Close()
		explained = explained || strings.Contains(string(b), "Kết nạp hội viên ở ba trường học")
	}
	if !explained {
		t.Error("no waiting form of the demo explains its members' rise")
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d: %s", code, errOut.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop when its context ended")
	}
}

// serve --demo must not mix demo figures into a database with real ones.
func TestServeDemoRefusesADatabaseWithRealData(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "real.db")
	csv := filepath.Join(dir, "a.csv")
	if err := os.WriteFile(csv, []byte("period,level,code,indicator,value\n2024H1,province,66,members.total,123456\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut strings.Builder
	env := cli.Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv: func(string) string { return "" }, Now: time.Now}
	if code := cli.Main(context.Background(), []string{"init", "--db", db}, env); code != 0 {
		t.Fatalf("init: %s", errOut.String())
	}
	if code := cli.Main(context.Background(), []string{"import", "aggregates", "--db", db, csv}, env); code != 0 {
		t.Fatalf("import: %s", errOut.String())
	}
	code := cli.Main(context.Background(), []string{"serve", "--demo", "--addr", "127.0.0.1:0", "--db", db}, env)
	if code != 1 || !strings.Contains(errOut.String(), "dữ liệu mẫu chỉ nạp vào cơ sở dữ liệu trống") {
		t.Errorf("serve --demo on real data: exit %d, stderr %q", code, errOut.String())
	}
}
