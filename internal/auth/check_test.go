package auth_test

import (
	"strings"
	"testing"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
)

func TestCheckNewUserNamesEveryFaultyField(t *testing.T) {
	faults := auth.CheckNewUser(auth.NewUser{Email: "không-phải-email", Name: "  ", Role: "sếp", Password: "ngắn"})
	for _, f := range []string{auth.FieldEmail, auth.FieldName, auth.FieldRole, auth.FieldPassword} {
		if apperr.CodeOf(faults[f]) != apperr.Invalid {
			t.Errorf("field %s: fault %v, want an Invalid error", f, faults[f])
		}
	}
	faults = auth.CheckNewUser(auth.NewUser{Email: "a@b.vn", Name: strings.Repeat("x", 201), Role: "viewer", Password: strings.Repeat("x", 73)})
	if len(faults) != 2 || faults[auth.FieldName] == nil || faults[auth.FieldPassword] == nil {
		t.Errorf("long name and password: faults %v", faults)
	}
}

func TestCheckNewUserAcceptsWhatCreateUserAccepts(t *testing.T) {
	if faults := auth.CheckNewUser(auth.NewUser{Email: " An@Hoi.VN ", Name: " Nguyễn An ", Role: "Officer", Password: goodPassword}); faults != nil {
		t.Fatalf("faults %v", faults)
	}
	if err := auth.CheckPasswordRules("đủ-tám-kt"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, auth.CheckPasswordRules("1234567"), apperr.Invalid)
}
