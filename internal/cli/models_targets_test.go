package cli_test

import (
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
)

func TestModelsTargetsListAndSetAProvincesOwn(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		out, errOut, code := importsRun(t, db, "models", "targets")
		if code != 0 || !strings.Contains(out, "models.family.rate") || !strings.Contains(out, "70%") {
			t.Fatalf("national targets: exit %d %s\n%s", code, errOut, out)
		}
		_, errOut, code = importsRun(t, db, "models", "target", "--in", "province:01", "--rate", "members.ratio", "--year", "2030", "--percent", "50")
		if code == 0 || !strings.Contains(errOut, "không đặt được chỉ tiêu cho \"members.ratio\"") {
			t.Errorf("a target for another indicator: exit %d %s", code, errOut)
		}
		out, errOut, code = importsRun(t, db, "models", "target", "--in", "province:01", "--rate", "models.family.rate", "--year", "2030", "--percent", "85")
		if code != 0 || !strings.Contains(out, "Thành phố Hà Nội: Tỉ lệ Gia đình học tập đến năm 2030 là 85%") {
			t.Fatalf("set: exit %d %s\n%s", code, errOut, out)
		}
		out, _, _ = importsRun(t, db, "models", "targets", "--in", "commune:00004")
		if !strings.Contains(out, "85%") || !strings.Contains(out, "Thành phố Hà Nội") {
			t.Errorf("a commune of Hà Nội does not see its province's target:\n%s", out)
		}
		out, _, _ = importsRun(t, db, "models", "targets", "--in", "province:79")
		if strings.Contains(out, "85%") {
			t.Errorf("another province sees Hà Nội's target:\n%s", out)
		}
	})
}
