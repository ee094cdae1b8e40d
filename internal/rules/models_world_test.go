package rules

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/models"
)

// The learning titles' part of the world (package models): a citizen of
// the commune registered, evaluated and verified by the commune's officer.

func init() {
	for name, k := range map[string]kind{
		"models.ListSets":          read,
		"models.GetSet":            read,
		"models.GetRegistration":   read, // checks that the principal reads the commune; masks the CCCD
		"models.LoadSet":           operation,
		"models.Register":          operation,
		"models.Evaluate":          operation,
		"models.Verify":            operation,
		"models.Recognise":         operation,
		"models.Refuse":            operation,
		"models.Revoke":            operation,
		"models.SetBody":           operation,
		"models.SetTarget":         operation,
		"models.Targets":           read, // the targets are public figures of the movement, no personal data
		"models.CurrentSet":        read,
		"models.ListRegistrations": read, // checks that the principal reads the commune; masks CCCDs
		"models.VerifyCode":        read, // public: the certificate's name and title only
		// The public self-assessment page (no sign-in, limited per address):
		// it can only add or replace a citizen's own unverified
		// registration, and records its audit entry; no unit scope applies.
		"models.SelfAssess": signin,
	} {
		functions[name] = k
	}
	outsiders := func(op func(w *world, by auth.Principal) error) map[string]func(w *world) error {
		return map[string]func(w *world) error{
			"neighbour": func(w *world) error { return op(w, w.neighbourXa) },
			"viewer":    func(w *world) error { return op(w, w.viewer) },
		}
	}
	cases := map[string]*opCase{
		"models.LoadSet": {
			refused: map[string]func(w *world) error{
				"province admin":  func(w *world) error { return w.loadSet(w.adminHanoi) },
				"commune officer": func(w *world) error { return w.loadSet(w.xa) },
			},
			allowed: func(w *world) error { return w.loadSet(auth.LocalAdmin("quantri")) },
			action:  models.ActionCriteriaLoad,
		},
		"models.Register": {
			refused: outsiders(func(w *world, by auth.Principal) error { _, err := w.registerCitizen(by); return err }),
			allowed: func(w *world) error { _, err := w.registerCitizen(w.xa); return err },
			action:  models.ActionRegister,
		},
		"models.Evaluate": {
			prepare: (*world).registered,
			refused: outsiders((*world).evaluateCitizen),
			allowed: func(w *world) error { return w.evaluateCitizen(w.xa) },
			action:  models.ActionEvaluate,
		},
		"models.Verify": {
			prepare: (*world).evaluated,
			refused: outsiders(func(w *world, by auth.Principal) error {
				return models.Verify(ctx, w.db, w.tree, by, []int64{w.registrationID()}, t0)
			}),
			allowed: func(w *world) error { return models.Verify(ctx, w.db, w.tree, w.xa, []int64{w.registrationID()}, t0) },
			action:  models.ActionVerify,
		},
		"models.Recognise": {
			prepare: (*world).verified,
			refused: outsiders((*world).recognise),
			allowed: func(w *world) error { return w.recognise(w.xa) },
			action:  models.ActionRecognise,
		},
		"models.Refuse": {
			prepare: (*world).verified,
			refused: outsiders(func(w *world, by auth.Principal) error {
				return models.Refuse(ctx, w.db, w.tree, by, w.registrationID(), "không đạt", t0)
			}),
			allowed: func(w *world) error {
				return models.Refuse(ctx, w.db, w.tree, w.xa, w.registrationID(), "không đạt", t0)
			},
			action: models.ActionRefuse,
		},
		"models.Revoke": {
			prepare: func(w *world, t *testing.T) {
				w.verified(t)
				if err := w.recognise(w.xa); err != nil {
					t.Fatal(err)
				}
			},
			refused: outsiders(func(w *world, by auth.Principal) error {
				return models.Revoke(ctx, w.db, w.tree, by, w.registrationID(), "khai sai", t0)
			}),
			allowed: func(w *world) error {
				return models.Revoke(ctx, w.db, w.tree, w.xa, w.registrationID(), "khai sai", t0)
			},
			action: models.ActionRevoke,
		},
		"models.SetBody": {
			refused: map[string]func(w *world) error{
				"province officer": func(w *world) error { return w.setBody(w.tinh) },
				"other province":   func(w *world) error { return w.setBody(w.admin79) },
			},
			allowed: func(w *world) error { return w.setBody(w.adminHanoi) },
			action:  models.ActionBody,
		},
		"models.SetTarget": {
			refused: map[string]func(w *world) error{
				"province officer": func(w *world) error { return w.setTarget(w.tinh) },
				"other province":   func(w *world) error { return w.setTarget(w.admin79) },
			},
			allowed: func(w *world) error { return w.setTarget(w.adminHanoi) },
			action:  models.ActionTarget,
		},
	}
	for name, c := range cases {
		operations[name] = c
	}
}

func (w *world) loadSet(by auth.Principal) error {
	s := *models.Defaults[0]
	s.Name += " (sửa)"
	_, _, err := models.LoadSet(ctx, w.db, w.tree, by, &s, t0)
	return err
}

func (w *world) registerCitizen(by auth.Principal) (models.Registration, error) {
	return models.Register(ctx, w.db, w.tree, by, models.NewRegistration{Title: models.Citizen, TargetGroup: models.GroupResidents,
		Year: 2026, CommuneID: w.commune.ID, Name: "Nguyễn Thị Hoa"}, t0)
}

// registrationID is the world's registration; 0 before there is one.
func (w *world) registrationID() int64 {
	var id int64
	w.db.QueryRow(ctx, "SELECT id FROM model_registrations ORDER BY id LIMIT 1").Scan(&id)
	return id
}

func (w *world) registered(t *testing.T) {
	t.Helper()
	if _, err := w.registerCitizen(w.xa); err != nil {
		t.Fatal(err)
	}
}

func (w *world) evaluateCitizen(by auth.Principal) error {
	s, err := models.GetSet(ctx, w.db, "citizen-residents-2023")
	if err != nil {
		return err
	}
	var as []models.Answer
	for _, in := range s.Indicators() {
		as = append(as, models.Answer{Code: in.Code, Value: 9, Evidence: "giấy xác nhận"})
	}
	_, err = models.Evaluate(ctx, w.db, w.tree, by, w.registrationID(), "", as, t0)
	return err
}

func (w *world) evaluated(t *testing.T) {
	t.Helper()
	w.registered(t)
	if err := w.evaluateCitizen(w.xa); err != nil {
		t.Fatal(err)
	}
}

func (w *world) verified(t *testing.T) {
	t.Helper()
	w.evaluated(t)
	if err := models.Verify(ctx, w.db, w.tree, w.xa, []int64{w.registrationID()}, t0); err != nil {
		t.Fatal(err)
	}
}

func (w *world) recognise(by auth.Principal) error {
	_, err := models.Recognise(ctx, w.db, w.tree, by, []int64{w.registrationID()},
		models.Decision{Number: "12/QĐ-UBND", Date: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)}, t0)
	return err
}

func (w *world) setTarget(by auth.Principal) error {
	return models.SetTarget(ctx, w.db, w.tree, by, w.hanoi.ID, "models.family.rate", 2030, 85, t0)
}

func (w *world) setBody(by auth.Principal) error {
	return models.SetBody(ctx, w.db, w.tree, by, "community-commune-2023", w.hanoi.ID, models.ByCommune, "Ủy ban nhân dân xã", t0)
}

func init() {
	functions["models.ImportEvaluations"] = operation
	functions["models.ImportEvaluationsFile"] = operation
	for _, name := range []string{"models.ImportEvaluations", "models.ImportEvaluationsFile"} {
		file := name == "models.ImportEvaluationsFile"
		operations[name] = &opCase{
			refused: map[string]func(w *world) error{
				"neighbour": func(w *world) error { return w.importEvaluations(w.neighbourXa, file) },
				"viewer":    func(w *world) error { return w.importEvaluations(w.viewer, file) },
			},
			allowed: func(w *world) error { return w.importEvaluations(w.xa, file) },
			action:  models.ActionImportEvaluations,
		}
	}
}

func (w *world) importEvaluations(by auth.Principal, file bool) error {
	content := "commune,title,target_group,year,name,1.1,1.2,1.3,1.4,2.1,2.2,2.3,3.1,3.2,3.3,evidence\n" +
		w.commune.Code + ",citizen,residents,2026,Nguyễn Thị Hoa,9,9,9,9,9,9,9,9,9,9,giấy xác nhận\n"
	if file {
		path := filepath.Join(os.TempDir(), fmt.Sprintf("danh-gia-%d.csv", time.Now().UnixNano()))
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			return err
		}
		defer os.Remove(path)
		_, err := models.ImportEvaluationsFile(ctx, w.db, w.tree, by, path, false, t0)
		return err
	}
	_, err := models.ImportEvaluations(ctx, w.db, w.tree, by, strings.NewReader(content), "danh-gia.csv", "", false, t0)
	return err
}

func init() {
	functions["models.ImportRegistrations"] = operation
	functions["models.ImportRegistrationsFile"] = operation
	for _, name := range []string{"models.ImportRegistrations", "models.ImportRegistrationsFile"} {
		file := name == "models.ImportRegistrationsFile"
		operations[name] = &opCase{
			refused: map[string]func(w *world) error{
				"neighbour": func(w *world) error { return w.importRegistrations(w.neighbourXa, file) },
				"viewer":    func(w *world) error { return w.importRegistrations(w.viewer, file) },
			},
			allowed: func(w *world) error { return w.importRegistrations(w.xa, file) },
			action:  models.ActionImportRegistrations,
		}
	}
}

func (w *world) importRegistrations(by auth.Principal, file bool) error {
	content := "commune,title,year,name,members\n" + w.commune.Code + ",family,2026,Hộ ông Nguyễn Văn An,Nguyễn Văn An; Lê Thị Hoa\n"
	if file {
		path := filepath.Join(os.TempDir(), fmt.Sprintf("dang-ky-%d.csv", time.Now().UnixNano()))
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			return err
		}
		defer os.Remove(path)
		_, err := models.ImportRegistrationsFile(ctx, w.db, w.tree, by, path, false, t0)
		return err
	}
	_, err := models.ImportRegistrations(ctx, w.db, w.tree, by, strings.NewReader(content), "dang-ky.csv", "", false, t0)
	return err
}
