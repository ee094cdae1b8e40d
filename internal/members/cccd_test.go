package members

import (
	"compress/gzip"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
)

func TestProvinceCodesMatchTheUnitsData(t *testing.T) {
	f, err := os.Open("../units/data/units-2025-03-01.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var data struct {
		Data []struct {
			ID   string `json:"level1_id"`
			Name string `json:"name"`
		} `json:"data"`
	}
	if err := json.NewDecoder(z).Decode(&data); err != nil {
		t.Fatal(err)
	}
	if len(data.Data) != 63 || len(provinceCodes) != 63 {
		t.Fatalf("%d provinces in the data, %d codes here; want 63 each", len(data.Data), len(provinceCodes))
	}
	for _, p := range data.Data {
		name, ok := ProvinceOfBirth("0" + p.ID)
		if !ok || name != p.Name {
			t.Errorf("code 0%s: got %q, %v; the data says %q", p.ID, name, ok, p.Name)
		}
	}
	if name, _ := ProvinceOfBirth("001"); name != "Thành phố Hà Nội" {
		t.Errorf("001 = %q", name)
	}
	if name, _ := ProvinceOfBirth("096"); name != "Tỉnh Cà Mau" {
		t.Errorf("096 = %q", name)
	}
}

func TestParseCCCDReadsWhatTheDigitsEncode(t *testing.T) {
	cases := []struct {
		in        string
		number    string
		province  string
		female    bool
		birthYear int
	}{
		{"066087012345", "066087012345", "066", false, 1987},
		{"001187012345", "001187012345", "001", true, 1987},
		{"079205000001", "079205000001", "079", false, 2005},
		{"096305000001", "096305000001", "096", true, 2005},
		{"031499000001", "031499000001", "031", false, 2199},
		{"031599000001", "031599000001", "031", true, 2199},
		{"031600000001", "031600000001", "031", false, 2200},
		{"031700000001", "031700000001", "031", true, 2200},
		{"031899000001", "031899000001", "031", false, 1899},
		{"031999000001", "031999000001", "031", true, 1899},
		{" 066 087 012 345 ", "066087012345", "066", false, 1987},
	}
	for _, c := range cases {
		got, err := ParseCCCD(c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if got.Number != c.number || got.Province != c.province || got.Female != c.female || got.BirthYear != c.birthYear {
			t.Errorf("%q: got %+v", c.in, got)
		}
	}
	if got, err := ParseCCCD("  "); err != nil || !got.IsZero() {
		t.Errorf("blank: %+v, %v; want the zero value", got, err)
	}
}

func TestParseCCCDRefusesMalformedNumbers(t *testing.T) {
	cases := []struct{ in, want string }{
		{"06608701234", "ở đây có 11: có thể bảng tính đã bỏ số 0 ở đầu"},
		{"0660870123", "phải có đúng 12 chữ số, ở đây có 10"},
		{"0660870123456", "phải có đúng 12 chữ số, ở đây có 13"},
		{"06608701234a", "không có ký tự 'a'"},
		{"6.60870E+11", "không có ký tự '.'"},
		{"066-087-012345", "không có ký tự '-'"},
		{"００６６08701234", "không có ký tự '０'"},
		{"003087012345", "ba chữ số đầu của số CCCD (003) không phải mã tỉnh"},
		{"097087012345", "(097) không phải mã tỉnh"},
		{"000087012345", "(000) không phải mã tỉnh"},
	}
	for _, c := range cases {
		_, err := ParseCCCD(c.in)
		if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: got %v; want Invalid containing %q", c.in, err, c.want)
		}
	}
}

func TestCCCDCheckAgainstBirthDateAndGender(t *testing.T) {
	born87 := BirthDate{Year: 1987, Month: 3, Day: 12}
	cases := []struct {
		cccd string
		born BirthDate
		g    Gender
		want string // "" when consistent
	}{
		{"066087012345", born87, Male, ""},
		{"066187012345", born87, Female, ""},
		{"066087012345", BirthDate{Year: 1987}, "", ""},
		{"066087012345", BirthDate{}, "", ""},
		{"066205012345", BirthDate{Year: 2005, Month: 1, Day: 1}, Male, ""},
		// Year digits inconsistent.
		{"066085012345", born87, Male, "số CCCD 066085… ghi năm sinh 1985 nhưng ngày sinh là 12/03/1987"},
		{"066085012345", BirthDate{Year: 1987}, Male, "số CCCD 066085… ghi năm sinh 1985 nhưng năm sinh là 1987"},
		// Century digit inconsistent with the birth year.
		{"066287012345", born87, Male, "số CCCD 066287… có chữ số thứ tư là 2 (sinh vào thế kỷ 21, tức năm 2087) nhưng ngày sinh là 12/03/1987"},
		{"066887012345", born87, Male, "có chữ số thứ tư là 8 (sinh vào thế kỷ 19, tức năm 1887)"},
		{"066005012345", BirthDate{Year: 2005}, Male, "có chữ số thứ tư là 0 (sinh vào thế kỷ 20, tức năm 1905) nhưng năm sinh là 2005"},
		// Sex digit inconsistent with the gender.
		{"066087012345", born87, Female, "số CCCD 066087… có chữ số thứ tư là 0 (giới tính Nam) nhưng giới tính ghi là Nữ"},
		{"066187012345", born87, Male, "có chữ số thứ tư là 1 (giới tính Nữ) nhưng giới tính ghi là Nam"},
		{"066305012345", BirthDate{Year: 2005}, Male, "có chữ số thứ tư là 3 (giới tính Nữ)"},
		// Both faults at once, in one message.
		{"066185012345", born87, Male, "ghi năm sinh 1985 nhưng ngày sinh là 12/03/1987; số CCCD 066185… có chữ số thứ tư là 1 (giới tính Nữ)"},
	}
	for _, c := range cases {
		cc, err := ParseCCCD(c.cccd)
		if err != nil {
			t.Fatalf("%s: %v", c.cccd, err)
		}
		err = cc.Check(c.born, c.g)
		if c.want == "" {
			if err != nil {
				t.Errorf("%s %v %q: %v; want consistent", c.cccd, c.born, c.g, err)
			}
			continue
		}
		if apperr.CodeOf(err) != apperr.Invalid || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s %v %q: got %v; want Invalid containing %q", c.cccd, c.born, c.g, err, c.want)
		}
		if strings.Contains(err.Error(), c.cccd) {
			t.Errorf("%s: the message quotes the whole number: %v", c.cccd, err)
		}
	}
	if err := (CCCD{}).Check(born87, Male); err != nil {
		t.Errorf("zero CCCD: %v", err)
	}
}

func TestMaskCCCD(t *testing.T) {
	cases := []struct{ in, want string }{
		{"066087012345", "066*******45"},
		{"001187999999", "001*******99"},
		{"003087012345", "************"}, // not a valid CCCD: hidden whole
		{"06608701234", "***********"},
		{"abc", "***"},
		{"", ""},
	}
	for _, c := range cases {
		if got := MaskCCCD(c.in); got != c.want {
			t.Errorf("MaskCCCD(%q) = %q; want %q", c.in, got, c.want)
		}
	}
}
