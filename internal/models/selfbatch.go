package models

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/rollup"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

// Self-assessments are committed in groups. The public page takes some
// hundreds a second at the end of a campaign, each a transaction of a
// dozen statements of which half (begin, the figures locks, the imports
// reached, the three sums of the counts from records, the counters, the
// commit) are the same whatever the number of submissions they carry. So
// the submissions that arrive while selfGroups transactions of them are
// running wait for one to end, and go together in the next one
// (selfBatchMax at most): one of them leads, running the transaction for
// all, and the others wait for its answer. A submission alone (the page at
// rest) is one transaction, as before. On PostgreSQL a few groups are
// written side by side (their writers of records hold the figures years
// shared, docs/concurrency.md), so that one arriving at a quiet moment
// does not wait for another's commit; on SQLite, with its one writer, one.
//
// Every rule of one submission holds in a group:
//   - Each goes in a savepoint of its own. One refused for what it is (a
//     verified registration, a set that does not apply: an apperr) is
//     undone to its savepoint and answered with its error; the others go
//     on.
//   - Any other error (of the database: a lock waited for too long, a
//     deadlock, the commit) ends the group's transaction, and every
//     submission of the group then runs again alone, in a transaction of
//     its own, and fails, if it does, for itself. Nothing of the group's
//     transaction is kept.
//   - Each writes its registration, its evaluation and its audit entry;
//     the changes of the counts from records of those that went in are
//     applied once, last (rollup.ApplyRecords, once per transaction).
//   - A submission's answer is given only once its transaction committed.

// selfBatchMax bounds a group: PostgreSQL keeps the ids of 64
// subtransactions (savepoints that wrote) of a transaction in shared
// memory, and past that every reader's snapshot takes a slower path.
const selfBatchMax = 32

// selfJob is one submission, checked, waiting for its transaction.
type selfJob struct {
	in   SelfAssessment
	unit *units.Unit
	name string
	cccd string
	now  time.Time
	tree *units.Tree

	lead chan struct{} // closed when the job must lead the next group
	done chan struct{} // closed when res and err are final
	res  SelfResult
	err  error
}

// selfGroups is how many groups of one PostgreSQL database are written at
// once.
const selfGroups = 4

// selfQueue holds a database's submissions waiting for a transaction, and
// counts the groups of them being written.
type selfQueue struct {
	jobs    []*selfJob
	writing int
}

var selfQueues = struct {
	sync.Mutex
	of map[*store.DB]*selfQueue
}{of: map[*store.DB]*selfQueue{}}

// submitSelf queues j and returns its answer once written: it writes the
// group itself when no other group is being written, and else waits for
// the leader of its group.
func submitSelf(ctx context.Context, db *store.DB, j *selfJob) (SelfResult, error) {
	j.lead, j.done = make(chan struct{}), make(chan struct{})
	most := 1
	if db.Dialect == store.Postgres {
		most = selfGroups
	}
	selfQueues.Lock()
	q := selfQueues.of[db]
	if q == nil {
		q = &selfQueue{}
		selfQueues.of[db] = q
	}
	if q.writing < most {
		q.writing++
		close(j.lead)
	} else {
		q.jobs = append(q.jobs, j)
	}
	selfQueues.Unlock()
	select {
	case <-j.done:
		return j.res, j.err
	case <-j.lead:
	}
	// The leader takes the waiting submissions of its tree (a group
	// applies its counts with one tree), writes them, hands the lead to
	// the next one waiting, and answers.
	selfQueues.Lock()
	group := []*selfJob{j}
	var rest []*selfJob
	for _, o := range q.jobs {
		if o.tree == j.tree && len(group) < selfBatchMax {
			group = append(group, o)
		} else {
			rest = append(rest, o)
		}
	}
	q.jobs = rest
	selfQueues.Unlock()

	// The group is written whatever happens to the leader's request: the
	// others wait for it.
	writeSelfGroup(context.WithoutCancel(ctx), db, j.tree, group)

	selfQueues.Lock()
	if len(q.jobs) > 0 {
		next := q.jobs[0]
		q.jobs = q.jobs[1:]
		close(next.lead)
	} else if q.writing--; q.writing == 0 {
		delete(selfQueues.of, db)
	}
	selfQueues.Unlock()
	for _, o := range group {
		close(o.done)
	}
	return j.res, j.err
}

// writeSelfGroup writes the submissions of group in one transaction, and,
// should that transaction fail, each alone.
func writeSelfGroup(ctx context.Context, db *store.DB, tree *units.Tree, group []*selfJob) {
	if len(group) == 1 {
		writeSelfAlone(ctx, db, group[0])
		return
	}
	err := db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			sets := map[string]*Set{}
			var deltas []rollup.RecordDelta
			for _, j := range group {
				j.res, j.err = SelfResult{}, nil
				if _, err := tx.Exec(ctx, "SAVEPOINT self_submission"); err != nil {
					return err
				}
				res, ds, err := selfOne(ctx, tx, j, sets)
				if err != nil {
					if !refused(err) {
						return err
					}
					if _, err := tx.Exec(ctx, "ROLLBACK TO SAVEPOINT self_submission"); err != nil {
						return err
					}
					// What it undid may include a set stored for the group.
					clear(sets)
					j.err = err
					continue
				}
				if _, err := tx.Exec(ctx, "RELEASE SAVEPOINT self_submission"); err != nil {
					return err
				}
				j.res = res
				deltas = append(deltas, ds...)
			}
			return rollup.ApplyRecords(ctx, tx, tree, deltas)
		})
	})
	if err != nil {
		selfGroupsUndone.Add(1)
		for _, j := range group {
			writeSelfAlone(ctx, db, j)
		}
	}
}

// selfGroupsUndone counts the groups whose transaction failed, whose
// submissions were then written each alone: the outcome is the same
// either way, so only this count tells a test that a refused submission
// was undone to its savepoint inside its group.
var selfGroupsUndone atomic.Int64

// writeSelfAlone writes one submission in a transaction of its own.
func writeSelfAlone(ctx context.Context, db *store.DB, j *selfJob) {
	j.res, j.err = SelfResult{}, nil
	j.err = db.Retry(ctx, func() error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			res, ds, err := selfOne(ctx, tx, j, map[string]*Set{})
			if err != nil {
				return err
			}
			j.res = res
			return rollup.ApplyRecords(ctx, tx, j.tree, ds)
		})
	})
	if j.err != nil {
		j.res = SelfResult{}
	}
}

// refused reports whether err refuses a submission for what it is (bad
// input, a set that does not apply, a registration verified already), not
// for the database's state.
func refused(err error) bool {
	switch apperr.CodeOf(err) {
	case apperr.Invalid, apperr.NotFound, apperr.Conflict:
		return true
	}
	return false
}
