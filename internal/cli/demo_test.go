package cli_test

import (
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/racedetect"
)

func TestDemoFillsTheDatabaseOnceAndPrintsTheClusterReport(t *testing.T) {
	if racedetect.Enabled {
		t.Skip("loads the whole demo (239,247 values), which takes minutes under the race detector; it runs in the plain test pass")
	}
	if testing.Short() {
		t.Skip("imports a quarter of a million values")
	}
	r := newUnitsRunner(t)
	out, errOut, code := r.run("demo")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"BÁO CÁO SƠ KẾT CÔNG TÁC KHUYẾN HỌC, KHUYẾN TÀI, XÂY DỰNG XÃ HỘI HỌC TẬP 6 THÁNG ĐẦU NĂM 2026",
		"Đơn vị: Cụm thi đua số 6 – Nam Trung Bộ và Tây Nguyên", "(Số liệu so sánh với cùng kỳ 6 tháng đầu năm 2025)",
		"Tổng số hội viên hiện có là ", "so với cùng kỳ năm 2025 tăng", "V. QUỸ KHUYẾN HỌC",
		"Cụ thể: Quảng Ngãi (", "Gia Lai (", "Lâm Đồng (",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	// The second run imports nothing new and prints the same report.
	again, errOut2, code := r.run("demo")
	if code != 0 {
		t.Fatalf("second run: exit %d: %s", code, errOut2)
	}
	if again != out {
		t.Error("second run printed a different report")
	}
	if !strings.Contains(errOut2, " 0 mới, 0 thay đổi") || !strings.Contains(errOut2, "0 cụm thay đổi, 4 cụm không đổi") {
		t.Errorf("second run changed the database: %s", errOut2)
	}
}
