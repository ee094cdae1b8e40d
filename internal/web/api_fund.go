package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/fund"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The fund's API (issue 12): receipts and payments recorded by programs
// (a bank's statement, a collection app), and reversals. The rules are
// fund.Record's and fund.Reverse's, as on the pages and the command line.

// apiFundEntryBody is a receipt or a payment: the amount in whole đồng,
// the day as dd/mm/yyyy or yyyy-mm-dd (empty: today), and the key that
// makes a second send of the same entry record nothing.
type apiFundEntryBody struct {
	Kind      string `json:"kind"`
	Amount    int64  `json:"amount"`
	Day       string `json:"day"`
	Party     string `json:"party"`
	PartyKind string `json:"party_kind"`
	Contact   string `json:"contact"`
	Means     string `json:"means"`
	Items     string `json:"items"`
	Purpose   string `json:"purpose"`
	Programme string `json:"programme"`
	Note      string `json:"note"`
	Key       string `json:"key"`
	Overdraft string `json:"overdraft"`
}

// apiFundEntry is an entry as the API answers it.
type apiFundEntry struct {
	Number    string `json:"number"`
	Day       string `json:"day"`
	Kind      string `json:"kind"`
	Direction int    `json:"direction"`
	Amount    int64  `json:"amount"`
	Party     string `json:"party"`
	Means     string `json:"means,omitempty"`
	Programme string `json:"programme,omitempty"`
	Reverses  string `json:"reverses,omitempty"`
	Key       string `json:"key,omitempty"`
	// Existing says the key had been recorded before: nothing was written.
	Existing bool `json:"existing"`
}

func apiFundEntryOf(e fund.Entry, existing bool) apiFundEntry {
	return apiFundEntry{Number: e.Number, Day: e.Day.Format(time.DateOnly), Kind: string(e.Kind), Direction: e.Direction,
		Amount: e.Amount, Party: e.Party, Means: string(e.Means), Programme: e.Programme, Reverses: e.ReversesNumber,
		Key: e.Key, Existing: existing}
}

// apiFundEntryCreate records a receipt or a payment of the unit of the
// path (fund.Record).
func (s *Server) apiFundEntryCreate(w http.ResponseWriter, r *http.Request, rq *request) error {
	u, err := rq.unit(r.PathValue("ref"), s.now(), auth.NeedWrite)
	if err != nil {
		return err
	}
	var b apiFundEntryBody
	if err := apiDecode(w, r, &b); err != nil {
		return err
	}
	kind := fund.Kind(strings.TrimSpace(b.Kind))
	if kind != fund.Receipt && kind != fund.Payment {
		return apperr.At("kind", apperr.New(apperr.Invalid, vi.ErrFundAPIKind, b.Kind))
	}
	day, err := fundDay(b.Day)
	if err != nil {
		return apperr.At("day", err)
	}
	n := fund.NewEntry{UnitID: u.ID, Kind: kind, Amount: b.Amount, Day: day, Party: b.Party, PartyKind: b.PartyKind,
		Contact: b.Contact, Means: fund.Means(b.Means), Items: b.Items, Purpose: b.Purpose, Programme: b.Programme,
		Note: b.Note, Key: b.Key, Overdraft: b.Overdraft}
	e, existing, err := fund.Record(r.Context(), s.db, rq.tree, rq.principal(), n, s.now())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiFundEntryOf(e, existing))
	return nil
}

// apiFundReverseBody says why an entry is reversed, and when.
type apiFundReverseBody struct {
	Reason    string `json:"reason"`
	Day       string `json:"day"`
	Overdraft string `json:"overdraft"`
}

// apiFundReverse records the reversal of the entry of the path
// (fund.Reverse): the entry stays, a reversing entry cancels it.
func (s *Server) apiFundReverse(w http.ResponseWriter, r *http.Request, rq *request) error {
	u, err := rq.unit(r.PathValue("ref"), s.now(), auth.NeedWrite)
	if err != nil {
		return err
	}
	var b apiFundReverseBody
	if err := apiDecode(w, r, &b); err != nil {
		return err
	}
	day, err := fundDay(b.Day)
	if err != nil {
		return apperr.At("day", err)
	}
	e, err := fund.Reverse(r.Context(), s.db, rq.tree, rq.principal(),
		fund.Reversing{UnitID: u.ID, Number: r.PathValue("number"), Reason: b.Reason, Day: day, Overdraft: b.Overdraft}, s.now())
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, apiFundEntryOf(e, false))
	return nil
}
