package rules

import (
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/models"
)

// The learning titles' part of the world (package models).

func init() {
	for name, k := range map[string]kind{
		"models.ListSets": read,
		"models.GetSet":   read,
		"models.LoadSet":  operation,
	} {
		functions[name] = k
	}
	operations["models.LoadSet"] = &opCase{
		refused: map[string]func(w *world) error{
			"province admin":  func(w *world) error { return w.loadSet(w.adminHanoi) },
			"commune officer": func(w *world) error { return w.loadSet(w.xa) },
		},
		allowed: func(w *world) error { return w.loadSet(auth.LocalAdmin("quantri")) },
		action:  models.ActionCriteriaLoad,
	}
}

func (w *world) loadSet(by auth.Principal) error {
	s := *models.Defaults[0]
	s.Name += " (sửa)"
	_, _, err := models.LoadSet(ctx, w.db, w.tree, by, &s, t0)
	return err
}
