package auth

import (
	"strings"
	"unicode/utf8"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The fields of NewUser as CheckNewUser names them: the names of the
// fields of the web form that creates a user.
const (
	FieldEmail    = "email"
	FieldName     = "name"
	FieldRole     = "role"
	FieldPassword = "password"
)

// CheckNewUser applies CreateUser's rules for the e-mail, name, role and
// password of nu, without the database, and returns every fault by field,
// so that a form can show each one beside its field; nil when all are
// fine. The scope unit and a duplicate e-mail are CreateUser's to check,
// since they need the database.
func CheckNewUser(nu NewUser) map[string]error {
	faults := map[string]error{}
	if err := checkEmail(NormalizeEmail(nu.Email)); err != nil {
		faults[FieldEmail] = err
	}
	switch name := strings.TrimSpace(nu.Name); {
	case name == "":
		faults[FieldName] = apperr.New(apperr.Invalid, vi.ErrAuthNoName)
	case utf8.RuneCountInString(name) > maxName:
		faults[FieldName] = apperr.New(apperr.Invalid, vi.ErrAuthNameTooLong, maxName)
	}
	if _, err := ParseRole(string(nu.Role)); err != nil {
		faults[FieldRole] = err
	}
	if err := CheckPasswordRules(nu.Password); err != nil {
		faults[FieldPassword] = err
	}
	if len(faults) == 0 {
		return nil
	}
	return faults
}

// CheckPasswordRules applies the length rules of a new password, so that a
// form can refuse a password before anything else is attempted.
func CheckPasswordRules(password string) error { return checkPassword(password) }
