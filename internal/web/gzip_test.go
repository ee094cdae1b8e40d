package web

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestResponsesAreCompressedForClientsThatAcceptGzip(t *testing.T) {
	body := strings.Repeat("Hội Khuyến học ", 500)
	h := gzipResponses(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, body)
	}))
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("Accept-Encoding", "gzip, deflate")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Header().Get("Content-Encoding") != "gzip" || w.Body.Len() >= len(body)/5 {
		t.Fatalf("encoding %q, %d bytes for %d", w.Header().Get("Content-Encoding"), w.Body.Len(), len(body))
	}
	zr, err := gzip.NewReader(w.Body)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(zr)
	if string(got) != body {
		t.Error("the body does not survive compression")
	}
	// A client that does not accept gzip gets plain text.
	r.Header.Del("Accept-Encoding")
	w = httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Header().Get("Content-Encoding") != "" || w.Body.String() != body {
		t.Error("plain client got an encoded body")
	}
}
