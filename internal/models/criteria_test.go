package models

import (
	"strings"
	"testing"
)

// TestDefaultsFollowTheDomain checks the embedded sets against what the
// public texts say (DOMAIN.md, "Learning models").
func TestDefaultsFollowTheDomain(t *testing.T) {
	byTitle := map[Title][]*Set{}
	for _, s := range Defaults {
		byTitle[s.Title] = append(byTitle[s.Title], s)
		if s.ToConfirm == "" {
			t.Errorf("%s: no note of the numbers to confirm", s.ID)
		}
	}
	for _, ti := range Titles {
		if len(byTitle[ti]) == 0 {
			t.Errorf("no default set for %s", ti)
		}
	}
	if n := len(byTitle[Citizen]); n != 4 {
		t.Fatalf("%d citizen sets, want one per target group (4)", n)
	}
	for _, s := range byTitle[Citizen] {
		ins := s.Indicators()
		if len(ins) != 10 || len(s.Criteria) != 3 || s.MaxTotal() != 100 {
			t.Errorf("%s: %d indicators under %d competences, %v points; want 10 × 10 under 3", s.ID, len(ins), len(s.Criteria), s.MaxTotal())
		}
		if s.Pass.TotalAtLeast != 80 || s.Pass.EachAtLeast != 5 {
			t.Errorf("%s: pass %+v, want 80 with none under 5", s.ID, s.Pass)
		}
	}
	fam := byTitle[Family][0]
	for i, want := range []float64{30, 30} {
		var sum float64
		for _, in := range fam.Criteria[i].Indicators {
			sum += in.MaxPoints
		}
		if sum != want {
			t.Errorf("family criterion %d: %v points, want %v", i+1, sum, want)
		}
	}
	if len(fam.Criteria) != 4 {
		t.Errorf("family: %d criteria, want 4", len(fam.Criteria))
	}
	unit := byTitle[Unit][0]
	if len(unit.Criteria) != 3 || len(unit.Levels) != 2 || unit.Levels[0].MembersPercent != 90 || unit.Levels[1].MembersPercent != 95 || unit.ValidityYears != 3 {
		t.Errorf("unit: %d criteria, levels %+v, validity %d; want 3 criteria, levels at 90 %% and 95 %%, 3 years", len(unit.Criteria), unit.Levels, unit.ValidityYears)
	}
	cc := byTitle[CommunityCommune][0]
	if len(cc.Indicators()) != 15 || len(cc.Levels) != 3 {
		t.Errorf("commune community: %d criteria, %d levels; want 15 and 3", len(cc.Indicators()), len(cc.Levels))
	}
}

func TestLoaderNamesTheFieldAndTheReason(t *testing.T) {
	good := string(Defaults[0].Encode())
	for _, c := range []struct {
		name, from, to, want string
	}{
		{"title", `"title": "citizen"`, `"title": "village"`, `trường title (danh hiệu): danh hiệu "village" không có`},
		{"max", `"max_points": 10,`, `"max_points": -1,`, "trường criteria[0].indicators[0].max_points: điểm tối đa -1"},
		{"type", `"valid_from": 2023`, `"valid_from": "2023"`, "trường valid_from (năm bắt đầu áp dụng): cần một giá trị kiểu số, tệp ghi string"},
		{"unknown", `"valid_from": 2023`, `"valid_since": 2023`, `trường "valid_since" không có trong lược đồ`},
		{"kind", `"kind": "scale"`, `"kind": "stars"`, "trường criteria[0].indicators[0].scoring.kind: cách chấm \"stars\""},
		{"total", `"total_at_least": 80`, `"total_at_least": 180`, "trường pass.total_at_least: tổng điểm cần đạt 180"},
		{"syntax", `"version": 1,`, `"version": 1,,`, "sai cú pháp JSON ở dòng 3, cột"},
		{"dup", `"code": "1.2"`, `"code": "1.1"`, `trường criteria[0].indicators[1].code: mã chỉ số "1.1" trùng với trường criteria[0].indicators[0]`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(good, c.from) {
				t.Fatalf("fixture lacks %q", c.from)
			}
			_, err := ParseSet(strings.NewReader(strings.Replace(good, c.from, c.to, 1)))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v, want %q", err, c.want)
			}
		})
	}
	if _, err := ParseSet(strings.NewReader(good)); err != nil {
		t.Fatalf("the default itself: %v", err)
	}
}

func TestScoreRefusesBadAnswersAndSaysWhatIsMissing(t *testing.T) {
	s := Defaults[0] // citizen-officials
	var answers []Answer
	for _, in := range s.Indicators() {
		answers = append(answers, Answer{Code: in.Code, Value: 9, Evidence: "giấy chứng nhận"})
	}
	sc, err := s.Evaluate(answers, true, -1)
	if err != nil || !sc.Passed || sc.Total != 90 {
		t.Fatalf("all 9: %+v %v, want passed with 90", sc, err)
	}
	answers[3].Value = 4
	sc, _ = s.Evaluate(answers, true, -1)
	if sc.Passed || len(sc.Missing) != 1 || !strings.Contains(sc.Missing[0], "chỉ số 1.4 được 4 điểm, cần ít nhất 5") {
		t.Errorf("one under 5: %+v", sc)
	}
	answers[3].Value = 11
	if _, err := s.Evaluate(answers, true, -1); err == nil || !strings.Contains(err.Error(), "11 điểm vượt điểm tối đa 10") {
		t.Errorf("above max: %v", err)
	}
	answers[3].Value = 9
	answers[1].Evidence = ""
	if _, err := s.Evaluate(answers, true, -1); err == nil || !strings.Contains(err.Error(), "chỉ số 1.2 cần minh chứng") {
		t.Errorf("no evidence: %v", err)
	}
	// A self-assessment being filled in: unanswered counts 0.
	sc, err = s.Evaluate(answers[:2], false, -1)
	if err != nil || sc.Passed || sc.Total != 18 {
		t.Errorf("partial: %+v %v", sc, err)
	}
}

func TestUnitLevelsFollowThePeopleRecognised(t *testing.T) {
	var unit *Set
	for _, s := range Defaults {
		if s.Title == Unit {
			unit = s
		}
	}
	var answers []Answer
	for _, in := range unit.Indicators() {
		v := in.MaxPoints
		if in.Scoring.Kind == ScoreYesNo {
			v = 1
		}
		if in.Scoring.Kind == ScoreNumber {
			v = 100
		}
		answers = append(answers, Answer{Code: in.Code, Value: v, Evidence: "kế hoạch"})
	}
	for _, c := range []struct {
		pct    float64
		passed bool
		level  int
	}{{85, false, 0}, {90, true, 1}, {96, true, 2}} {
		sc, err := unit.Evaluate(answers, true, c.pct)
		if err != nil || sc.Passed != c.passed || sc.Level != c.level {
			t.Errorf("%v %%: passed %v level %d (%v), want %v %d", c.pct, sc.Passed, sc.Level, err, c.passed, c.level)
		}
	}
}

func FuzzParseSet(f *testing.F) {
	for _, s := range Defaults {
		f.Add(s.Encode())
	}
	f.Add([]byte(`{"id":"x","criteria":[{"indicators":[{}]}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := ParseSet(strings.NewReader(string(b)))
		if err != nil {
			if strings.TrimSpace(err.Error()) == "" {
				t.Fatal("an error without a message")
			}
			return
		}
		// What the loader accepts, it reads back the same.
		again, err := ParseSet(strings.NewReader(string(s.Encode())))
		if err != nil || !sameContent(s, again) {
			t.Fatalf("accepted set does not round-trip: %v", err)
		}
	})
}
