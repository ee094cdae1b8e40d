package apperr

import (
	"errors"
	"fmt"
	"testing"
)

func TestExitCodesFollowTheContract(t *testing.T) {
	cases := []struct {
		err  error
		want int
	}{
		{nil, 0},
		{New(Usage, "x"), 2},
		{New(Invalid, "x"), 1},
		{New(NotFound, "x"), 1},
		{errors.New("disk on fire"), 1},
		{fmt.Errorf("import: %w", New(Usage, "x")), 2},
		{&List{Code: Invalid, Title: "t"}, 1},
		{New(Busy, "x"), 3},
		{fmt.Errorf("import: %w", New(Busy, "x")), 3},
	}
	for _, c := range cases {
		if got := ExitCode(c.err); got != c.want {
			t.Errorf("ExitCode(%v) = %d, want %d", c.err, got, c.want)
		}
	}
}

func TestAtNamesThePlaceOnce(t *testing.T) {
	err := At("tệp a.csv", At("dòng 3", New(Invalid, "sai")))
	if got := err.Error(); got != "tệp a.csv, dòng 3: sai" {
		t.Errorf("got %q", got)
	}
	if CodeOf(err) != Invalid {
		t.Errorf("code lost: %v", CodeOf(err))
	}
	if CodeOf(At("x", errors.New("boom"))) != Internal {
		t.Error("a foreign error is not internal")
	}
}
