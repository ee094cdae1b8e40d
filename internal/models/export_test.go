package models

import "github.com/khuyenhoc/khuyenhoc/internal/store"

// SelfWaiting is how many self-assessments of db wait for a group to lead
// or join (not counting those being written), for tests that make groups
// form.
func SelfWaiting(db *store.DB) int {
	selfQueues.Lock()
	defer selfQueues.Unlock()
	if q := selfQueues.of[db]; q != nil {
		return len(q.jobs)
	}
	return 0
}

// SelfGroups is how many groups of self-assessments of one PostgreSQL
// database are written at once.
const SelfGroups = selfGroups

// SelfGroupsUndone is how many groups of self-assessments (of any
// database) failed as a whole and were written again one by one.
func SelfGroupsUndone() int64 { return selfGroupsUndone.Load() }
