package cli_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/report"
	"github.com/khuyenhoc/khuyenhoc/internal/reporttext"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// The texts officers write reach the report's document: set from files
// with report texts, the letterhead through the area, both in the text
// and Word formats.
func TestReportTextsAreSetFromFilesAndAppearInTheDocument(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		file := importsWrite(t, "a.csv", aggHeader+"2024H1,province,66,members.total,123456\n2023H1,province,66,members.total,120000\n")
		if _, errOut, code := importsRun(t, db, "import", "aggregates", file); code != 0 {
			t.Fatalf("import: %s", errOut)
		}
		dir := importsWrite(t, "phuong-huong.txt", "Tiếp tục củng cố chi hội.\r\n\r\nPhát triển hội viên trong trường học.\n")
		after := importsWrite(t, "cau.txt", "Tăng chủ yếu ở các chi hội trường học.")
		args := []string{"report", "texts", "--scope", "province:66", "--period", "2024H1"}
		out, errOut, code := importsRun(t, db, append(args, "--set", "directions="+dir, "--set", "after:members.total="+after)...)
		if code != 0 || !strings.Contains(out, "Đã lưu 2 phần nội dung báo cáo của Tỉnh Đắk Lắk, 6 tháng đầu năm 2024.") {
			t.Fatalf("set: exit %d, %q %q", code, out, errOut)
		}
		out, _, _ = importsRun(t, db, args...)
		if !strings.Contains(out, "directions · Phương hướng, nhiệm vụ · phiên bản 1, canbo lưu lúc") || !strings.Contains(out, "  Phát triển hội viên trong trường học.") ||
			!strings.Contains(out, "advice · Công tác tham mưu, chỉ đạo · chưa viết") {
			t.Errorf("list:\n%s", out)
		}
		out, _, _ = importsRun(t, db, "report", "texts", "--scope", "province:66", "--period", "2024")
		if !strings.Contains(out, "directions · Phương hướng, nhiệm vụ · lấy từ báo cáo kỳ trước (6 tháng đầu năm 2024), chưa lưu cho kỳ này") {
			t.Errorf("list of the year:\n%s", out)
		}

		tree, err := units.Cached(context.Background(), db)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := reporttext.SaveLetterhead(context.Background(), db, tree, auth.LocalAdmin("test"), units.Ref{Level: units.Province, Code: "66"},
			period.MustParse("2024H1"), report.Letterhead{Number: "21/BC-KH", SignerName: "Nguyễn Văn Bình"}, 0, time.Now()); err != nil {
			t.Fatal(err)
		}
		out, errOut, code = importsRun(t, db, "report", "--scope", "province:66", "--period", "2024H1", "--format", "text")
		for _, want := range []string{"Tiếp tục củng cố chi hội.", "Phát triển hội viên trong trường học.", "Tăng chủ yếu ở các chi hội trường học.", "21/BC-KH", "Nguyễn Văn Bình"} {
			if code != 0 || !strings.Contains(out, want) {
				t.Errorf("the document lacks %q (exit %d, %s):\n%s", want, code, errOut, out)
			}
		}
		// The year-end report takes the letterhead, not its number, nor the half-year's texts.
		out, _, _ = importsRun(t, db, "report", "--scope", "province:66", "--period", "2024", "--format", "text")
		if !strings.Contains(out, "Nguyễn Văn Bình") || strings.Contains(out, "21/BC-KH") || strings.Contains(out, "Tiếp tục củng cố chi hội.") {
			t.Errorf("the year's document:\n%s", out)
		}

		for _, c := range []struct {
			args []string
			code int
			want string
		}{
			{[]string{"--period", "2024H2", "--set", "directions=" + dir}, 1, "báo cáo tổng kết năm 2024 đã bao gồm 6 tháng cuối năm"},
			{[]string{"--period", "2024H1", "--set", "directions"}, 2, "KHÓA=TỆP"},
			{[]string{"--period", "2024H1", "--set", "summary=" + dir}, 1, `không có phần "summary"`},
			{[]string{"--period", "2024H1", "--set", "directions=/khong/co/tep.txt"}, 1, "không đọc được tệp"},
		} {
			_, errOut, code := importsRun(t, db, append([]string{"report", "texts", "--scope", "province:66"}, c.args...)...)
			if code != c.code || !strings.Contains(errOut, c.want) {
				t.Errorf("%v: exit %d, %q; want exit %d with %q", c.args, code, errOut, c.code, c.want)
			}
		}
		if n := importsCount(t, db, "report_text_history"); n != 2 {
			t.Errorf("%d texts saved, want 2 (the refused commands saved nothing)", n)
		}
	})
}
