// Package fund is the study-promotion fund (quỹ khuyến học) of every
// association unit: a ledger of receipts (cash, bank transfers, gifts in
// kind and works at their declared value), payments (scholarships, prizes,
// support), transfers between units (paired entries) and reversing entries,
// from which the balance at any day and the figures fund.raised,
// fund.spent and fund.balance of every report are counted.
//
// It is an area in the sense of docs/contracts.md: every exported function
// that writes takes the acting auth.Principal, checks its scope against the
// unit of the ledger, writes the entry and its audit entry in one
// transaction, and hands the figures' changes to rollup.ApplyRecords in the
// same transaction, last.
//
// The rules that make the ledger trustworthy:
//
//   - Entries are never edited or deleted. A correction is a reversing
//     entry, with a reason, that cancels the whole entry it names; a
//     reversing entry cannot itself be reversed, and an entry is reversed at
//     most once (a unique key in the table).
//   - Numbers run per unit, series and year (PT phiếu thu, PC phiếu chi, DC
//     bút toán đảo) without gaps or duplicates: the number is taken from
//     fund_counters in the entry's transaction, so a rolled-back entry gives
//     its number back and two writers never share one.
//   - Writes to a unit's ledger take the unit's fund lock first (lock space
//     "fund", before the figures locks that ApplyRecords takes), so the
//     balance a payment is checked against, the idempotency key's lookup and
//     the number are read under the lock and stay true until commit. On
//     SQLite the database's one write lock does that.
//   - The balance at a day is the sum of the entries up to that day. A
//     payment (or a reversal of a receipt) that would take the balance below
//     zero on its day or any later day is refused unless a user who may
//     allow it (an admin of the unit, or an officer above it) records it as
//     an overdraft with a reason.
//   - A request that carries an idempotency key records nothing the second
//     time and returns the entry the first one recorded.
//   - An entry dated in a period the unit closed is refused, naming the
//     period and who closed it.
//
// Figures: a receipt adds to fund.raised and fund.balance, a payment to
// fund.spent and takes from fund.balance; a transfer between units moves
// only the balances (the money was raised once); a reversal takes back what
// its entry added, on the reversal's own day.
package fund
