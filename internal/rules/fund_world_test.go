package rules

import (
	"fmt"
	"io"
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
		"fund.Record":            operation,
		"fund.Reverse":           operation,
		"fund.Transfer":          operation,
		"fund.ClosePeriod":       operation,
		"fund.ReopenPeriod":      operation,
		"fund.Import":            operation,
		"fund.AddProgramme":      operation,
		"fund.ImportFile":        operation,
		"fund.AddAward":          operation,
		"fund.ApproveAwards":     operation,
		"fund.PayAward":          operation,
		"fund.ReadRecipients":    operation, // with full, writes only its audit entry
		"fund.ExportRecipients":  operation, // writes only its audit entry
		"fund.Programmes":        read,      // checks that the principal reads the unit
		"fund.ProgrammesAbove":   read,      // checks that the principal reads the unit, and ReadsList for each above
		"fund.RecordCount":       operation,
		"fund.ReadBook":          read, // checks that the principal reads the unit
		"fund.Balance":           read, // checks that the principal reads the unit
		"fund.Entries":           read, // checks that the principal reads the unit
		"fund.EntryByNumber":     read, // checks that the principal reads the unit
		"fund.NameRecorder":      read, // a user's name for an entry already read (auth.NamesOf)
		"fund.AwardsByProgramme": read, // checks that the principal reads the unit
		"fund.ProgrammeAwardsIn": read, // the report's, whose page checks that the user reads the scope
		"fund.OwnFigures":        read, // the report's, as ProgrammeAwardsIn
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
	operations["fund.AddAward"] = &opCase{
		prepare: func(w *world, t *testing.T) {
			if err := w.fundProgramme(w.xa); err != nil {
				t.Fatal(err)
			}
		},
		refused: refusedTwo((*world).fundAward),
		allowed: func(w *world) error { return w.fundAward(w.xa) },
		action:  audit.ActionFundAward,
	}
	operations["fund.ApproveAwards"] = &opCase{
		prepare: func(w *world, t *testing.T) {
			if err := w.fundProgramme(w.xa); err != nil {
				t.Fatal(err)
			}
			if err := w.fundAward(w.xa); err != nil {
				t.Fatal(err)
			}
		},
		refused: refusedTwo((*world).fundApprove),
		allowed: func(w *world) error { return w.fundApprove(w.xa) },
		action:  audit.ActionFundApprove,
	}
	operations["fund.PayAward"] = &opCase{
		prepare: func(w *world, t *testing.T) {
			for _, step := range []func(auth.Principal) error{w.fundReceipt, w.fundProgramme, w.fundAward, w.fundApprove} {
				if err := step(w.xa); err != nil {
					t.Fatal(err)
				}
			}
		},
		refused: refusedTwo((*world).fundPay),
		allowed: func(w *world) error { return w.fundPay(w.xa) },
		action:  audit.ActionFundEntry,
	}
	operations["fund.ReadRecipients"] = &opCase{
		prepare: func(w *world, t *testing.T) {
			if err := w.fundProgramme(w.xa); err != nil {
				t.Fatal(err)
			}
		},
		refused: refusedTwo((*world).fundRecipients),
		allowed: func(w *world) error { return w.fundRecipients(w.xa) },
		action:  audit.ActionFundRecipients,
	}
	operations["fund.ExportRecipients"] = &opCase{
		prepare: func(w *world, t *testing.T) {
			if err := w.fundProgramme(w.xa); err != nil {
				t.Fatal(err)
			}
		},
		// A viewer reads the unit and may export the masked list.
		refused: map[string]func(w *world) error{
			"neighbour":      func(w *world) error { return w.fundExportRecipients(w.neighbourXa) },
			"other province": func(w *world) error { return w.fundExportRecipients(w.admin79) },
		},
		allowed: func(w *world) error { return w.fundExportRecipients(w.xa) },
		action:  audit.ActionFundRecipients,
	}
	operations["fund.RecordCount"] = &opCase{
		refused: refusedTwo((*world).fundCount),
		allowed: func(w *world) error { return w.fundCount(w.xa) },
		action:  audit.ActionFundCount,
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

func (w *world) programmeRef() fund.ProgrammeRef {
	return fund.ProgrammeRef{UnitID: w.commune.ID, Code: "HB2026", Year: 2026}
}

func (w *world) fundAward(by auth.Principal) error {
	_, err := fund.AddAward(ctx, w.db, w.tree, by, fund.NewAward{Programme: w.programmeRef(), Beneficiary: "pupil_hardship",
		FullName: "Lê Thị Hoa", BirthDate: "12/03/2013", School: "Trường THCS Nguyễn Trãi", Amount: 300_000}, t0)
	return err
}

func (w *world) fundApprove(by auth.Principal) error {
	_, err := fund.ApproveAwards(ctx, w.db, w.tree, by, w.programmeRef(), nil, t0)
	return err
}

func (w *world) fundPay(by auth.Principal) error {
	var id int64
	if err := w.db.QueryRow(ctx, "SELECT MIN(id) FROM fund_awards").Scan(&id); err != nil {
		return err
	}
	_, err := fund.PayAward(ctx, w.db, w.tree, by, fund.Paying{AwardID: id, Day: fundDay}, t0)
	return err
}

func (w *world) fundRecipients(by auth.Principal) error {
	_, err := fund.ReadRecipients(ctx, w.db, w.tree, by, w.programmeRef(), true, t0)
	return err
}

func (w *world) fundExportRecipients(by auth.Principal) error {
	return fund.ExportRecipients(ctx, w.db, w.tree, by, w.programmeRef(), false, io.Discard, t0)
}

func (w *world) fundCount(by auth.Principal) error {
	_, err := fund.RecordCount(ctx, w.db, w.tree, by, fund.NewCount{UnitID: w.commune.ID, Day: fundDay, Counted: 0}, t0)
	return err
}
