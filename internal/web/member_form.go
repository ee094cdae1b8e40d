package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/registry"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// formField is one field of a form as the "field" template draws it: its
// label, the value typed, the fault beside it, and for a choice its
// options. Kind is "text", "date" (typed dd/mm/yyyy), "digits", "tel",
// "select" or "textarea".
type formField struct {
	Form, Name, Label, Value, Error, Hint, Kind string
	Options                                     []option
	Required                                    bool
}

// memberFieldNames are the fields of the add and edit forms, in order;
// the leaving day and reason only appear on the edit form of a member who
// has left (to correct them: a leaving is recorded with "Ra hội").
var memberFieldNames = []string{registry.ColFullName, registry.ColGender, registry.ColBirthDate, registry.ColCCCD,
	registry.ColPhone, registry.ColAddress, registry.ColJoinedOn, registry.ColCardNo, registry.ColConsent}

// memberFormFields draws a member's fields with values and faults (by the
// registry's field names).
func memberFormFields(values map[string]string, faults map[string]string, left bool) []formField {
	names := memberFieldNames
	if left {
		names = append(names[:len(names):len(names)], registry.ColLeftOn, registry.ColLeftReason)
	}
	out := make([]formField, 0, len(names))
	for _, n := range names {
		f := formField{Name: n, Label: vi.MemberColumn(n), Value: values[n], Error: faults[n], Kind: "text", Hint: vi.MemberFieldHint(n)}
		switch n {
		case registry.ColFullName, registry.ColJoinedOn:
			f.Required = true
		}
		switch n {
		case registry.ColGender:
			f.Kind = "select"
			f.Options = []option{{Value: "", Label: vi.UI["member.gender_none"]}}
			for _, g := range []string{"Nam", "Nữ"} {
				f.Options = append(f.Options, option{Value: g, Label: g, Selected: values[n] == g})
			}
		case registry.ColBirthDate, registry.ColJoinedOn, registry.ColLeftOn:
			f.Kind = "date"
		case registry.ColCCCD:
			f.Kind = "digits"
		case registry.ColPhone:
			f.Kind = "tel"
		}
		out = append(out, f)
	}
	return out
}

// postedFields reads a member's fields from a posted form.
func postedFields(r *http.Request) (registry.Fields, map[string]string) {
	v := map[string]string{}
	for _, n := range append(memberFieldNames[:len(memberFieldNames):len(memberFieldNames)], registry.ColLeftOn, registry.ColLeftReason) {
		v[n] = strings.TrimSpace(r.PostFormValue(n))
	}
	return registry.Fields{FullName: v[registry.ColFullName], Gender: v[registry.ColGender], BirthDate: v[registry.ColBirthDate],
		CCCD: v[registry.ColCCCD], Phone: v[registry.ColPhone], Address: v[registry.ColAddress], JoinedOn: v[registry.ColJoinedOn],
		LeftOn: v[registry.ColLeftOn], LeftReason: v[registry.ColLeftReason], CardNo: v[registry.ColCardNo], Consent: v[registry.ColConsent]}, v
}

// memberValues are a member's fields as the forms show them.
func memberValues(m registry.Member) map[string]string {
	v := map[string]string{registry.ColFullName: m.FullName, registry.ColGender: m.Gender, registry.ColBirthDate: m.BirthDate,
		registry.ColCCCD: m.CCCD, registry.ColPhone: m.Phone, registry.ColAddress: m.Address, registry.ColJoinedOn: vi.Date(m.JoinedOn),
		registry.ColCardNo: m.CardNo, registry.ColConsent: m.Consent, registry.ColLeftReason: m.LeftReason}
	if !m.LeftOn.IsZero() {
		v[registry.ColLeftOn] = vi.Date(m.LeftOn)
	}
	return v
}

// fieldFaults turns the registry's faults of a form into messages by
// field; ok is false when err is not such a list.
func fieldFaults(err error) (map[string]string, bool) {
	var fe registry.FieldErrors
	if !errors.As(err, &fe) {
		return nil, false
	}
	out := map[string]string{}
	for k, e := range fe {
		out[k] = e.Error()
	}
	return out, true
}

// inForm names the form the fields belong to, so that their ids are
// unique on a page with several forms.
func inForm(form string, fs []formField) []formField {
	for i := range fs {
		fs[i].Form = form
	}
	return fs
}
