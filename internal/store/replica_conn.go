package store

import (
	"context"
	"database/sql/driver"
	"fmt"
	"io"
	"slices"

	"github.com/jackc/pgx/v5/stdlib"
)

// wholeAnswerRows is how many rows of a replica's answer are read before
// the answer is handed on: all of the answers of pages and reports.
const wholeAnswerRows = 10_000

// replicaConnector opens a replica's connections, each of whose answers is
// read whole (up to wholeAnswerRows rows) before the query returns. A
// replica lost in the middle of an answer (stopped between two rows, or
// between the last row and the end: its rows and its end can come in two
// reads) then fails the query itself, which the primary answers, instead
// of failing a Next or Scan after rows have been handed out. Only a
// longer answer can still fail in its middle.
func replicaConnector(url string) (driver.Connector, error) {
	c, err := stdlib.GetDefaultDriver().(driver.DriverContext).OpenConnector(url)
	if err != nil {
		return nil, err
	}
	return wholeConnector{c}, nil
}

type wholeConnector struct{ driver.Connector }

func (c wholeConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	pc, ok := conn.(pgxDriverConn)
	if !ok {
		conn.Close()
		return nil, fmt.Errorf("the PostgreSQL driver's connection is a %T", conn)
	}
	return wholeConn{pc}, nil
}

// pgxDriverConn is what the PostgreSQL driver's connection offers
// database/sql, all of it passed on by wholeConn.
type pgxDriverConn interface {
	driver.Conn
	driver.ConnPrepareContext
	driver.ConnBeginTx
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.NamedValueChecker
	driver.SessionResetter
}

type wholeConn struct{ pgxDriverConn }

func (c wholeConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	rows, err := c.pgxDriverConn.QueryContext(ctx, q, args)
	if err != nil {
		return nil, err
	}
	w := &wholeRows{rest: rows, cols: rows.Columns()}
	for len(w.read) < wholeAnswerRows {
		row := make([]driver.Value, len(w.cols))
		err := rows.Next(row)
		if err == io.EOF {
			w.rest = nil
			return w, rows.Close() // nil: Next has read the answer's end
		}
		if err != nil {
			rows.Close()
			return nil, err
		}
		for i, v := range row {
			if b, ok := v.([]byte); ok {
				row[i] = slices.Clone(b) // the driver may reuse its buffer
			}
		}
		w.read = append(w.read, row)
	}
	return w, nil
}

// wholeRows hands on an answer's rows read whole, then those of a longer
// answer not yet read (rest).
type wholeRows struct {
	cols []string
	read [][]driver.Value
	rest driver.Rows // nil once the answer is read to its end
}

func (r *wholeRows) Columns() []string { return r.cols }

func (r *wholeRows) Next(dest []driver.Value) error {
	if len(r.read) > 0 {
		copy(dest, r.read[0])
		r.read = r.read[1:]
		return nil
	}
	if r.rest == nil {
		return io.EOF
	}
	return r.rest.Next(dest)
}

func (r *wholeRows) Close() error {
	r.read = nil
	if r.rest == nil {
		return nil
	}
	return r.rest.Close()
}
