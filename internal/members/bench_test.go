package members

import (
	"testing"
	"time"
)

// BenchmarkRowRules is the pure work the import does per member row: every
// check and key of this package. The import's target (100,000 rows/s into
// SQLite) leaves it 10 µs a row in all, database included.
func BenchmarkRowRules(b *testing.B) {
	now := time.Date(2026, 11, 29, 2, 0, 0, 0, time.UTC)
	for b.Loop() {
		name := CleanName("Nguyễn Thị Minh Khai")
		g, _ := ParseGender("Nữ")
		born, _ := ParseBirthDate("12/03/1987", now)
		c, _ := ParseCCCD("066187012345")
		_ = c.Check(born, g)
		_ = born.CheckAge(now, DefaultMinAge)
		_, _ = NormalizePhone("0912 345 678")
		_ = Fold(name)
		_ = SortKey(name)
		_ = GivenNameFirstKey(name)
		_ = DuplicateKey("", name, born, "00004")
	}
}
