package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/aggregate"
	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/entry"
	"github.com/khuyenhoc/khuyenhoc/internal/figures"
	"github.com/khuyenhoc/khuyenhoc/internal/number"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// apiStoredValue is one value stored at a unit (imported, or entered and
// approved, which goes through the same writer).
type apiStoredValue struct {
	Period    string  `json:"period"`
	Indicator string  `json:"indicator"`
	Value     float64 `json:"value"`
	UpdatedAt string  `json:"updated_at"`
	ImportID  *int64  `json:"import_id"`
	Basis     string  `json:"basis"` // total or own (docs/contracts.md, Own figures and all levels)
}

// apiAggregates answers the values stored at one unit: for one period when
// "period" is given (the unit resolved at the period's end, as the import
// resolves it), else for every period (the unit resolved on day "at").
// Roll-ups are not stored values; reports compute them.
func (s *Server) apiAggregates(w http.ResponseWriter, r *http.Request, rq *request) error {
	ref, err := apiRequired(r, "unit")
	if err != nil {
		return err
	}
	p, havePeriod, err := apiPeriod(r, "period", false)
	if err != nil {
		return err
	}
	at, err := s.apiDay(r)
	if err != nil {
		return err
	}
	if havePeriod {
		at = p.End()
	}
	u, err := rq.unit(ref, at, read)
	if err != nil {
		return err
	}
	per := ""
	if havePeriod {
		per = p.String()
	}
	stored, err := aggregate.StoredAt(r.Context(), s.db, rq.principal(), u, per)
	if err != nil {
		return err
	}
	vals := make([]apiStoredValue, len(stored))
	for i, v := range stored {
		vals[i] = apiStoredValue{Period: v.Period, Indicator: v.Indicator, Value: v.Value, UpdatedAt: v.UpdatedAt, ImportID: v.ImportID, Basis: v.Basis}
	}
	var perJSON *string
	if havePeriod {
		perJSON = &per
	}
	writeJSON(w, http.StatusOK, map[string]any{"unit": apiUnitOf(rq.tree, u), "period": perJSON, "values": vals})
	return nil
}

// apiCell is one cell of a posted row. Scripts may send a code or a value
// as a JSON string (as people write it, 1.234.567 or 20,74, or plain) or
// a number; either way the importer reads the text, so
// that the rules and messages are those of a file. Anything else (true, an
// object) is kept as written and refused by the importer's checks.
type apiCell string

// UnmarshalJSON implements json.Unmarshaler.
func (c *apiCell) UnmarshalJSON(b []byte) error {
	switch {
	case bytes.Equal(b, []byte("null")):
		*c = ""
	case len(b) > 0 && b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*c = apiCell(strings.TrimSpace(s))
	case bytes.ContainsAny(b, ".eE"):
		// A JSON number with a fraction is a number, not a writing: 1.234
		// is one and a bit, which the importer (reading 1.234 as people
		// write a thousand and more) reads in its Vietnamese writing 1,234.
		if v, err := strconv.ParseFloat(string(b), 64); err == nil {
			*c = apiCell(number.Format(v, false))
			return nil
		}
		*c = apiCell(b)
	default:
		*c = apiCell(b)
	}
	return nil
}

// apiAggregateRow is one posted row, with the columns of an aggregate
// values file.
type apiAggregateRow struct {
	Period    apiCell `json:"period"`
	Level     apiCell `json:"level"`
	Code      apiCell `json:"code"`
	Indicator apiCell `json:"indicator"`
	Value     apiCell `json:"value"`
	Basis     apiCell `json:"basis"` // optional: total (default) or own
}

// apiAggregatesBody is the body of POST /api/v1/aggregates.
type apiAggregatesBody struct {
	Rows   []apiAggregateRow `json:"rows"`
	DryRun bool              `json:"dry_run"`
}

// apiRowError is one fault of a posted row; Row counts from 1 in the order
// of "rows".
type apiRowError struct {
	Row     int    `json:"row,omitempty"`
	Column  string `json:"column,omitempty"`
	Message string `json:"message"`
}

// apiMaxBody bounds the body of a write: a whole country's communes with
// every indicator for a period fit in it.
const apiMaxBody = 32 << 20

// apiSource names posted rows in imports.source and in messages.
const apiSource = "api"

// apiDraft is a data-entry form that a POST filled instead of the official
// figures: the caller is the unit's own officer (figures.Write).
type apiDraft struct {
	Unit      apiUnit `json:"unit"`
	Period    string  `json:"period"`
	Rows      int     `json:"rows"`
	Inserted  int     `json:"inserted"`
	Updated   int     `json:"updated"`
	Unchanged int     `json:"unchanged"`
	Form      string  `json:"form"`
	Message   string  `json:"message"`
	// Warnings are the plausibility checks' warnings on the draft as it
	// now stands (none for a dry run), to explain before submitting.
	Warnings []apiWarning `json:"warnings"`
}

// apiAggregatesPost writes aggregate values through figures.Write, which
// applies the approval rule: rows of units strictly inside the caller's
// scope change the official figures (the importer's rules: every row
// checked, all or nothing, history kept, one audit entry); rows of the
// caller's own unit fill that unit's data-entry form as a draft, listed in
// "drafts" with a link to the form, to be submitted for approval. One row
// outside the caller's scope refuses the whole request.
func (s *Server) apiAggregatesPost(w http.ResponseWriter, r *http.Request, rq *request) error {
	var body apiAggregatesBody
	if err := apiDecode(w, r, &body); err != nil {
		return err
	}
	if len(body.Rows) == 0 {
		return apperr.New(apperr.Invalid, vi.ErrAPINoRows)
	}
	rows := make([]aggregate.Row, len(body.Rows))
	for i, b := range body.Rows {
		rows[i] = aggregate.Row{Line: i + 1, Period: string(b.Period), Level: string(b.Level),
			Code: string(b.Code), Indicator: string(b.Indicator), Value: string(b.Value), Basis: string(b.Basis)}
	}
	res, err := figures.Write(r.Context(), s.db, rq.tree, rq.principal(), rows, figures.Options{
		Source: apiSource, DryRun: body.DryRun, Now: s.now(),
	})
	s.countImport("aggregates", res.Rows, body.DryRun, err)
	if list, ok := errors.AsType[*apperr.List](err); ok {
		s.apiRowsError(w, r, list)
		return nil
	}
	if err != nil {
		return err
	}
	drafts := []apiDraft{}
	for _, d := range res.Drafts {
		ad := apiDraft{Unit: apiUnitOf(rq.tree, d.Unit), Period: d.Period.String(), Rows: d.Rows,
			Inserted: d.Inserted, Updated: d.Updated, Unchanged: d.Unchanged,
			Form: entryHref(d.Unit, d.Period), Message: d.Message(rq.tree, body.DryRun), Warnings: []apiWarning{}}
		if !body.DryRun {
			f, err := entry.Load(r.Context(), s.db, rq.tree, d.Unit.ID, d.Period)
			if err != nil {
				return err
			}
			nameOf, err := s.namesOf(r.Context(), f)
			if err != nil {
				return err
			}
			ad.Warnings = apiWarningsOf(f, nameOf)
		}
		drafts = append(drafts, ad)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"rows": res.Rows, "inserted": res.Inserted, "updated": res.Updated, "unchanged": res.Unchanged,
		"drafts": drafts, "dry_run": body.DryRun,
	})
	return nil
}

// apiDecode reads a JSON body into v, refusing unknown fields, a body too
// large and trailing data, with messages for people.
func apiDecode(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, apiMaxBody))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.Decode(&struct{}{}) != io.EOF {
		err = errors.New("trailing data")
	}
	if err == nil {
		return nil
	}
	var tooLarge *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooLarge):
		return apperr.New(apperr.Invalid, vi.ErrAPIBodyTooLarge, apiMaxBody>>20)
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return apperr.New(apperr.Invalid, vi.ErrAPIBodyField, typeErr.Field)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return apperr.New(apperr.Invalid, vi.ErrAPIBodyUnknownField, strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`))
	}
	return apperr.New(apperr.Invalid, vi.ErrAPIBodyJSON)
}

// apiRowsError answers the importer's refusal of single rows: the list's
// title as the message and each fault as a row, column and message.
func (s *Server) apiRowsError(w http.ResponseWriter, r *http.Request, list *apperr.List) {
	var rows []apiRowError
	bad := map[int]bool{}
	for _, it := range list.Items {
		row := apiRowErrorOf(it)
		rows = append(rows, row)
		bad[row.Row] = true
	}
	// The title names the rows as a file's ("tệp api: …"); it is said anew
	// in the words of the API.
	err := apperr.New(list.Code, vi.ErrAPIRowsBad, len(bad))
	writeJSON(w, status(err), map[string]any{"error": map[string]any{
		"code": string(list.Code), "message": s.message(r, err), "rows": rows,
	}})
}

// apiRowErrorOf splits a fault of posted rows (rowFaultOf, the rows
// named "api").
func apiRowErrorOf(err error) apiRowError { return rowFaultOf(apiSource, err) }

// rowFaultOf splits a located fault of an importer reading the file named
// source ("tệp a.csv, dòng 3, cột Ngày sinh: …", built from
// vi.WhereFileRowCol) into row, column and message. A fault it cannot read
// keeps its whole text as the message.
func rowFaultOf(source string, err error) apiRowError {
	e, ok := errors.AsType[*apperr.Error](err)
	if !ok || apperr.CodeOf(err) == apperr.Internal {
		return apiRowError{Message: vi.ErrInternal}
	}
	msg := e.Message
	if msg == "" && e.Err != nil {
		msg = e.Err.Error()
	}
	format := vi.WhereFileRowCol
	i := strings.Index(format, "%d")
	j := strings.LastIndex(format, "%s")
	if i < 0 || j < i {
		return apiRowError{Message: err.Error()}
	}
	head := fmt.Sprintf(format[:i], source)
	colHead := format[i+2 : j]
	rest, ok := strings.CutPrefix(e.Where, head)
	if !ok {
		return apiRowError{Message: err.Error()}
	}
	n := 0
	for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	line, convErr := strconv.Atoi(rest[:n])
	if convErr != nil {
		return apiRowError{Message: err.Error()}
	}
	out := apiRowError{Row: line, Message: msg}
	if col, ok := strings.CutPrefix(rest[n:], colHead); ok {
		col, more, _ := strings.Cut(col, ", ")
		out.Column = col
		if more != "" {
			out.Message = more + ": " + msg
		}
	}
	return out
}
