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
	"github.com/khuyenhoc/khuyenhoc/internal/indicator"
	"github.com/khuyenhoc/khuyenhoc/internal/period"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
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
	query := `SELECT v.period, v.indicator, v.value, COALESCE(i.imported_at, ''), v.import_id
		FROM aggregate_values v LEFT JOIN imports i ON i.id = v.import_id WHERE v.unit_id = ?`
	args := []any{u.ID}
	if havePeriod {
		query += " AND v.period = ?"
		args = append(args, p.String())
	}
	rows, err := s.db.Query(r.Context(), query+" ORDER BY v.period, v.indicator", args...)
	if err != nil {
		return fmt.Errorf("api aggregates: %w", err)
	}
	defer rows.Close()
	vals := []apiStoredValue{}
	for rows.Next() {
		var v apiStoredValue
		if err := rows.Scan(&v.Period, &v.Indicator, &v.Value, &v.UpdatedAt, &v.ImportID); err != nil {
			return fmt.Errorf("api aggregates: %w", err)
		}
		vals = append(vals, v)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("api aggregates: %w", err)
	}
	var per *string
	if havePeriod {
		ps := p.String()
		per = &ps
	}
	writeJSON(w, http.StatusOK, map[string]any{"unit": apiUnitOf(rq.tree, u), "period": per, "values": vals})
	return nil
}

// apiCell is one cell of a posted row. Scripts may send a code or a value
// as a JSON string or a number; either way the importer reads the text, so
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

// apiAggregatesPost writes aggregate values with the rules of a file import
// (aggregate.Import: every row checked, all or nothing, history kept, one
// audit entry for the call). The
// caller must be allowed to write every row's unit, resolved at the end of
// the row's period; one row outside their scope refuses the whole request,
// before anything is checked further or written.
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
			Code: string(b.Code), Indicator: string(b.Indicator), Value: string(b.Value)}
	}
	vals, refused, err := s.rowsRefused(rq, rows, apiSource)
	if err != nil {
		s.apiImportError(w, r, err)
		return nil
	}
	if len(refused) > 0 {
		s.apiRowsError(w, r, apperr.New(apperr.Forbidden, vi.ErrAPIRowsForbidden, len(refused)), refused)
		return nil
	}
	res, err := aggregate.ImportChecked(r.Context(), s.db, rq.tree, rows, vals, aggregate.Options{
		Source: apiSource, Actor: rq.user.Email, By: rq.actor(), DryRun: body.DryRun, Now: s.now(),
	})
	if err != nil {
		if _, ok := errors.AsType[*apperr.List](err); ok {
			s.apiImportError(w, r, err)
			return nil
		}
		return err
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"rows": res.Rows, "inserted": res.Inserted, "updated": res.Updated, "unchanged": res.Unchanged,
		"dry_run": body.DryRun,
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

// rowsRefused lists the rows of a file or a posted body (named file in
// messages) whose unit the caller may not write, as the caller's tree
// resolves them (apiRowsOutsideScope). When it finds none, it runs the
// importer's checks (aggregate.Validate), whose refusal it returns as err,
// and checks the units those resolved too, so that the scope rule holds
// whatever the two resolutions. The checked values it returns go to
// aggregate.ImportChecked, so that the rows are not checked a second time.
func (s *Server) rowsRefused(rq *request, rows []aggregate.Row, file string) ([]aggregate.Value, []apiRowError, error) {
	if refused := s.apiRowsOutsideScope(rq, rows); len(refused) > 0 {
		return nil, refused, nil
	}
	vals, err := aggregate.Validate(rq.tree, indicator.Default, rows, file)
	if err != nil {
		return nil, nil, err
	}
	for _, v := range vals {
		if u := rq.tree.Get(v.UnitID); u == nil || rq.check(u, write) != nil {
			row := rows[indexOfLine(rows, v.Line)]
			return nil, []apiRowError{{Row: v.Line, Column: "code", Message: fmt.Sprintf(vi.ErrAPIRowForbidden, row.Level+":"+row.Code)}}, nil
		}
	}
	return vals, nil, nil
}

// apiRowsOutsideScope lists the rows whose unit the caller may not write.
// A row whose unit does not resolve is left to the importer's checks,
// which name it with the same message whoever asks.
func (s *Server) apiRowsOutsideScope(rq *request, rows []aggregate.Row) []apiRowError {
	var out []apiRowError
	periods := map[string]period.Period{}
	for _, row := range rows {
		p, ok := periods[row.Period]
		if !ok {
			var err error
			if p, err = period.Parse(row.Period); err != nil {
				continue
			}
			periods[row.Period] = p
		}
		level, err := units.ParseLevel(row.Level)
		if err != nil || level == units.Cluster || (level != units.Nation && row.Code == "") {
			continue
		}
		u, err := rq.tree.Resolve(level, units.PadCode(level, row.Code), p.End())
		if err != nil {
			continue
		}
		if rq.check(u, write) != nil {
			ref := u.Ref()
			if level != units.Nation {
				ref = row.Level + ":" + row.Code
			}
			out = append(out, apiRowError{Row: row.Line, Column: "code", Message: fmt.Sprintf(vi.ErrAPIRowForbidden, ref)})
		}
	}
	return out
}

// apiImportError answers the importer's refusal: with an *apperr.List of
// bad rows, the list's title as the message and each fault as a row,
// column and message; otherwise the error as usual.
func (s *Server) apiImportError(w http.ResponseWriter, r *http.Request, err error) {
	list, ok := errors.AsType[*apperr.List](err)
	if !ok {
		s.apiError(w, r, err)
		return
	}
	var rows []apiRowError
	for _, it := range list.Items {
		rows = append(rows, apiRowErrorOf(it))
	}
	s.apiRowsError(w, r, apperr.New(list.Code, "%s", list.Title), rows)
}

// apiRowsError answers err with the faults of single rows.
func (s *Server) apiRowsError(w http.ResponseWriter, r *http.Request, err error, rows []apiRowError) {
	writeJSON(w, status(err), map[string]any{"error": map[string]any{
		"code": string(apperr.CodeOf(err)), "message": s.message(r, err), "rows": rows,
	}})
}

// apiRowErrorOf splits a located fault of the importer ("tệp api, dòng 3,
// cột value: …", built from vi.WhereFileRowCol) into row, column and
// message. A fault it cannot read keeps its whole text as the message.
func apiRowErrorOf(err error) apiRowError {
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
	head := fmt.Sprintf(format[:i], apiSource)
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
