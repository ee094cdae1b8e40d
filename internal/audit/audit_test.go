package audit

import (
	"context"
	"testing"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/storetest"
	"github.com/khuyenhoc/khuyenhoc/internal/units"
)

var day = time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)

func f(v float64) *float64 { return &v }

// twoUnits returns the ids of two provinces valid today.
func twoUnits(t *testing.T, db *store.DB) (int64, int64) {
	t.Helper()
	tree, err := units.Cached(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	ps := tree.All(units.Province, day)
	return ps[0].ID, ps[1].ID
}

func TestRecordKeepsWhoWhatAndValues(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u1, _ := twoUnits(t, db)
		a := Actor{UserID: 7, Email: "a@tinh.vn", Via: ViaPage}
		err := Record(ctx, db, day.In(time.FixedZone("ICT", 7*3600)), a, Entry{
			Action: ActionEntrySave, UnitID: u1, Period: "2026H1", Indicator: "members.total",
			OldValue: f(10), NewValue: f(12.5), Detail: "x",
		})
		if err != nil {
			t.Fatal(err)
		}
		es, err := List(ctx, db, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 1 {
			t.Fatalf("%d entries", len(es))
		}
		e := es[0]
		if !e.At.Equal(day) || e.UserID != 7 || e.Actor != "a@tinh.vn" || e.Via != ViaPage || e.Action != ActionEntrySave ||
			e.UnitID != u1 || e.Period != "2026H1" || e.Indicator != "members.total" || *e.OldValue != 10 || *e.NewValue != 12.5 || e.Detail != "x" {
			t.Errorf("entry %+v", e)
		}
		if e.Label() != "lưu bản nháp số liệu" {
			t.Errorf("label %q", e.Label())
		}
	})
}

func TestRecordWithoutUserNamesTheChannel(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := Record(ctx, db, day, Actor{Via: ViaCLI}, Entry{Action: ActionUserAdd, Detail: "b@x.vn"}); err != nil {
			t.Fatal(err)
		}
		es, err := List(ctx, db, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 1 || es[0].Actor != "cli" || es[0].UserID != 0 || es[0].UnitID != 0 || es[0].OldValue != nil || es[0].NewValue != nil {
			t.Errorf("entries %+v", es)
		}
	})
}

func TestRecordRefusesUnknownChannelAndMissingAction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if err := Record(ctx, db, day, Actor{Email: "a@x.vn", Via: "phone"}, Entry{Action: ActionUserAdd}); err == nil {
			t.Error("unknown channel accepted")
		}
		if err := Record(ctx, db, day, Actor{Via: ViaCLI}, Entry{}); err == nil {
			t.Error("entry without action accepted")
		}
		if es, _ := List(ctx, db, Filter{}); len(es) != 0 {
			t.Errorf("%d entries written", len(es))
		}
	})
}

func TestListFiltersByUnitUserDateAndActionNewestFirst(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		u1, u2 := twoUnits(t, db)
		alice := Actor{UserID: 1, Email: "alice@x.vn", Via: ViaPage}
		bob := Actor{UserID: 2, Email: "bob@x.vn", Via: ViaAPI}
		var many []Entry
		for i := 0; i < 1203; i++ { // more than one statement's worth
			many = append(many, Entry{Action: ActionEntrySave, UnitID: u1, Indicator: "members.total", NewValue: f(float64(i))})
		}
		steps := []struct {
			at time.Time
			a  Actor
			es []Entry
		}{
			{day, alice, many},
			{day.Add(24 * time.Hour), bob, []Entry{{Action: ActionEntrySubmit, UnitID: u2}}},
			{day.Add(48 * time.Hour), alice, []Entry{{Action: ActionEntryApprove, UnitID: u2}}},
			{day.Add(72 * time.Hour), Actor{Via: ViaCLI}, []Entry{{Action: ActionUserAdd}}},
		}
		for _, s := range steps {
			if err := db.InTx(ctx, func(tx *store.Tx) error { return RecordMany(ctx, tx, s.at, s.a, s.es) }); err != nil {
				t.Fatal(err)
			}
		}
		cases := []struct {
			name  string
			f     Filter
			want  int
			first string
		}{
			{"All", Filter{Limit: 5000}, 1206, ActionUserAdd},
			{"DefaultLimit", Filter{}, DefaultLimit, ActionUserAdd},
			{"Unit", Filter{UnitIDs: []int64{u2}}, 2, ActionEntryApprove},
			{"Units", Filter{UnitIDs: []int64{u1, u2}, Limit: 5000}, 1205, ActionEntryApprove},
			{"NoUnits", Filter{UnitIDs: []int64{}}, 0, ""},
			{"User", Filter{UserID: 2}, 1, ActionEntrySubmit},
			{"UserAndUnit", Filter{UserID: 1, UnitIDs: []int64{u2}}, 1, ActionEntryApprove},
			{"From", Filter{From: day.Add(24 * time.Hour)}, 3, ActionUserAdd},
			{"To", Filter{To: day.Add(48 * time.Hour), Limit: 5000}, 1204, ActionEntrySubmit},
			{"FromTo", Filter{From: day.Add(time.Hour), To: day.Add(49 * time.Hour)}, 2, ActionEntryApprove},
			{"Action", Filter{Action: ActionEntrySubmit}, 1, ActionEntrySubmit},
			{"ActionFamily", Filter{Action: "entry.", Limit: 2}, 2, ActionEntryApprove},
			{"Offset", Filter{Offset: 1, Limit: 1}, 1, ActionEntryApprove},
		}
		for _, c := range cases {
			es, err := List(ctx, db, c.f)
			if err != nil {
				t.Fatal(err)
			}
			if len(es) != c.want {
				t.Errorf("%s: %d entries, want %d", c.name, len(es), c.want)
				continue
			}
			if c.want > 0 && es[0].Action != c.first {
				t.Errorf("%s: first %s, want %s", c.name, es[0].Action, c.first)
			}
			for i := 1; i < len(es); i++ {
				if es[i].At.After(es[i-1].At) {
					t.Errorf("%s: not newest first at %d", c.name, i)
					break
				}
			}
		}
	})
}
