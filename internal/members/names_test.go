package members

import (
	"slices"
	"sort"
	"strings"
	"testing"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"
)

func TestFoldForSearch(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Nguyễn Văn An", "nguyen van an"},
		{"  Đặng   Thị\tĐào ", "dang thi dao"},
		{"ĐỖ THỊ HỒNG NHUNG", "do thi hong nhung"},
		{norm.NFD.String("Trần Thị Ánh"), "tran thi anh"},
		{"Lưu Ngọc Ước", "luu ngoc uoc"},
	}
	for _, c := range cases {
		if got := Fold(c.in); got != c.want {
			t.Errorf("Fold(%q) = %q; want %q", c.in, got, c.want)
		}
	}
}

func TestCleanName(t *testing.T) {
	if got := CleanName(norm.NFD.String("  Nguyễn   Văn\u00a0An ")); got != "Nguyễn Văn An" || !norm.NFC.IsNormalString(got) {
		t.Errorf("CleanName = %q", got)
	}
}

// sortBy sorts a copy of names by a key function.
func sortBy(names []string, key func(string) string) []string {
	out := slices.Clone(names)
	sort.SliceStable(out, func(i, j int) bool { return key(out[i]) < key(out[j]) })
	return out
}

func TestSortKeyOrdersVietnameseNames(t *testing.T) {
	// The expected order, written out by hand: D before Đ, a ă â, o ô ơ,
	// u ư, tones ngang, huyền, hỏi, ngã, sắc, nặng, word by word.
	want := []string{
		"An",
		"Anh",
		"Ánh",
		"Ăn",
		"Âu",
		"Dương Văn Minh",
		"Đào Thị Hoa",
		"Đặng Văn Lâm",
		"Đỗ Thị Hồng",
		"Hà Văn Ba",
		"Hạ Văn Ba",
		"Lê An",
		"Lê Bình",
		"Lê Văn Tám",
		"Lệ Anh",
		"Ngô Bảo Châu",
		"Nguyễn Thị Ánh",
		"Nguyễn Văn An",
		"Nguyễn Văn Anh",
		"Nguyễn Văn Ánh",
		"Nguyễn Văn Ba",
		"Nguyễn Văn Bà",
		"Nguyễn Văn Bả",
		"Nguyễn Văn Bã",
		"Nguyễn Văn Bá",
		"Nguyễn Văn Bạ",
		"Nguyễn Văn Bác",
		"Ông Thị Nga",
		"Ơn Văn Tài",
		"Trần Hưng Đạo",
		"Trịnh Công Sơn",
		"Ung Văn Khiêm",
		"Ưng Hoàng Phúc",
		"Ừng Thị Lan",
		"Vũ Thị Yến",
	}
	in := slices.Clone(want)
	slices.Reverse(in)
	if got := sortBy(in, SortKey); !slices.Equal(got, want) {
		t.Errorf("sorted:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestSortKeyIsDigitsAndIgnoresCaseFormAndTonePlacement(t *testing.T) {
	k := SortKey("Nguyễn Văn An")
	for i := 0; i < len(k); i++ {
		if k[i] < '0' || k[i] > '9' {
			t.Fatalf("key %q has a non-digit", k)
		}
	}
	same := []string{"nguyễn văn an", "NGUYỄN VĂN AN", norm.NFD.String("Nguyễn Văn An"), "  Nguyễn  Văn An "}
	for _, s := range same {
		if SortKey(s) != k {
			t.Errorf("SortKey(%q) = %q; want %q", s, SortKey(s), k)
		}
	}
	if SortKey("Hoà") != SortKey("Hòa") || SortKey("Thuỷ") != SortKey("Thủy") {
		t.Error("old and new tone placement give different keys")
	}
	if SortKey("Anh") == SortKey("Ánh") || SortKey("Dung") == SortKey("Đung") {
		t.Error("tones or đ lost")
	}
	if SortKey("H'Hen Niê") == "" || SortKey("Nguyễn Văn An") >= SortKey("Nguyễn Văn An 2") {
		t.Error("punctuation or digits mishandled")
	}
	if SortKey("") != "" || SortKey(" - ") != "" {
		t.Error("a name without letters has a key")
	}
	// A letter outside the Vietnamese alphabet comes after every one in it.
	if !(SortKey("Zoe") < SortKey("Ωmega")) {
		t.Error("other scripts must sort after the Latin letters")
	}
}

func TestGivenNameFirstKeyOrdersByGivenNameThenMiddleThenFamily(t *testing.T) {
	want := []string{
		"Nguyễn An",
		"Nguyễn Văn An",
		"Trần Văn An",
		"Lê Thị Ánh",
		"Bình",
		"Trần Thị Bình",
		"Lê Văn Bình",
		"Phạm Minh Chính",
		"Võ Nguyên Giáp",
		"Nguyễn Thị Minh Khai",
		"Đỗ Mười",
	}
	in := slices.Clone(want)
	slices.Reverse(in)
	if got := sortBy(in, GivenNameFirstKey); !slices.Equal(got, want) {
		t.Errorf("sorted:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestSortKeyAgreesWithCLDRWithinAWord compares the own key with
// golang.org/x/text/collate for Vietnamese: they agree on letters and tones
// within a word, and differ only where CLDR compares the whole string's
// letters before any tone (the reason for the own key, see names.go).
func TestSortKeyAgreesWithCLDRWithinAWord(t *testing.T) {
	words := []string{
		"a", "à", "ả", "ã", "á", "ạ", "ă", "ằ", "ẳ", "ẵ", "ắ", "ặ", "â", "ầ", "ẩ", "ẫ", "ấ", "ậ",
		"an", "anh", "ánh", "ba", "bà", "bả", "bã", "bá", "bạ", "bác", "dung", "đào", "đung",
		"e", "ê", "o", "ô", "ơ", "ờ", "u", "ư", "ừ", "y", "ỳ", "ỷ", "ỹ", "ý", "ỵ",
		"nguyễn", "nguyên", "nguyện", "ngô", "ngọc", "nhung", "trần", "trinh", "trịnh",
	}
	c := collate.New(language.Vietnamese)
	cldr := slices.Clone(words)
	slices.Reverse(cldr)
	sort.SliceStable(cldr, func(i, j int) bool { return c.CompareString(cldr[i], cldr[j]) < 0 })
	own := slices.Clone(words)
	slices.Reverse(own)
	own = sortBy(own, SortKey)
	if !slices.Equal(own, cldr) {
		t.Errorf("own order:\n%v\nCLDR order:\n%v", own, cldr)
	}
	// Across words the two part: CLDR puts Lệ Anh between Lê An and Lê Bình.
	names := []string{"Lê Bình", "Lệ Anh", "Lê An"}
	sort.SliceStable(names, func(i, j int) bool { return c.CompareString(names[i], names[j]) < 0 })
	if !slices.Equal(names, []string{"Lê An", "Lệ Anh", "Lê Bình"}) {
		t.Errorf("CLDR order changed: %v", names)
	}
	if own := sortBy(names, SortKey); !slices.Equal(own, []string{"Lê An", "Lê Bình", "Lệ Anh"}) {
		t.Errorf("own order: %v", own)
	}
	// And CLDR's key holds NUL bytes, which a PostgreSQL text column refuses.
	var buf collate.Buffer
	if !slices.Contains(c.KeyFromString(&buf, "Ánh"), 0) {
		t.Error("collate.Key has no NUL byte any more; reconsider it")
	}
}

func TestDuplicateKey(t *testing.T) {
	born := BirthDate{1987, 3, 12}
	a := DuplicateKey("", "Nguyễn Văn An", born, "00004")
	for _, same := range []string{
		DuplicateKey("", "nguyen van an", born, "4"),
		DuplicateKey("", "  NGUYỄN  Văn An", born, "00004"),
	} {
		if same != a {
			t.Errorf("%q != %q", same, a)
		}
	}
	if a != "name:nguyen van an|1987-03-12|00004" {
		t.Errorf("key = %q", a)
	}
	for _, other := range []string{
		DuplicateKey("", "Nguyễn Văn Anh", born, "00004"),
		DuplicateKey("", "Nguyễn Văn An", BirthDate{1987, 3, 13}, "00004"),
		DuplicateKey("", "Nguyễn Văn An", BirthDate{Year: 1987}, "00004"),
		DuplicateKey("", "Nguyễn Văn An", born, "00007"),
		DuplicateKey("066087012345", "Nguyễn Văn An", born, "00004"),
	} {
		if other == a {
			t.Errorf("%q meets %q", other, a)
		}
	}
	if k := DuplicateKey("066087012345", "Nguyễn Văn An", born, "00004"); k != DuplicateKey("066087012345", "Trần Bình", BirthDate{}, "") || k != "cccd:066087012345" {
		t.Errorf("CCCD key = %q", k)
	}
}

func TestFastSyllableKeyMatchesNFD(t *testing.T) {
	words := []string{"Nguyễn", "NGUYỄN", "Ước", "Đặng", "H'Hen", "Ê-đê", "Zoë", "ǅa", "ﬁ", "Ωmega", "a\u0301", "\u0301a", "ậ", "Thuỷ", "Ö"}
	for r := range precomposed {
		words = append(words, string(r), "ng"+string(r)+"n")
	}
	for _, w := range words {
		var fast, slow strings.Builder
		okf := syllableKey(&fast, w)
		oks := slowSyllableKey(&slow, w)
		if okf != oks || fast.String() != slow.String() {
			t.Errorf("%q: fast %q %v, slow %q %v", w, fast.String(), okf, slow.String(), oks)
		}
	}
}
