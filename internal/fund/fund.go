package fund

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	num "github.com/khuyenhoc/khuyenhoc/internal/number"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// Kind is what an entry is.
type Kind string

// The kinds of entries.
const (
	Receipt  Kind = "receipt"
	Payment  Kind = "payment"
	Moved    Kind = "transfer" // one side of a transfer between two units
	Reversal Kind = "reversal"
)

// Means is the form in which a receipt or payment was made.
type Means string

// The means.
const (
	Cash     Means = "cash"
	Bank     Means = "transfer" // a bank transfer (chuyển khoản)
	InKind   Means = "in_kind"  // items at their declared value
	Works    Means = "works"    // a building given: a school room, a library
	noMeans  Means = ""
	maxParty       = 200
	maxText        = 2000
)

// ParseMeans reads a means as the command line and files write it; empty
// is cash.
func ParseMeans(s string) (Means, error) {
	switch m := Means(strings.ToLower(strings.TrimSpace(s))); m {
	case noMeans:
		return Cash, nil
	case Cash, Bank, InKind, Works:
		return m, nil
	}
	return "", apperr.New(apperr.Invalid, vi.ErrFundKind, s)
}

// donorKinds are the kinds of donor a receipt may name.
var donorKinds = map[string]bool{"": true, "person": true, "clan": true, "enterprise": true, "organisation": true, "hometown": true}

// purposes are the purposes a payment may name.
var purposes = map[string]bool{"": true, "scholarship": true, "prize": true, "teacher_support": true, "books_bicycles": true, "other": true}

// Series of voucher numbers.
const (
	seriesReceipt  = "PT" // phiếu thu
	seriesPayment  = "PC" // phiếu chi
	seriesReversal = "DC" // bút toán đảo (điều chỉnh)
)

// maxAmount bounds one entry (a thousand billion đồng), so that sums of
// millions of entries stay far inside an int64 and a float64's exact range.
const maxAmount = 1_000_000_000_000_000 / 1000

// ParseAmount reads an amount of whole đồng as people write it: 1500000,
// 1.500.000 or 1 500 000 (dots or spaces grouping thousands, read by
// number.Parse, the one reader of Vietnamese numbers), optionally
// followed by "đ" or "đồng". A fraction (1500000,5 or 1.5) is refused as
// such, and so is zero or a negative amount.
func ParseAmount(s string) (int64, error) {
	t := strings.TrimSpace(s)
	for _, suffix := range []string{"đồng", "đ", "VND", "vnd"} {
		t = strings.TrimSpace(strings.TrimSuffix(t, suffix))
	}
	if t == "" {
		return 0, apperr.New(apperr.Invalid, vi.ErrFundAmount, s)
	}
	v, err := num.Parse(t, true)
	if err != nil {
		return 0, apperr.New(apperr.Invalid, vi.ErrFundAmount, s)
	}
	if v != math.Trunc(v) {
		return 0, apperr.New(apperr.Invalid, vi.ErrFundAmountFraction, s)
	}
	if math.Abs(v) > maxAmount {
		return 0, apperr.New(apperr.Invalid, vi.ErrFundAmountTooLarge, strings.TrimSpace(s))
	}
	n := int64(v)
	if err := checkAmount(n); err != nil {
		return 0, err
	}
	return n, nil
}

// checkAmount refuses zero, a negative amount and one beyond maxAmount.
func checkAmount(n int64) error {
	switch {
	case n <= 0:
		return apperr.New(apperr.Invalid, vi.ErrFundAmountPositive, vi.Int(n))
	case n > maxAmount:
		return apperr.New(apperr.Invalid, vi.ErrFundAmountTooLarge, vi.Int(n))
	}
	return nil
}

// Entry is one line of a unit's ledger.
type Entry struct {
	ID     int64
	UnitID int64
	// Number is the voucher number, PT-2026-0001 (a receipt or the
	// receiving side of a transfer), PC-2026-0001 (a payment or the sending
	// side) or DC-2026-0001 (a reversing entry).
	Number    string
	Kind      Kind
	Direction int   // +1 into the fund, -1 out of it
	Amount    int64 // whole đồng, positive
	Day       time.Time
	Party     string // donor or recipient
	PartyKind string // a donor's kind
	Contact   string
	Means     Means
	Items     string // the items of a gift in kind
	Purpose   string // a payment's purpose
	Note      string
	Programme string // the programme's code, if any
	// ProgrammeName and ProgrammeYear name the programme for people (its
	// code is the unit's own shorthand), as read from the ledger.
	ProgrammeName string
	ProgrammeYear int
	// ReversesID is the entry a reversal reverses; ReversedBy the reversal
	// of an entry that was reversed; PairID the other side of a transfer.
	ReversesID   int64
	ReversedBy   int64
	ReversedKind Kind
	PairID       int64
	Reason       string
	Overdraft    bool
	Key          string
	CreatedBy    string
	CreatedAt    time.Time
	// ReversesNumber is the voucher number of the entry a reversal
	// reverses; ReversedByNumber that of the reversal of an entry that
	// was reversed.
	ReversesNumber, ReversedByNumber string
	// opens is set (by the ledger's insert) on an entry dated before
	// every other entry of its unit's ledger: from its day on, the fund's
	// flows count, as 0 where nothing flowed (deltas).
	opens bool
}

// Signed is the entry's effect on the balance.
func (e Entry) Signed() int64 { return int64(e.Direction) * e.Amount }

// number writes a voucher number.
func number(series string, year int, seq int64) string {
	return fmt.Sprintf("%s-%04d-%04d", series, year, seq)
}

// ParseNumber reads a voucher number (PT-2026-0001; letter case and the
// zeros of the sequence do not matter).
func ParseNumber(s string) (series string, year int, seq int64, err error) {
	parts := strings.Split(strings.ToUpper(strings.TrimSpace(s)), "-")
	bad := apperr.New(apperr.Invalid, vi.ErrFundNumber, s)
	if len(parts) != 3 {
		return "", 0, 0, bad
	}
	switch parts[0] {
	case seriesReceipt, seriesPayment, seriesReversal:
	default:
		return "", 0, 0, bad
	}
	y, err1 := strconv.Atoi(parts[1])
	n, err2 := strconv.ParseInt(parts[2], 10, 64)
	if err1 != nil || err2 != nil || y < 1900 || y > 9999 || n <= 0 {
		return "", 0, 0, bad
	}
	return parts[0], y, n, nil
}

// clean trims a free text and bounds its length.
func clean(s string, max int) (string, error) {
	s = strings.TrimSpace(s)
	if len([]rune(s)) > max {
		return "", apperr.New(apperr.Invalid, vi.ErrTooLong, max)
	}
	return s, nil
}
