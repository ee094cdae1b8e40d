package models

import (
	"fmt"
	"math"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Answer is an evaluation's answer to one indicator: Value is 1 or 0 for a
// yes/no indicator, the points for a scale, the measured number for a
// number; Evidence is the note (or the name of the attached file) that
// supports it.
type Answer struct {
	Code     string  `json:"code"`
	Value    float64 `json:"value"`
	Evidence string  `json:"evidence,omitempty"`
}

// Score is what a set makes of the answers: points per indicator, the
// total, whether it passes, the level reached (0 where the set has no
// levels or none is reached) and, in Vietnamese, what is still missing.
type Score struct {
	Points  map[string]float64
	Total   float64
	Passed  bool
	Level   int
	Missing []string
}

// Points converts one answer to points, refusing an answer the indicator
// cannot have (points above the maximum, a yes/no other than 0 or 1).
func (in Indicator) Points(v float64) (float64, error) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, apperr.New(apperr.Invalid, vi.ErrAnswerNumber, in.Code)
	}
	switch in.Scoring.Kind {
	case ScoreYesNo:
		switch v {
		case 0:
			return 0, nil
		case 1:
			return in.MaxPoints, nil
		}
		return 0, apperr.New(apperr.Invalid, vi.ErrAnswerYesNo, in.Code)
	case ScoreScale:
		if v < 0 || v > in.MaxPoints {
			return 0, apperr.New(apperr.Invalid, vi.ErrAnswerAboveMax, in.Code, vi.Points(v), vi.Points(in.MaxPoints))
		}
		return v, nil
	}
	if v < 0 {
		return 0, apperr.New(apperr.Invalid, vi.ErrAnswerNegative, in.Code)
	}
	var p float64
	for _, th := range in.Scoring.Thresholds {
		if v >= th.AtLeast {
			p = th.Points
		}
	}
	return p, nil
}

// Evaluate scores answers under the set. complete asks for an answer to
// every indicator and the evidence each requires (an evaluation to be
// stored); without it, unanswered indicators count 0 (a self-assessment
// being filled in). membersPercent is the share of the people recognised
// as learning citizens, for a set whose rule asks for one (-1: unknown).
func (s *Set) Evaluate(answers []Answer, complete bool, membersPercent float64) (Score, error) {
	got := map[string]Answer{}
	for _, a := range answers {
		a.Code = strings.TrimSpace(a.Code)
		if _, ok := s.Indicator(a.Code); !ok {
			return Score{}, apperr.New(apperr.Invalid, vi.ErrAnswerUnknown, a.Code, s.Ref())
		}
		if _, dup := got[a.Code]; dup {
			return Score{}, apperr.New(apperr.Invalid, vi.ErrAnswerTwice, a.Code)
		}
		got[a.Code] = a
	}
	sc := Score{Points: map[string]float64{}}
	for _, in := range s.Indicators() {
		a, ok := got[in.Code]
		if !ok {
			if complete {
				return Score{}, apperr.New(apperr.Invalid, vi.ErrAnswerMissing, in.Code)
			}
			sc.Points[in.Code] = 0
			continue
		}
		p, err := in.Points(a.Value)
		if err != nil {
			return Score{}, err
		}
		if complete && in.Evidence && strings.TrimSpace(a.Evidence) == "" {
			return Score{}, apperr.New(apperr.Invalid, vi.ErrAnswerNoEvidence, in.Code)
		}
		sc.Points[in.Code] = p
		sc.Total += p
	}
	sc.Missing = s.missing(s.Pass, sc, membersPercent)
	sc.Passed = len(sc.Missing) == 0
	if sc.Passed {
		for _, l := range s.Levels {
			if len(s.missing(l.Rule, sc, membersPercent)) > 0 {
				break
			}
			sc.Level = l.Level
		}
		if len(s.Levels) > 0 && sc.Level == 0 {
			sc.Passed = false
			sc.Missing = s.missing(s.Levels[0].Rule, sc, membersPercent)
		}
	}
	return sc, nil
}

// missing lists what the score lacks to meet rule r.
func (s *Set) missing(r Rule, sc Score, membersPercent float64) []string {
	var out []string
	if sc.Total < r.TotalAtLeast {
		out = append(out, fmt.Sprintf(vi.MissingTotal, vi.Points(sc.Total), vi.Points(r.TotalAtLeast)))
	}
	for _, in := range s.Indicators() {
		if p := sc.Points[in.Code]; p < r.EachAtLeast {
			out = append(out, fmt.Sprintf(vi.MissingEach, in.Code, vi.Points(p), vi.Points(r.EachAtLeast)))
		}
	}
	for _, code := range r.Required {
		in, _ := s.Indicator(code)
		if sc.Points[code] < in.MaxPoints {
			out = append(out, fmt.Sprintf(vi.MissingRequired, code))
		}
	}
	if r.MembersPercent > 0 && membersPercent < r.MembersPercent {
		if membersPercent < 0 {
			out = append(out, fmt.Sprintf(vi.MissingPeopleUnknown, vi.Points(r.MembersPercent)))
		} else {
			out = append(out, fmt.Sprintf(vi.MissingPeople, vi.Points(membersPercent), vi.Points(r.MembersPercent)))
		}
	}
	return out
}
