package members

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// NormalizePhone turns a Vietnamese phone number into its national form,
// digits only with the leading 0: a mobile number has 10 digits and starts
// 03, 05, 07, 08 or 09; a landline has 11 and starts 02 (the area codes
// 02xx since 2017). The country code (+84, 84, (+84)) replaces the leading
// 0 and may come with or without it ("+84 0912…" is common and accepted);
// spaces, dots, dashes and parentheses between groups are dropped. Blank
// gives "", the field being optional. The old 11-digit mobile numbers (01x,
// renumbered in 2018) get their own message rather than a silent rewrite.
// A normalised number normalises to itself.
func NormalizePhone(s string) (string, error) {
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case unicode.IsSpace(r) || r == '.' || r == '-' || r == '(' || r == ')':
		case r == '+' && b.Len() == 0 && strings.HasPrefix(strings.TrimLeft(s[i+1:], " ()"), "84"):
			// The plus of +84, checked below like a bare 84.
		default:
			return "", apperr.New(apperr.Invalid, vi.ErrPhoneChars, r)
		}
	}
	n := b.String()
	if n == "" {
		return "", nil
	}
	// A national number starts with 0, so any 84 in front is the country
	// code (the mobile prefix 084 keeps its 0 and is not taken for it).
	if strings.HasPrefix(n, "84") {
		n = "0" + strings.TrimPrefix(n[2:], "0")
	}
	if len(n) < 2 || n[0] != '0' {
		return "", apperr.New(apperr.Invalid, vi.ErrPhonePrefix, firstTwo(n))
	}
	switch n[1] {
	case '3', '5', '7', '8', '9':
		if len(n) != 10 {
			return "", apperr.New(apperr.Invalid, vi.ErrPhoneMobileLength, len(n))
		}
	case '2':
		if len(n) != 11 {
			return "", apperr.New(apperr.Invalid, vi.ErrPhoneLandlineLength, len(n))
		}
	case '1':
		if len(n) == 11 {
			return "", apperr.New(apperr.Invalid, vi.ErrPhoneOld11)
		}
		return "", apperr.New(apperr.Invalid, vi.ErrPhonePrefix, n[:2])
	default:
		return "", apperr.New(apperr.Invalid, vi.ErrPhonePrefix, n[:2])
	}
	return n, nil
}

// firstTwo is at most the first two digits of a number, for messages.
func firstTwo(n string) string {
	if len(n) > 2 {
		return n[:2]
	}
	return n
}

// MaskPhone shows a normalised phone number to a role that may not see it:
// the first four digits (the network or area code) and the last three, the
// rest hidden ("0912***678", landline "0243****678"). Anything shorter
// than 8 characters is hidden whole, so that little is never left to guess.
func MaskPhone(phone string) string {
	n := utf8.RuneCountInString(phone)
	if n != len(phone) || n < 8 {
		return strings.Repeat("*", n)
	}
	return phone[:4] + strings.Repeat("*", n-7) + phone[n-3:]
}
