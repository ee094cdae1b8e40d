package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/audit"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/fund"
)

// The fund's functions and the cases of its operations, kept beside the
// world's other helpers.
func init() {
	for name, k := range map[string]kind{
		"fund.Record":        operation,
		"fund.Reverse":       operation,
		"fund.Transfer":      operation,
		"fund.ClosePeriod":   operation,
		"fund.ReopenPeriod":  operation,
		"fund.Import":        operation,
		"fund.AddProgramme":  operation,
		"fund.ImportFile":    operation,
		"fund.ReadBook":      read, // checks that the principal reads the unit
		"fund.Balance":       read, // checks that the principal reads the unit
		"fund.Entries":       read, // checks that the principal reads the unit
		"fund.EntryByNumber": read, // checks that the principal reads the unit
	} {
		functions[name] = k
	}
	refusedTwo := func(run func(w *world, by auth.Principal) error) map[string]func(w *world) error {
		return map[string]func(w *world) error{
			"neighbour": func(w *world) error { return run(w, w.neighbourXa) },
			"viewer":    func(w *world) error { return run(w, w.viewer) },
		}
	}
	operations["fund.Record"] = &opCase{
		refused: refusedTwo((*world).fundReceipt),
		allowed: func(w *world) error { return w.fundReceipt(w.xa) },
		action:  audit.ActionFundEntry,
	}
	operations["fund.Reverse"] = &opCase{
		prepare: func(w *world, t *testing.T) {
			if err := w.fundReceipt(w.xa); err != nil {
				t.Fatal(err)
			}
		},
		refused: refusedTwo((*world).fundReverse),
		allowed: func(w *world) error { return w.fundReverse(w.xa) },
		action:  audit.ActionFundReverse,
	}
	operations["fund.Transfer"] = &opCase{
		prepare: func(w *world, t *testing.T) {
			if err := w.fundReceipt(w.xa); err != nil {
				t.Fatal(err)
			}
		},
		refused: refusedTwo((*world).fundTransfer),
		allowed: func(w *world) error { return w.fundTransfer(w.xa) },
		action:  audit.ActionFundEntry,
	}
	operations["fund.ClosePeriod"] = &opCase{
		prepare: (*world).approve,
		refused: refusedTwo((*world).fundClose),
		allowed: func(w *world) error { return w.fundClose(w.xa) },
		action:  audit.ActionFundClose,
	}
	operations["fund.ReopenPeriod"] = &opCase{
		prepare: func(w *world, t *testing.T) {
			w.approve(t)
			if err := w.fundClose(w.xa); err != nil {
				t.Fatal(err)
			}
		},
		refused: map[string]func(w *world) error{
			"the commune itself": func(w *world) error { return w.fundReopen(w.xa) },
			"neighbour":          func(w *world) error { return w.fundReopen(w.neighbourXa) },
			"viewer":             func(w *world) error { return w.fundReopen(w.viewer) },
		},
		allowed: func(w *world) error { return w.fundReopen(w.tinh) },
		action:  audit.ActionFundReopen,
	}
	operations["fund.AddProgramme"] = &opCase{
		refused: refusedTwo((*world).fundProgramme),
		allowed: func(w *world) error { return w.fundProgramme(w.xa) },
		action:  audit.ActionFundProgramme,
	}
	operations["fund.Import"] = &opCase{
		refused: refusedTwo((*world).fundImport),
		allowed: func(w *world) error { return w.fundImport(w.xa) },
		action:  audit.ActionImportFund,
	}
	operations["fund.ImportFile"] = &opCase{
		refused: refusedTwo((*world).fundImportFile),
		allowed: func(w *world) error { return w.fundImportFile(w.xa) },
		action:  audit.ActionImportFund,
	}
}

var fundDay = time.Date(2026, 5, 4, 0, 0, 0, 0, time.UTC)

func (w *world) fundReceipt(by auth.Principal) error {
	_, _, err := fund.Record(ctx, w.db, w.tree, by, fund.NewEntry{UnitID: w.commune.ID, Kind: fund.Receipt, Amount: 500_000,
		Day: fundDay, Party: "Ông Trần Văn Minh"}, t0)
	return err
}

func (w *world) fundReverse(by auth.Principal) error {
	_, err := fund.Reverse(ctx, w.db, w.tree, by, fund.Reversing{UnitID: w.commune.ID, Number: "PT-2026-0001", Reason: "ghi nhầm"}, t0)
	return err
}

func (w *world) fundTransfer(by auth.Principal) error {
	_, _, err := fund.Transfer(ctx, w.db, w.tree, by, fund.NewTransfer{FromID: w.commune.ID, ToID: w.hanoi.ID, Amount: 100_000, Day: fundDay}, t0)
	return err
}

func (w *world) fundClose(by auth.Principal) error {
	return fund.ClosePeriod(ctx, w.db, w.tree, by, w.commune.ID, h1, t0)
}

func (w *world) fundReopen(by auth.Principal) error {
	return fund.ReopenPeriod(ctx, w.db, w.tree, by, w.commune.ID, h1, "bổ sung chứng từ", t0)
}

// fundFile is a fund file of two rows of the commune.
func (w *world) fundFile() string {
	return "Đơn vị,Loại,Ngày,Số tiền,Người nộp/nhận,Mã chống trùng\n" +
		"commune:" + w.commune.Code + ",thu,04/05/2026,1.000.000,Ông Trần Văn Minh,r1\n" +
		"commune:" + w.commune.Code + ",chi,04/05/2026,200000,Em Lê Thị Hoa,r2\n"
}

func (w *world) fundImport(by auth.Principal) error {
	_, err := fund.Import(ctx, w.db, w.tree, by, strings.NewReader(w.fundFile()), "quy.csv", "x", t0)
	return err
}

func (w *world) fundImportFile(by auth.Principal) error {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("quy-%d.csv", time.Now().UnixNano()))
	if err := os.WriteFile(path, []byte(w.fundFile()), 0o600); err != nil {
		return err
	}
	defer os.Remove(path)
	_, err := fund.ImportFile(ctx, w.db, w.tree, by, path, t0)
	return err
}

func (w *world) fundProgramme(by auth.Principal) error {
	_, err := fund.AddProgramme(ctx, w.db, w.tree, by, fund.NewProgramme{UnitID: w.commune.ID, Code: "HB2026", Name: "Học bổng vượt khó", Year: 2026, Budget: 1_000_000}, t0)
	return err
}
