package apperr

import "strings"

// List gathers many located errors (every bad row of a file) into one error
// whose first line says how many there are and whose next lines list them.
type List struct {
	Code  Code
	Title string
	Items []error
}

// Error joins the title and every item, one per line.
func (l *List) Error() string {
	var b strings.Builder
	b.WriteString(l.Title)
	for _, it := range l.Items {
		b.WriteString("\n  ")
		b.WriteString(it.Error())
	}
	return b.String()
}

// As lets errors.As (and so CodeOf) see the list as an *Error of its code.
func (l *List) As(target any) bool {
	if t, ok := target.(**Error); ok {
		*t = &Error{Code: l.Code, Message: l.Error()}
		return true
	}
	return false
}
