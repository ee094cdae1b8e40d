// Package reporttext keeps the parts of a report that are not figures: the
// sections the association's officers write (report.TextKeys: công tác
// tham mưu, tuyên truyền, … đánh giá chung, phương hướng, kiến nghị), the
// sentence of their own an officer adds after a figure, and the letterhead
// of the document (number, place, recipients, signer). They are kept per
// unit (the nation is a unit) or emulation cluster, and per document
// period: a year (the year-end report) or the first half of one (the
// half-year report); no association writes a report of the second half,
// which the year-end report covers.
//
// It is an area in the sense of docs/contracts.md: every exported function
// that writes takes the acting auth.Principal and checks its scope (a
// writer of the unit; for a cluster, a writer of the nation or of one of
// its provinces), and writes the change, its history and its audit entry
// in one transaction. Reads check that the principal reads the scope.
//
// Nothing is overwritten unseen. A save names, for each text, the version
// the person saw (0 for none); if someone saved that text since, the whole
// save is refused (apperr.Conflict) and nothing is written. Every save
// writes a history row, so every text ever saved is kept.
//
// A section without a text for the period is offered the text of the same
// section of the previous report (the year-end report before a half-year
// report, the half-year report before a year-end one), marked as such and
// never saved unless the person saves it. A document takes only what was
// saved for its period (DocOptions); the letterhead alone carries forward,
// since the signer and the recipients rarely change from one report to the
// next, but its number is the document's own.
package reporttext
