package cli_test

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/cli"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

// A bad setting, from a flag or from the environment, stops serve before
// it opens anything, with exit 2 and a message naming the flag, the
// variable, the value and what is wanted.
func TestServeRefusesBadSettings(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "none.db") // never opened
	for _, c := range []struct {
		env  map[string]string
		args []string
		says []string
	}{
		{map[string]string{"KHUYENHOC_READ_TIMEOUT": "năm phút"}, nil, []string{`"năm phút"`, "--read-timeout", "KHUYENHOC_READ_TIMEOUT", "khoảng thời gian"}},
		{nil, []string{"--db-max-conns", "0"}, []string{"--db-max-conns", "KHUYENHOC_DB_MAX_CONNS", "từ 1 đến 1000"}},
		{map[string]string{"KHUYENHOC_ADDR": "8080"}, nil, []string{"--addr", "KHUYENHOC_ADDR", "máy:cổng"}},
		{nil, []string{"--shutdown-timeout", "0"}, []string{"--shutdown-timeout", "khoảng thời gian dương"}},
		{map[string]string{"KHUYENHOC_SECURE_COOKIES": "có"}, nil, []string{"KHUYENHOC_SECURE_COOKIES", "true hoặc false"}},
		{nil, []string{"--log-format", "xml"}, []string{"--log-format", "auto, json hoặc text"}},
		{map[string]string{"KHUYENHOC_METRICS_TOKEN": "short"}, nil, []string{"KHUYENHOC_METRICS_TOKEN", "16 ký tự"}},
		{nil, []string{"--db-read", "postgres://db2/kh", "--db-read", "sqlite:sao.db"}, []string{`"postgres://db2/kh,sqlite:sao.db"`, "--db-read", "KHUYENHOC_DB_READ", "postgres://"}},
		{map[string]string{"KHUYENHOC_DB_MAX_REPLICA_LAG": "-1s"}, nil, []string{"--db-max-replica-lag", "khoảng thời gian dương"}},
		// Well-formed replicas of an SQLite file: refused by the store.
		{map[string]string{"KHUYENHOC_DB_READ": "postgres://db2/kh"}, nil, []string{"bản sao chỉ đọc", "PostgreSQL"}},
	} {
		args := append([]string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, c.args...)
		if c.env["KHUYENHOC_ADDR"] != "" {
			args = []string{"serve", "--db", db}
		}
		_, errOut, code := dbRun(t, c.env, args...)
		ok := code == 2
		for _, s := range c.says {
			ok = ok && strings.Contains(errOut, s)
		}
		if !ok {
			t.Errorf("serve %v with %v: exit %d, stderr %q; want exit 2 naming %q", c.args, c.env, code, errOut, c.says)
		}
	}
}

// SIGINT or SIGTERM (the context ending) stops serve taking connections
// but lets a request in flight finish: a sign-in whose body is still
// arriving gets its answer, then serve exits 0.
func TestServeFinishesARequestInFlightWhenStopped(t *testing.T) {
	db := "sqlite:" + filepath.Join(t.TempDir(), "k.db")
	dbOK(t, "init", "--db", db)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var logs storetest.Logs
	env := cli.Env{Stdin: strings.NewReader(""), Stdout: pw, Stderr: &logs,
		Getenv: func(string) string { return "" }, Now: time.Now}
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(ctx, []string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--shutdown-timeout", "20s"}, env)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	if !sc.Scan() {
		t.Fatalf("serve printed nothing: %s", logs.String())
	}
	base := regexp.MustCompile(`http://\S+`).FindString(sc.Text())
	go io.Copy(io.Discard, pr)

	body, bw := io.Pipe()
	req, _ := http.NewRequest("POST", base+"/login", body)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	type answer struct {
		status int
		err    error
	}
	answered := make(chan answer, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			answered <- answer{0, err}
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		answered <- answer{resp.StatusCode, nil}
	}()
	if _, err := bw.Write([]byte("email=canbo%40tinh.vn&pass")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // the server reads the headers
	cancel()
	// Shutting down: the listener closes at once.
	host := strings.TrimPrefix(base, "http://")
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		c, err := net.Dial("tcp", host)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("serve still takes connections after its context ended")
		}
	}
	select {
	case code := <-done:
		t.Fatalf("serve exited %d with a request in flight", code)
	case <-time.After(50 * time.Millisecond):
	}
	bw.Write([]byte("word=sai-mat-khau"))
	bw.Close()
	select {
	case a := <-answered:
		if a.err != nil || a.status == 0 || a.status >= 500 {
			t.Errorf("the request in flight got %d, %v", a.status, a.err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("the request in flight got no answer")
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d: %s", code, logs.String())
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after the request in flight finished")
	}
	if l := logs.String(); !strings.Contains(l, `"msg":"shutting down"`) || !strings.Contains(l, `"route":"POST /login"`) || !strings.Contains(l, `"msg":"stopped"`) {
		t.Errorf("the log lacks the shutdown or the request's line:\n%s", l)
	}
}

// serve with --db-read on a primary and a streaming replica of the test's
// own: it says it has one replica, the replica is in use, pages answer,
// and a replica stopped while it serves is skipped with a log line while
// the pages still answer.
func TestServeWithAReadReplica(t *testing.T) {
	primary, rep := storetest.PrimaryAndReplica(t)
	dbOK(t, "init", "--db", primary.URL())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	pr, pw := io.Pipe()
	var logs storetest.Logs
	env := cli.Env{Stdin: strings.NewReader(""), Stdout: pw, Stderr: &logs,
		Getenv: func(k string) string {
			if k == "KHUYENHOC_DB_READ" {
				return rep.URL()
			}
			return ""
		}, Now: time.Now}
	done := make(chan int, 1)
	go func() {
		done <- cli.Main(ctx, []string{"serve", "--db", primary.URL(), "--addr", "127.0.0.1:0"}, env)
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	if !sc.Scan() {
		t.Fatalf("serve printed nothing: %s", logs.String())
	}
	base := regexp.MustCompile(`http://\S+`).FindString(sc.Text())
	go io.Copy(io.Discard, pr)
	page := func() int {
		resp, err := http.Get(base + "/login")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := page(); code != http.StatusOK {
		t.Fatalf("sign-in page: %d", code)
	}
	if l := logs.String(); !strings.Contains(l, `"read_replicas":1`) || !strings.Contains(l, "read replica in use") {
		t.Errorf("the log does not say a replica is in use:\n%s", l)
	}
	rep.Stop(t)
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(logs.String(), "read replica unreachable"); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no log line for the stopped replica:\n%s", logs.String())
		}
	}
	if code := page(); code != http.StatusOK {
		t.Errorf("sign-in page with the replica stopped: %d", code)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("serve exited %d: %s", code, logs.String())
	}
}
