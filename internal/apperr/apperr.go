// Package apperr is the one error type of khuyenhoc. Every area returns
// errors built here, so that the edges (command line, HTTP) map them once to
// an exit status or HTTP status and a Vietnamese message for people, and only
// internal errors need logging.
package apperr

import (
	"errors"
	"fmt"
)

// Code classifies an error by what the caller can do about it.
type Code string

// The error codes. They follow the classic set of benbjohnson/wtf.
const (
	Invalid  Code = "invalid"  // bad input from a person or a file
	NotFound Code = "notfound" // the thing named does not exist (for that date)
	Conflict Code = "conflict" // the request contradicts the stored state
	Usage    Code = "usage"    // the command line itself is malformed
	Internal Code = "internal" // a bug or a failing dependency

	Unauthorized Code = "unauthorized" // not signed in, or the session or token is no longer valid
	Forbidden    Code = "forbidden"    // signed in, but the unit or action is outside the user's rights
	TooMany      Code = "toomany"      // too many attempts; wait and try again
	Busy         Code = "busy"         // another writer holds the database; try again when it is done
)

// Error is an error with a code and a message meant for people (in
// Vietnamese). Where names the place of the fault (a file, row and column),
// Err keeps a wrapped cause for logs.
type Error struct {
	Code    Code
	Where   string
	Message string
	Err     error
}

// Error renders "where: message", the one-line form the contracts ask for.
func (e *Error) Error() string {
	msg := e.Message
	if msg == "" && e.Err != nil {
		msg = e.Err.Error()
	}
	if e.Where != "" {
		return e.Where + ": " + msg
	}
	return msg
}

// Unwrap exposes the cause for errors.Is and errors.As.
func (e *Error) Unwrap() error { return e.Err }

// New builds an error with a code and a formatted Vietnamese message.
func New(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// At returns a copy of err located at where ("tệp a.csv, dòng 3, cột value").
// Errors that are not *Error are classified Internal.
func At(where string, err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		c := *e
		if c.Where != "" {
			c.Where = where + ", " + c.Where
		} else {
			c.Where = where
		}
		return &c
	}
	return &Error{Code: Internal, Where: where, Err: err}
}

// CodeOf reports the code of err: Internal for errors not built here, "" for nil.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// ExitCode maps an error to the process exit status of the contract: 0 on
// success, 2 on a usage error, 3 when the database was busy with another
// writer (the same command may succeed later, so scripts can retry), 1 on
// any other error.
func ExitCode(err error) int {
	switch CodeOf(err) {
	case "":
		return 0
	case Usage:
		return 2
	case Busy:
		return 3
	default:
		return 1
	}
}
