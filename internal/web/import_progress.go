package web

import (
	"fmt"
	"net/http"
	"sync"

	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// importProgress keeps where each running member import is, as
// registry.ImportOptions.Progress tells it, so that the import page can
// show the stages of a large file while the server works on it. An entry
// lives while its import runs; it is keyed by the user and a random id the
// page sends with the file, so nobody reads another's.
type importProgress struct {
	mu   sync.Mutex
	runs map[progressKey]string
}

type progressKey struct {
	user int64
	id   string
}

// track starts keeping the progress of an import; the function it returns
// reports a stage, stop forgets it. An empty or overlong id tracks
// nothing.
func (p *importProgress) track(user int64, id string) (report func(stage string, done, total int), stop func()) {
	if id == "" || len(id) > 64 {
		return nil, func() {}
	}
	k := progressKey{user, id}
	p.mu.Lock()
	if p.runs == nil {
		p.runs = map[progressKey]string{}
	}
	p.runs[k] = vi.UI["mimport.processing"]
	p.mu.Unlock()
	report = func(stage string, done, total int) {
		p.mu.Lock()
		defer p.mu.Unlock()
		if _, ok := p.runs[k]; ok {
			p.runs[k] = fmt.Sprintf(vi.ImportProgress, stage, vi.Int(int64(done)), vi.Int(int64(total)))
		}
	}
	stop = func() {
		p.mu.Lock()
		delete(p.runs, k)
		p.mu.Unlock()
	}
	return report, stop
}

// state is what an import is doing, "" when it is not running.
func (p *importProgress) state(user int64, id string) string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.runs[progressKey{user, id}]
}

// membersImportProgress answers the stage of the caller's import "id":
// {"state": "…"}, empty when it is not running (not started yet, or done).
func (s *Server) membersImportProgress(w http.ResponseWriter, r *http.Request, rq *request) error {
	writeJSON(w, http.StatusOK, map[string]string{"state": s.imports.state(rq.user.ID, queryValue(r, "id"))})
	return nil
}
