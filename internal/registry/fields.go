package registry

import (
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/members"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The fields of a member as the file columns, the form and the API name
// them (docs/contracts.md, section Members).
const (
	ColCommune    = "commune"
	ColBranch     = "branch"
	ColFullName   = "full_name"
	ColGender     = "gender"
	ColBirthDate  = "birth_date"
	ColCCCD       = "cccd"
	ColPhone      = "phone"
	ColAddress    = "address"
	ColJoinedOn   = "joined_on"
	ColLeftOn     = "left_on"
	ColLeftReason = "left_reason"
	ColCardNo     = "card_no"
	ColConsent    = "consent"
)

// Fields is a member's fields as a person typed them, for AddMember,
// EditMember and each row of an import.
type Fields struct {
	FullName, Gender, BirthDate, CCCD, Phone, Address string
	JoinedOn, LeftOn, LeftReason, CardNo, Consent     string
}

// checked is Fields read and checked.
type checked struct {
	FullName   string
	fold       string // FullName folded (members.Fold)
	sortKey    string // members.SortKey(FullName)
	givenKey   string // members.GivenNameFirstKey(FullName)
	key        string // dupKey of keyOf, once computed
	keyOf      int64
	Gender     members.Gender
	Born       members.BirthDate
	CCCD       string
	Phone      string
	Address    string
	JoinedOn   time.Time
	LeftOn     time.Time
	LeftReason string
	CardNo     string
	Consent    string
}

// FieldErrors are the faults of a form or a row, by field (the Col names).
type FieldErrors map[string]error

func (f FieldErrors) Error() string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, vi.MemberColumn(k)+": "+f[k].Error())
	}
	return strings.Join(parts, "; ")
}

// with is f with the fault of col, f made if it is nil.
func (f FieldErrors) with(col string, err error) FieldErrors {
	if f == nil {
		f = FieldErrors{}
	}
	f[col] = err
	return f
}

// As lets apperr.CodeOf classify the errors as Invalid.
func (f FieldErrors) As(target any) bool {
	if t, ok := target.(**apperr.Error); ok {
		*t = &apperr.Error{Code: apperr.Invalid, Message: f.Error()}
		return true
	}
	return false
}

// maxText bounds a free-text field.
const maxText = 200

// ParseDay reads a day as period.ParseDay does.
func ParseDay(s string) (time.Time, error) {
	if t, ok := period.ParseDay(s); ok {
		return t, nil
	}
	return time.Time{}, apperr.New(apperr.Invalid, vi.ErrDayFormat, strings.TrimSpace(s))
}

// check reads and checks the fields against each other and today. minAge
// is the youngest age at which one joins.
func (f Fields) check(now time.Time, minAge int) (checked, FieldErrors) {
	var (
		c   checked
		bad FieldErrors // made at the first fault: most rows have none
	)
	today := units.Day(now)
	c.FullName = members.CleanName(f.FullName)
	c.fold = members.Fold(c.FullName)
	c.sortKey, c.givenKey = members.NameKeys(c.FullName)
	switch {
	case c.FullName == "":
		bad = bad.with(ColFullName, apperr.New(apperr.Invalid, vi.ErrRequired))
	case utf8.RuneCountInString(c.FullName) > 100:
		bad = bad.with(ColFullName, apperr.New(apperr.Invalid, vi.ErrTooLong, 100))
	}
	var err error
	if c.Gender, err = members.ParseGender(f.Gender); err != nil {
		bad = bad.with(ColGender, err)
	}
	born := strings.TrimSpace(f.BirthDate)
	if len(born) == len(time.DateOnly) && born[4] == '-' { // a date cell of a workbook
		if t, err := time.Parse(time.DateOnly, born); err == nil {
			born = t.Format("02/01/2006")
		}
	}
	if c.Born, err = members.ParseBirthDate(born, now); err != nil {
		bad = bad.with(ColBirthDate, err)
	}
	if s := strings.TrimSpace(f.CCCD); s != "" {
		id, err := members.ParseCCCD(s)
		if err == nil && bad[ColBirthDate] == nil && bad[ColGender] == nil {
			err = id.Check(c.Born, c.Gender)
		}
		if err != nil {
			bad = bad.with(ColCCCD, err)
		}
		c.CCCD = id.Number
	}
	if c.Phone, err = members.NormalizePhone(f.Phone); err != nil {
		bad = bad.with(ColPhone, err)
	}
	c.Address = strings.Join(strings.Fields(f.Address), " ")
	c.LeftReason = strings.Join(strings.Fields(f.LeftReason), " ")
	c.CardNo = strings.TrimSpace(f.CardNo)
	c.Consent = strings.Join(strings.Fields(f.Consent), " ")
	for _, x := range [...]struct{ col, s string }{{ColAddress, c.Address}, {ColLeftReason, c.LeftReason}, {ColConsent, c.Consent}} {
		if col, s := x.col, x.s; utf8.RuneCountInString(s) > maxText {
			bad = bad.with(col, apperr.New(apperr.Invalid, vi.ErrTooLong, maxText))
		}
	}
	if utf8.RuneCountInString(c.CardNo) > 30 {
		bad = bad.with(ColCardNo, apperr.New(apperr.Invalid, vi.ErrTooLong, 30))
	}
	if strings.TrimSpace(f.JoinedOn) == "" {
		bad = bad.with(ColJoinedOn, apperr.New(apperr.Invalid, vi.ErrRequired))
	} else if c.JoinedOn, err = ParseDay(f.JoinedOn); err != nil {
		bad = bad.with(ColJoinedOn, err)
	} else if c.JoinedOn.After(today) {
		bad = bad.with(ColJoinedOn, apperr.New(apperr.Invalid, vi.ErrDayInFuture, vi.Date(c.JoinedOn), vi.Date(today)))
	} else if !c.Born.IsZero() && bad[ColBirthDate] == nil {
		if err := c.Born.CheckAge(c.JoinedOn, minAge); err != nil {
			bad = bad.with(ColBirthDate, err)
		}
	}
	if s := strings.TrimSpace(f.LeftOn); s != "" {
		if c.LeftOn, err = ParseDay(s); err != nil {
			bad = bad.with(ColLeftOn, err)
		} else if c.LeftOn.After(today) {
			bad = bad.with(ColLeftOn, apperr.New(apperr.Invalid, vi.ErrDayInFuture, vi.Date(c.LeftOn), vi.Date(today)))
		} else if bad[ColJoinedOn] == nil && !c.LeftOn.After(c.JoinedOn) {
			bad = bad.with(ColLeftOn, apperr.New(apperr.Invalid, vi.ErrLeftBeforeJoined, vi.Date(c.LeftOn), vi.Date(c.JoinedOn)))
		}
	} else if c.LeftReason != "" {
		bad = bad.with(ColLeftOn, apperr.New(apperr.Invalid, vi.ErrLeftReasonWithoutDay))
	}
	if len(bad) > 0 {
		return checked{}, bad
	}
	return c, nil
}

// fields are a member's fields as the history keeps them (the machine
// names; empty fields left out).
func (c checked) fields() map[string]string {
	f := map[string]string{ColFullName: c.FullName, ColJoinedOn: day(c.JoinedOn)}
	put := func(k, v string) {
		if v != "" {
			f[k] = v
		}
	}
	put(ColGender, string(c.Gender))
	put(ColBirthDate, c.Born.ISO())
	put(ColCCCD, c.CCCD)
	put(ColPhone, c.Phone)
	put(ColAddress, c.Address)
	if !c.LeftOn.IsZero() {
		f[ColLeftOn] = day(c.LeftOn)
	}
	put(ColLeftReason, c.LeftReason)
	put(ColCardNo, c.CardNo)
	put(ColConsent, c.Consent)
	return f
}

// dupKey is the key that finds the same person twice where there is no
// CCCD (name without diacritics and case, birth date, commune).
func (c checked) dupKey(commune *units.Unit) string {
	if c.key != "" && c.keyOf == commune.ID {
		return c.key
	}
	fold := c.fold
	if fold == "" {
		fold = members.Fold(c.FullName) // a record read back, not checked
	}
	return members.DuplicateKeyFolded(c.CCCD, fold, c.Born, commune.Code)
}

// parseBorn reads a stored birth date (ISO or a year).
func parseBorn(s string) members.BirthDate {
	if s == "" {
		return members.BirthDate{}
	}
	if len(s) == 4 {
		y, _ := strconv.Atoi(s)
		return members.BirthDate{Year: y}
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return members.BirthDate{}
	}
	return members.BirthDate{Year: t.Year(), Month: int(t.Month()), Day: t.Day()}
}
