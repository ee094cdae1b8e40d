package models

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Title is one of the learning titles (docs/contracts.md, "Learning
// titles").
type Title string

// The titles. Two community titles exist: the hamlet or residential group
// scored on the association's criteria, and the commune scored under the
// Ministry of Education's 2023 circular with levels 1–3.
const (
	Family           Title = "family"
	Clan             Title = "clan"
	Community        Title = "community"
	CommunityCommune Title = "community_commune"
	Unit             Title = "unit"
	Citizen          Title = "citizen"
)

// Titles lists the titles in the order reports give them.
var Titles = []Title{Family, Clan, Community, CommunityCommune, Unit, Citizen}

// Valid reports whether t is one of Titles.
func (t Title) Valid() bool {
	for _, x := range Titles {
		if t == x {
			return true
		}
	}
	return false
}

// Indicator is the prefix of the indicators the title counts in
// (models.<prefix>.registered, .recognized): both community titles count
// as communities.
func (t Title) Indicator() string {
	if t == CommunityCommune {
		return string(Community)
	}
	return string(t)
}

// Label is the title's Vietnamese name.
func (t Title) Label() string { return vi.ModelTitle(string(t)) }

// The target groups of the learning citizen.
const (
	GroupResidents = "residents" // người dân ở xã, phường, đặc khu
	GroupWorkers   = "workers"   // công nhân, người lao động
	GroupOfficials = "officials" // cán bộ, công chức, viên chức
	GroupPupils    = "pupils"    // học sinh, sinh viên
)

// TargetGroups are the citizen's target groups.
var TargetGroups = []string{GroupResidents, GroupWorkers, GroupOfficials, GroupPupils}

// How an indicator is scored.
const (
	ScoreYesNo  = "yes_no" // met (the maximum) or not (0); the answer is 1 or 0
	ScoreScale  = "scale"  // the answer is the points themselves, 0 to the maximum
	ScoreNumber = "number" // the answer is a measured number; thresholds give the points
)

// The levels that recognise a title.
const (
	ByCommune  = "commune"
	ByProvince = "province"
)

// Set is a criteria set: what a title is evaluated on in the years it is
// valid, how it passes, at which levels, who recognises it and for how
// long. Sets are data (docs/criteria.md documents the file); the defaults
// are embedded (defaults/*.json).
type Set struct {
	// ID names the set across its versions ("citizen-residents-2023").
	ID          string `json:"id"`
	Version     int    `json:"version"`
	Title       Title  `json:"title"`
	TargetGroup string `json:"target_group"`
	Name        string `json:"name"`
	Source      string `json:"source,omitempty"`
	// ValidFrom and ValidTo are the evaluation years the set applies to;
	// ValidTo 0 is open-ended.
	ValidFrom int `json:"valid_from"`
	ValidTo   int `json:"valid_to,omitempty"`
	// RecognisedBy is the level that recognises (commune or province);
	// a province may name another body (model_bodies).
	RecognisedBy  string      `json:"recognised_by"`
	ValidityYears int         `json:"validity_years"`
	Criteria      []Criterion `json:"criteria"`
	Pass          Rule        `json:"pass"`
	Levels        []Level     `json:"levels,omitempty"`
	// ToConfirm says which numbers of the set are defaults that no public
	// text gave, to be confirmed by the association.
	ToConfirm string `json:"to_confirm,omitempty"`
}

// Criterion groups indicators (a competence, a criterion of a circular).
type Criterion struct {
	Code       string      `json:"code"`
	Name       string      `json:"name"`
	Indicators []Indicator `json:"indicators"`
	ToConfirm  string      `json:"to_confirm,omitempty"`
}

// Indicator is one scored item.
type Indicator struct {
	Code      string  `json:"code"`
	Text      string  `json:"text"`
	MaxPoints float64 `json:"max_points"`
	Scoring   Scoring `json:"scoring"`
	// Evidence says that an evaluation must attach evidence (a note or a
	// file) for this indicator.
	Evidence bool `json:"evidence_required,omitempty"`
	// FromMembers says that the answer is not typed but computed: the
	// share (percent) of the household's members (a unit's people)
	// recognised as learning citizens in the year, from the citizens
	// registered under it. Only for a number. Where the number of people
	// is unknown, the answer is typed as any other.
	FromMembers bool   `json:"from_members,omitempty"`
	ToConfirm   string `json:"to_confirm,omitempty"`
}

// Scoring is how an answer becomes points.
type Scoring struct {
	Kind       string      `json:"kind"`
	Unit       string      `json:"unit,omitempty"` // of a number: "%", "người", …
	Thresholds []Threshold `json:"thresholds,omitempty"`
}

// Threshold gives Points to a number at least AtLeast; the highest
// threshold reached counts.
type Threshold struct {
	AtLeast float64 `json:"at_least"`
	Points  float64 `json:"points"`
}

// Rule is a pass rule: a total of at least TotalAtLeast, every indicator
// at least EachAtLeast, the Required indicators at their maximum, and for
// units at least MembersPercent of the people recognised as learning
// citizens. Zero values ask nothing.
type Rule struct {
	TotalAtLeast   float64  `json:"total_at_least"`
	EachAtLeast    float64  `json:"each_at_least,omitempty"`
	Required       []string `json:"required,omitempty"`
	MembersPercent float64  `json:"members_recognised_percent,omitempty"`
	ToConfirm      string   `json:"to_confirm,omitempty"`
}

// Level is a level of recognition (1, 2, 3) and its rule; a set with
// levels recognises at the highest level whose rule holds, on top of Pass.
type Level struct {
	Level int    `json:"level"`
	Name  string `json:"name"`
	Rule
}

// Indicators lists the set's indicators in order.
func (s *Set) Indicators() []Indicator {
	var out []Indicator
	for _, c := range s.Criteria {
		out = append(out, c.Indicators...)
	}
	return out
}

// Indicator finds an indicator by code.
func (s *Set) Indicator(code string) (Indicator, bool) {
	for _, c := range s.Criteria {
		for _, in := range c.Indicators {
			if in.Code == code {
				return in, true
			}
		}
	}
	return Indicator{}, false
}

// MaxTotal is the sum of the indicators' maxima.
func (s *Set) MaxTotal() float64 {
	var t float64
	for _, in := range s.Indicators() {
		t += in.MaxPoints
	}
	return t
}

// ValidIn reports whether the set applies to evaluation year y.
func (s *Set) ValidIn(y int) bool {
	return y >= s.ValidFrom && (s.ValidTo == 0 || y <= s.ValidTo)
}

// Ref is "ID@version".
func (s *Set) Ref() string { return fmt.Sprintf("%s@%d", s.ID, s.Version) }

// maxSetBytes bounds a criteria file.
const maxSetBytes = 1 << 20

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,63}$`)
var codePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,15}$`)

// ParseSet reads a criteria set file (JSON) and checks it. A bad file is
// refused with the exact field ("criteria[1].indicators[0].max_points")
// and the reason, in Vietnamese.
func ParseSet(r io.Reader) (*Set, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxSetBytes+1))
	if err != nil {
		return nil, apperr.New(apperr.Invalid, vi.ErrCriteriaRead, err.Error())
	}
	if len(b) > maxSetBytes {
		return nil, apperr.New(apperr.Invalid, vi.ErrCriteriaTooBig, maxSetBytes)
	}
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(b) {
		return nil, apperr.New(apperr.Invalid, vi.ErrCriteriaUTF8)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var s Set
	if err := dec.Decode(&s); err != nil {
		return nil, jsonError(b, err)
	}
	if dec.More() {
		return nil, apperr.New(apperr.Invalid, vi.ErrCriteriaTrailing)
	}
	if err := s.Check(); err != nil {
		return nil, err
	}
	return &s, nil
}

// jsonError turns a decoding error into one that names the line and
// column, or the field and the type it wants.
func jsonError(b []byte, err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line, col := lineCol(b, se.Offset)
		return apperr.New(apperr.Invalid, vi.ErrCriteriaSyntax, line, col, se.Error())
	case errors.As(err, &te):
		return fieldErr(te.Field, vi.ErrCriteriaType, jsonKind(te.Type.Kind().String()), te.Value)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return apperr.New(apperr.Invalid, vi.ErrCriteriaEmpty)
	}
	msg := err.Error()
	if f, ok := strings.CutPrefix(msg, "json: unknown field "); ok {
		return apperr.New(apperr.Invalid, vi.ErrCriteriaUnknownField, strings.Trim(f, `"`))
	}
	return apperr.New(apperr.Invalid, vi.ErrCriteriaSyntax, 0, 0, msg)
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return vi.KindText
	case "slice":
		return vi.KindList
	case "struct":
		return vi.KindObject
	case "bool":
		return vi.KindBool
	}
	return vi.KindNumber
}

func lineCol(b []byte, off int64) (int, int) {
	off = max(0, min(off, int64(len(b))))
	line, col := 1, 1
	for _, c := range b[:off] {
		if c == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
	}
	return line, col
}

// fieldErr is a fault of one field of the set.
func fieldErr(field, format string, args ...any) error {
	return apperr.At(vi.CriteriaField(field), apperr.New(apperr.Invalid, format, args...))
}

// Check applies the rules of a criteria set, naming the first bad field.
func (s *Set) Check() error {
	if !idPattern.MatchString(s.ID) {
		return fieldErr("id", vi.ErrCriteriaID)
	}
	if s.Version < 1 || s.Version > 9999 {
		return fieldErr("version", vi.ErrCriteriaVersion)
	}
	if !s.Title.Valid() {
		return fieldErr("title", vi.ErrCriteriaTitle, string(s.Title), joinTitles())
	}
	if s.Title == Citizen {
		ok := false
		for _, g := range TargetGroups {
			ok = ok || g == s.TargetGroup
		}
		if !ok {
			return fieldErr("target_group", vi.ErrCriteriaGroup, s.TargetGroup, strings.Join(TargetGroups, ", "))
		}
	} else if s.TargetGroup != "" {
		return fieldErr("target_group", vi.ErrCriteriaGroupNone)
	}
	if strings.TrimSpace(s.Name) == "" {
		return fieldErr("name", vi.ErrCriteriaEmptyText)
	}
	if s.ValidFrom < 2000 || s.ValidFrom > 2200 {
		return fieldErr("valid_from", vi.ErrCriteriaYear, s.ValidFrom)
	}
	if s.ValidTo != 0 && (s.ValidTo < s.ValidFrom || s.ValidTo > 2200) {
		return fieldErr("valid_to", vi.ErrCriteriaValidTo, s.ValidTo, s.ValidFrom)
	}
	if s.RecognisedBy != ByCommune && s.RecognisedBy != ByProvince {
		return fieldErr("recognised_by", vi.ErrCriteriaBy, s.RecognisedBy)
	}
	if s.ValidityYears < 1 || s.ValidityYears > 10 {
		return fieldErr("validity_years", vi.ErrCriteriaValidity, s.ValidityYears)
	}
	if len(s.Criteria) == 0 {
		return fieldErr("criteria", vi.ErrCriteriaNoCriteria)
	}
	seen := map[string]string{}
	var total float64
	for i, c := range s.Criteria {
		at := fmt.Sprintf("criteria[%d]", i)
		if !codePattern.MatchString(c.Code) {
			return fieldErr(at+".code", vi.ErrCriteriaCode, c.Code)
		}
		if strings.TrimSpace(c.Name) == "" {
			return fieldErr(at+".name", vi.ErrCriteriaEmptyText)
		}
		if len(c.Indicators) == 0 {
			return fieldErr(at+".indicators", vi.ErrCriteriaNoIndicators)
		}
		for j, in := range c.Indicators {
			at := fmt.Sprintf("%s.indicators[%d]", at, j)
			if !codePattern.MatchString(in.Code) {
				return fieldErr(at+".code", vi.ErrCriteriaCode, in.Code)
			}
			if prev, dup := seen[in.Code]; dup {
				return fieldErr(at+".code", vi.ErrCriteriaDupCode, in.Code, vi.CriteriaField(prev))
			}
			seen[in.Code] = at
			if strings.TrimSpace(in.Text) == "" {
				return fieldErr(at+".text", vi.ErrCriteriaEmptyText)
			}
			if !(in.MaxPoints > 0 && in.MaxPoints <= 1000) {
				return fieldErr(at+".max_points", vi.ErrCriteriaMax, in.MaxPoints)
			}
			total += in.MaxPoints
			switch in.Scoring.Kind {
			case ScoreYesNo, ScoreScale:
				if len(in.Scoring.Thresholds) > 0 {
					return fieldErr(at+".scoring.thresholds", vi.ErrCriteriaThresholdsNotNumber)
				}
			case ScoreNumber:
				if len(in.Scoring.Thresholds) == 0 {
					return fieldErr(at+".scoring.thresholds", vi.ErrCriteriaNoThresholds)
				}
				for k, th := range in.Scoring.Thresholds {
					f := fmt.Sprintf("%s.scoring.thresholds[%d]", at, k)
					if math.IsNaN(th.AtLeast) || math.IsInf(th.AtLeast, 0) {
						return fieldErr(f+".at_least", vi.ErrCriteriaNumber)
					}
					if k > 0 && th.AtLeast <= in.Scoring.Thresholds[k-1].AtLeast {
						return fieldErr(f+".at_least", vi.ErrCriteriaThresholdOrder)
					}
					if !(th.Points >= 0 && th.Points <= in.MaxPoints) {
						return fieldErr(f+".points", vi.ErrCriteriaThresholdPoints, th.Points, in.MaxPoints)
					}
				}
			default:
				return fieldErr(at+".scoring.kind", vi.ErrCriteriaKind, in.Scoring.Kind)
			}
			if in.FromMembers && in.Scoring.Kind != ScoreNumber {
				return fieldErr(at+".from_members", vi.ErrCriteriaFromMembers)
			}
		}
	}
	if err := s.checkRule("pass", s.Pass, total); err != nil {
		return err
	}
	if s.Pass.TotalAtLeast <= 0 && s.Pass.EachAtLeast <= 0 && len(s.Pass.Required) == 0 && s.Pass.MembersPercent <= 0 {
		return fieldErr("pass", vi.ErrCriteriaNoPass)
	}
	for i, l := range s.Levels {
		at := fmt.Sprintf("levels[%d]", i)
		if l.Level != i+1 {
			return fieldErr(at+".level", vi.ErrCriteriaLevel, i+1)
		}
		if strings.TrimSpace(l.Name) == "" {
			return fieldErr(at+".name", vi.ErrCriteriaEmptyText)
		}
		if err := s.checkRule(at, l.Rule, total); err != nil {
			return err
		}
	}
	if len(s.Levels) > 3 {
		return fieldErr("levels", vi.ErrCriteriaTooManyLevels)
	}
	if s.Title == Unit && s.Pass.MembersPercent <= 0 {
		return fieldErr("pass.members_recognised_percent", vi.ErrCriteriaUnitPercent)
	}
	return nil
}

func (s *Set) checkRule(at string, r Rule, total float64) error {
	if !(r.TotalAtLeast >= 0 && r.TotalAtLeast <= total) {
		return fieldErr(at+".total_at_least", vi.ErrCriteriaTotal, r.TotalAtLeast, total)
	}
	if !(r.EachAtLeast >= 0) {
		return fieldErr(at+".each_at_least", vi.ErrCriteriaNumber)
	}
	for _, in := range s.Indicators() {
		if r.EachAtLeast > in.MaxPoints {
			return fieldErr(at+".each_at_least", vi.ErrCriteriaEach, r.EachAtLeast, in.Code, in.MaxPoints)
		}
	}
	for k, code := range r.Required {
		if _, ok := s.Indicator(code); !ok {
			return fieldErr(fmt.Sprintf("%s.required[%d]", at, k), vi.ErrCriteriaUnknownCode, code)
		}
	}
	if !(r.MembersPercent >= 0 && r.MembersPercent <= 100) {
		return fieldErr(at+".members_recognised_percent", vi.ErrCriteriaPercent, r.MembersPercent)
	}
	return nil
}

func joinTitles() string {
	s := make([]string, len(Titles))
	for i, t := range Titles {
		s[i] = string(t)
	}
	return strings.Join(s, ", ")
}

// Encode writes the set as the file the loader reads (indented JSON).
func (s *Set) Encode() []byte {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		panic(err) // a Set always encodes
	}
	return append(b, '\n')
}

// sameContent reports whether two sets say the same (ignoring version).
func sameContent(a, b *Set) bool {
	x, y := *a, *b
	x.Version, y.Version = 0, 0
	return bytes.Equal(x.Encode(), y.Encode())
}
