package members

import (
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
)

func TestNormalizePhoneAcceptsVietnameseFormats(t *testing.T) {
	cases := []struct{ in, want string }{
		{"0912345678", "0912345678"},
		{"0912 345 678", "0912345678"},
		{"0912.345.678", "0912345678"},
		{"0912-345-678", "0912345678"},
		{"+84912345678", "0912345678"},
		{"+84 912 345 678", "0912345678"},
		{"(+84) 912 345 678", "0912345678"},
		{"84912345678", "0912345678"},
		{"+84 0912 345 678", "0912345678"},
		{"0321234567", "0321234567"},
		{"0561234567", "0561234567"},
		{"0701234567", "0701234567"},
		{"0841234567", "0841234567"}, // the mobile prefix 084, not a country code
		{"0981234567", "0981234567"},
		{"02438253456", "02438253456"},     // Hà Nội landline
		{"(024) 3825 3456", "02438253456"}, // written with the area code in brackets
		{"+84 28 3829 1234", "02838291234"},
		{"0262 3812 345", "02623812345"},
		{"  ", ""},
	}
	for _, c := range cases {
		got, err := NormalizePhone(c.in)
		if err != nil || got != c.want {
			t.Errorf("NormalizePhone(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestNormalizePhoneRefusesOthers(t *testing.T) {
	cases := []struct{ in, want string }{
		{"091234567", "số di động phải có 10 chữ số (kể cả số 0 đầu), ở đây có 9"},
		{"09123456789", "ở đây có 11"},
		{"+8491234567", "số di động phải có 10 chữ số"},
		{"0243825345", "số cố định phải có 11 chữ số (mã vùng 02x và số máy), ở đây có 10"},
		{"01662345678", "số di động 11 số đầu 01 đã chuyển sang 10 số từ năm 2018"},
		{"0162345678", "đầu số 01 không phải"},
		{"0612345678", "đầu số 06 không phải số di động"},
		{"0412345678", "đầu số 04"},
		{"912345678", "đầu số 91"},
		{"0912 345 678 ext 2", "không có ký tự 'e'"},
		{"0912+345678", "không có ký tự '+'"},
		{"+1 202 555 0100", "không có ký tự '+'"},
		{"0912/345/678", "không có ký tự '/'"},
	}
	for _, c := range cases {
		got, err := NormalizePhone(c.in)
		if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), c.want) {
			t.Errorf("NormalizePhone(%q) = %q, %v; want Invalid containing %q", c.in, got, err, c.want)
		}
	}
}

func TestMaskPhone(t *testing.T) {
	cases := []struct{ in, want string }{
		{"0912345678", "0912***678"},
		{"02438253456", "0243****456"},
		{"0912", "****"},
		{"", ""},
	}
	for _, c := range cases {
		if got := MaskPhone(c.in); got != c.want {
			t.Errorf("MaskPhone(%q) = %q; want %q", c.in, got, c.want)
		}
	}
}
