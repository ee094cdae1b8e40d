package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/models"
	"github.com/khuyenhoc/khuyenhoc/internal/number"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The learning titles' public pages: the citizen's self-assessment
// (/cong-dan-hoc-tap) and the verification of a certificate's code
// (/xac-minh/CODE). No sign-in; nothing personal is shown back.
func (s *Server) modelRoutes(m *http.ServeMux) {
	m.HandleFunc("GET /cong-dan-hoc-tap", s.selfPage)
	m.HandleFunc("POST /cong-dan-hoc-tap", s.selfSubmit)
	m.HandleFunc("GET /xac-minh/{code}", s.verifyPage)
	m.HandleFunc("GET /giay-chung-nhan/{code}", s.certificatePDF)
	// The officers' page (models_office.go).
	m.HandleFunc("GET /danh-hieu", s.page(s.modelsPage))
	m.HandleFunc("POST /danh-hieu/xac-nhan", s.page(s.modelsVerify))
	m.HandleFunc("POST /danh-hieu/cong-nhan", s.page(s.modelsRecognise))
	// The titles' import with its templates (models_import.go).
	m.HandleFunc("GET /danh-hieu/nhap", s.page(s.modelsImportPage))
	m.HandleFunc("POST /danh-hieu/nhap", s.filePage(s.modelsImport))
	m.HandleFunc("GET /danh-hieu/mau-dang-ky.xlsx", s.page(s.modelsRegistrationTemplate(true)))
	m.HandleFunc("GET /danh-hieu/mau-dang-ky.csv", s.page(s.modelsRegistrationTemplate(false)))
	m.HandleFunc("GET /danh-hieu/mau-cham-diem", s.page(s.modelsEvaluationTemplate))
}

// selfLimit is how many submissions (previews included) one address may
// post in selfWindow: far above what a person filling in the form needs.
const (
	selfLimit  = 30
	selfWindow = 10 * time.Minute
)

// selfLimiter counts the posts of each address in the current window, per
// server. It is not the sign-in throttle of package auth, whose logic
// differs: that one counts failures only, in the database (so that it holds
// across restarts and servers and is audited), with a delay doubling per
// failure and never against the right password from another network; this
// one counts every post, success or not, in memory, in fixed windows, and
// writes nothing for a refusal. What they share is the key of an address
// (auth.NetworkKey: an IPv6 client by its /64).
type selfLimiter struct {
	mu     sync.Mutex
	window time.Time
	counts map[string]int
}

var selfLimiters sync.Map // *Server → *selfLimiter

func (s *Server) selfAllow(key string, now time.Time) bool {
	v, _ := selfLimiters.LoadOrStore(s, &selfLimiter{counts: map[string]int{}})
	l := v.(*selfLimiter)
	l.mu.Lock()
	defer l.mu.Unlock()
	if w := now.Truncate(selfWindow); !w.Equal(l.window) {
		l.window, l.counts = w, map[string]int{}
	}
	l.counts[key]++
	return l.counts[key] <= selfLimit
}

type selfPlace struct {
	ID    int64
	Name  string
	Place string
}

type selfItem struct {
	Criterion string // the competence's name on its first indicator
	Code      string
	Text      string
	Max       string
	YesNo     bool
	Value     string
	Evidence  string
	NeedsEv   bool
}

type selfData struct {
	Q        string
	Group    string
	Groups   []option
	Matches  []selfPlace
	Searched bool
	Commune  *selfPlace
	Items    []selfItem
	Name     string
	Score    string
	Passed   bool
	Missing  []string
	Error    string
	Sent     bool
	Replaced bool
}

// selfForm reads the page's choices (commune, target group) and, when both
// are made, the set's indicators with what was typed.
func (s *Server) selfForm(r *http.Request, get func(string) string) (*selfData, *models.Set, error) {
	ctx := r.Context()
	now := s.now()
	d := &selfData{Q: strings.TrimSpace(get("q")), Group: get("group")}
	for _, g := range models.TargetGroups {
		d.Groups = append(d.Groups, option{Value: g, Label: vi.TargetGroup(g), Selected: g == d.Group})
	}
	tree, err := s.tree(ctx)
	if err != nil {
		return nil, nil, err
	}
	today := units.Day(now)
	if id, err := strconv.ParseInt(get("commune"), 10, 64); err == nil {
		if u := tree.Get(id); u != nil && u.Level == units.Commune && u.ValidAt(today) {
			p := selfPlace{ID: u.ID, Name: u.FullName()}
			if pr := tree.Province(u.ID); pr != nil {
				p.Place = pr.FullName()
			}
			d.Commune = &p
		}
	}
	if d.Commune == nil && d.Q != "" {
		d.Searched = true
		ms, err := units.Find(ctx, s.db, d.Q, today, 40)
		if err != nil && apperr.CodeOf(err) != apperr.Invalid {
			return nil, nil, err
		}
		for _, m := range ms {
			if m.Unit.Level == units.Commune && len(d.Matches) < 15 {
				d.Matches = append(d.Matches, selfPlace{ID: m.Unit.ID, Name: m.Unit.FullName(), Place: m.Place})
			}
		}
	}
	ok := false
	for _, g := range models.TargetGroups {
		ok = ok || g == d.Group
	}
	if d.Commune == nil || !ok {
		return d, nil, nil
	}
	set, err := models.CurrentSet(ctx, s.db, models.Citizen, d.Group, today.Year())
	if err != nil {
		return nil, nil, err
	}
	d.Name = strings.TrimSpace(get("name"))
	for _, c := range set.Criteria {
		for i, in := range c.Indicators {
			it := selfItem{Code: in.Code, Text: in.Text, Max: vi.Points(in.MaxPoints), YesNo: in.Scoring.Kind == models.ScoreYesNo,
				Value: get("v_" + in.Code), Evidence: get("e_" + in.Code), NeedsEv: in.Evidence}
			if i == 0 {
				it.Criterion = c.Name
			}
			d.Items = append(d.Items, it)
		}
	}
	return d, set, nil
}

// answers reads the answers typed; an empty box is no answer, and one
// that is not a number (NaN and Inf included) is refused naming its
// indicator.
func (d *selfData) answers() ([]models.Answer, error) {
	var out []models.Answer
	for _, it := range d.Items {
		v := strings.TrimSpace(it.Value)
		if v == "" {
			continue
		}
		// Points as people write them (number.Parse): 8, 8,5 or 8.5.
		x, err := number.Parse(v, false)
		if err != nil {
			return nil, apperr.New(apperr.Invalid, vi.ErrAnswerNumber, it.Code)
		}
		out = append(out, models.Answer{Code: it.Code, Value: x, Evidence: strings.TrimSpace(it.Evidence)})
	}
	return out, nil
}

func (s *Server) selfRender(w http.ResponseWriter, r *http.Request, code int, d *selfData) {
	if err := s.render(w, nil, code, "models_self", vi.UI["self.title"], "", d); err != nil {
		s.pageError(w, r, nil, err)
	}
}

func (s *Server) selfPage(w http.ResponseWriter, r *http.Request) {
	d, _, err := s.selfForm(r, r.URL.Query().Get)
	if err != nil {
		s.pageError(w, r, nil, err)
		return
	}
	s.selfRender(w, r, http.StatusOK, d)
}

// selfSubmit previews the score (action=preview) or submits the
// self-assessment. There is no session to carry a CSRF token: the post
// must come from this site's own form (checkOrigin), and each address
// may post selfLimit times in selfWindow.
func (s *Server) selfSubmit(w http.ResponseWriter, r *http.Request) {
	if err := checkOrigin(r); err != nil {
		s.pageError(w, r, nil, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if !s.selfAllow(auth.NetworkKey(clientIP(r)), s.now()) {
		w.Header().Set("Retry-After", strconv.Itoa(int(selfWindow/time.Second)))
		s.pageError(w, r, nil, apperr.New(apperr.TooMany, vi.ErrSelfTooMany))
		return
	}
	d, set, err := s.selfForm(r, r.PostFormValue)
	if err != nil {
		s.pageError(w, r, nil, err)
		return
	}
	if set == nil {
		d.Error = vi.ErrSelfCommune
		s.selfRender(w, r, http.StatusBadRequest, d)
		return
	}
	as, err := d.answers()
	if err == nil && r.PostFormValue("action") != "submit" {
		var sc models.Score
		if sc, err = set.Evaluate(as, false, -1); err == nil {
			d.Score = fmt.Sprintf(vi.UI["self.score"], vi.Points(sc.Total), vi.Points(set.MaxTotal()))
			d.Passed, d.Missing = sc.Passed, sc.Missing
			s.selfRender(w, r, http.StatusOK, d)
			return
		}
	}
	if err == nil {
		var tree *units.Tree
		if tree, err = s.tree(r.Context()); err == nil {
			var res models.SelfResult
			res, err = models.SelfAssess(r.Context(), s.db, tree, models.SelfAssessment{CommuneID: d.Commune.ID, TargetGroup: d.Group,
				Name: d.Name, CCCD: r.PostFormValue("cccd"), Answers: as}, s.now())
			if err == nil {
				// Nothing personal is shown back: the score and what is missing.
				sent := &selfData{Sent: true, Replaced: res.Replaced, Passed: res.Score.Passed, Missing: res.Score.Missing,
					Score: fmt.Sprintf(vi.UI["self.score"], vi.Points(res.Score.Total), vi.Points(res.Set.MaxTotal()))}
				s.selfRender(w, r, http.StatusOK, sent)
				return
			}
		}
	}
	code := status(err)
	if code == http.StatusInternalServerError {
		s.pageError(w, r, nil, err)
		return
	}
	d.Error = s.message(r, err)
	s.selfRender(w, r, code, d)
}

// verifyPage shows what a certificate's code stands for: the name, the
// title, the year and the decision, and whether it was revoked.
func (s *Server) verifyPage(w http.ResponseWriter, r *http.Request) {
	tree, err := s.tree(r.Context())
	if err == nil {
		var c models.Certificate
		if c, err = models.VerifyCode(r.Context(), s.db, tree, r.PathValue("code")); err == nil {
			if rerr := s.render(w, nil, http.StatusOK, "models_verify", vi.UI["verify.title"], "", c); rerr != nil {
				s.pageError(w, r, nil, rerr)
			}
			return
		}
	}
	s.pageError(w, r, nil, err)
}

// certificatePDF prints the certificate of a recognition's code: what the
// verification page shows, on an A4 page with the motto header, the code
// and the address that verifies it.
func (s *Server) certificatePDF(w http.ResponseWriter, r *http.Request) {
	tree, err := s.tree(r.Context())
	if err == nil {
		var c models.Certificate
		if c, err = models.VerifyCode(r.Context(), s.db, tree, r.PathValue("code")); err == nil && !c.Revoked {
			var b bytes.Buffer
			scheme := "http"
			if r.TLS != nil || s.opt.SecureCookies {
				scheme = "https"
			}
			if err = models.WriteCertificatePDF(&b, c, scheme+"://"+r.Host); err == nil {
				w.Header().Set("Content-Type", "application/pdf")
				w.Header().Set("Content-Disposition", `inline; filename="giay-chung-nhan-`+c.Code+`.pdf"`)
				w.Write(b.Bytes())
				return
			}
		} else if err == nil {
			err = apperr.New(apperr.Conflict, "%s", vi.UI["verify.revoked"])
		}
	}
	s.pageError(w, r, nil, err)
}
