package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// The memory of one upload (issue 7: one 20 MB upload raises the server's
// memory by at most 100 MB):
//
//	go test ./internal/web -run XXX -bench Upload20MB -benchtime 1x -count 3
//
// A province admin uploads a CSV file of just under the 20 MB limit
// (about half a million values of the province's communes over many
// months) through the real handler, once as a dry run (read, parse,
// validate, scope check) and once as an import into a fresh SQLite
// database. While the request runs, the heap in use is sampled every
// millisecond; the benchmark reports its peak above the level before the
// request (peak-heap-MB) and the memory the process obtained from the
// system during the request (sys-MB), in MB.
func BenchmarkUpload20MB(b *testing.B) {
	for _, dry := range []bool{true, false} {
		name := "import"
		if dry {
			name = "dry-run"
		}
		b.Run(name, func(b *testing.B) { benchUpload(b, dry) })
	}
}

func benchUpload(b *testing.B, dry bool) {
	var peakSum, sysSum float64
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		db := storetest.SQLite(b)
		ctx := context.Background()
		tree, err := units.Cached(ctx, db)
		if err != nil {
			b.Fatal(err)
		}
		prov, err := tree.Resolve(units.Province, "66", units.Day(loadNow))
		if err != nil {
			b.Fatal(err)
		}
		u, err := auth.CreateUser(ctx, db, auth.NewUser{Email: "admin@test.vn", Name: "Quản trị", Role: auth.Admin,
			ScopeUnitID: prov.ID, Password: testPassword}, loadNow)
		if err != nil {
			b.Fatal(err)
		}
		cookie, sess, err := auth.CreateSession(ctx, db, u.ID, loadNow)
		if err != nil {
			b.Fatal(err)
		}
		body, ctype, values := uploadBody(b, tree.Children(prov.ID, units.Day(loadNow)), sess.CSRF, dry)
		h := testHandler(b, db, loadNow)
		req := httptest.NewRequest("POST", "/upload", bytes.NewReader(body))
		req.Header.Set("Content-Type", ctype)
		req.AddCookie(&http.Cookie{Name: "kh_session", Value: cookie})
		rec := httptest.NewRecorder()

		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		peak := before.HeapInuse
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			tick := time.NewTicker(time.Millisecond)
			defer tick.Stop()
			var m runtime.MemStats
			for {
				select {
				case <-stop:
					return
				case <-tick.C:
					runtime.ReadMemStats(&m)
					peak = max(peak, m.HeapInuse)
				}
			}
		}()
		b.StartTimer()
		h.ServeHTTP(rec, req)
		b.StopTimer()
		close(stop)
		wg.Wait()
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		peak = max(peak, after.HeapInuse)
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), vi0(values)) {
			b.Fatalf("upload answered %d: %.600s", rec.Code, rec.Body.String())
		}
		peakSum += float64(peak-before.HeapInuse) / (1 << 20)
		sysSum += float64(after.Sys-before.Sys) / (1 << 20)
		// The cached units tree of the closed database goes too, so that
		// every upload starts from the same heap, as a server's would: kept,
		// each earlier run would add its tree to the live heap and, by as
		// much again, to the garbage the collector lets accumulate.
		units.Forget(db)
		db.Close()
	}
	b.ReportMetric(peakSum/float64(b.N), "peak-heap-MB")
	b.ReportMetric(sysSum/float64(b.N), "sys-MB")
}

// vi0 writes a count the Vietnamese way, as the upload page shows it.
func vi0(n int) string {
	s := fmt.Sprint(n)
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, '.')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// uploadBody is the multipart body of an upload of a CSV file of just
// under 20 MB: values of every stored base indicator for each commune,
// month after month from July 2025; it returns the body, its content type
// and the number of values.
func uploadBody(b *testing.B, communes []*units.Unit, csrf string, dry bool) ([]byte, string, int) {
	var csv bytes.Buffer
	csv.WriteString("period,level,code,indicator,value\n")
	base := indicator.Default.Base()
	n := 0
	const size = 20<<20 - 64<<10
	for p := period.MustParse("2025-07"); ; {
		for _, c := range communes {
			for j, ind := range base {
				line := fmt.Sprintf("%s,commune,%s,%s,%d\n", p, c.Code, ind.Code, 100+j*7+p.Year+p.N)
				if csv.Len()+len(line) > size {
					goto done
				}
				csv.WriteString(line)
				n++
			}
		}
		if p.N == 12 {
			p = period.Period{Kind: period.Month, Year: p.Year + 1, N: 1}
		} else {
			p.N++
		}
	}
done:
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", csrf)
	if dry {
		mw.WriteField("dry_run", "1")
	}
	fw, _ := mw.CreateFormFile("file", "so-lieu.csv")
	fw.Write(csv.Bytes())
	mw.Close()
	return body.Bytes(), mw.FormDataContentType(), n
}
