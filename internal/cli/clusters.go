package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/khuyenhoc/khuyenhoc/internal/apperr"
	"github.com/khuyenhoc/khuyenhoc/internal/auth"
	"github.com/khuyenhoc/khuyenhoc/internal/cluster"
	"github.com/khuyenhoc/khuyenhoc/internal/store"
	"github.com/khuyenhoc/khuyenhoc/internal/vi"
)

// The clusters commands: the import of a clusters file, which refuses to
// take a province out of a cluster unless told --replace, and the listing
// of the clusters of a year (every term) or of a day.

func init() {
	register(command{Name: "import clusters", Summary: vi.SummaryImportCluster, Run: runImportClusters})
	register(command{Name: "clusters list", Summary: vi.SummaryClustersList, Run: runClustersList})
}

func runImportClusters(ctx context.Context, app *App, args []string) error {
	var replace *bool
	return importFile(ctx, app, "import clusters", args,
		func(fs *flag.FlagSet) { replace = fs.Bool("replace", false, vi.FlagClustersReplace) },
		func(db *store.DB, path, actor string) (string, error) {
			res, err := cluster.ImportFile(ctx, db, auth.LocalAdmin(actor), path, cluster.Options{Now: app.Now(), Replace: *replace})
			var re *cluster.RemovalError
			if errors.As(err, &re) {
				return "", apperr.New(apperr.Conflict, "%s\n  %s", re.Error(), vi.ClusterReplaceHint)
			}
			if err != nil {
				return "", err
			}
			line := fmt.Sprintf(vi.ClusterImportSummary, filepath.Base(path), vi.Int(int64(res.Rows)),
				vi.Int(int64(res.Clusters)), vi.Int(int64(res.Changed)), vi.Int(int64(res.Unchanged)))
			if len(res.Removals) > 0 {
				line += "\n" + vi.ClusterRemovedSummary
				for _, r := range res.Removals {
					line += "\n  " + r.String()
				}
			}
			return line, nil
		})
}

func runClustersList(ctx context.Context, app *App, args []string) error {
	var c common
	fs := app.flags("clusters list", &c, listFormats...)
	year := fs.Int("year", 0, vi.FlagYear)
	atFlag := fs.String("at", "", vi.FlagClustersAt)
	history := fs.Bool("history", false, vi.FlagClustersHistory)
	pos, err := app.parseInterspersed(fs, args, &c, listFormats...)
	if err != nil {
		return err
	}
	if len(pos) != 0 || (*year == 0) == (*atFlag == "") {
		return apperr.New(apperr.Usage, vi.ErrClustersYearOrAt)
	}
	if *history && *atFlag != "" {
		return apperr.New(apperr.Usage, vi.ErrClustersHistoryAt)
	}
	var at time.Time
	if *atFlag != "" {
		if at, err = cluster.ParseDay(*atFlag); err != nil {
			return apperr.New(apperr.Usage, "--at: %s", err.Error())
		}
		*year = at.Year()
	}
	// A listing only reads: with --no-migrate it works on a copy of the
	// database that the process may not write.
	db, err := app.openReader(ctx, &c)
	if err != nil {
		return err
	}
	if *history {
		return clustersHistory(ctx, app, db, *year, c.format)
	}
	var cs []cluster.Cluster
	if at.IsZero() {
		cs, err = cluster.List(ctx, db, *year)
	} else {
		cs, err = cluster.At(ctx, db, at)
		// A listing of one day shows that day's composition as one term.
		for i := range cs {
			cs[i].Terms = []cluster.Term{termOn(cs[i], at)}
		}
	}
	if err != nil {
		return err
	}
	switch c.format {
	case "json":
		type province struct {
			ID   int64  `json:"id"`
			Code string `json:"code"`
			Name string `json:"name"`
		}
		type term struct {
			From      string     `json:"from"`
			To        string     `json:"to"`
			Provinces []province `json:"provinces"`
		}
		type item struct {
			Year      int        `json:"year"`
			Code      string     `json:"code"`
			Name      string     `json:"name"`
			Provinces []province `json:"provinces"`
			Terms     []term     `json:"terms"`
		}
		provinces := func(ps []cluster.Province) []province {
			out := []province{}
			for _, p := range ps {
				out = append(out, province{ID: p.ID, Code: p.Code, Name: p.Name})
			}
			return out
		}
		out := make([]item, 0, len(cs))
		for _, cl := range cs {
			it := item{Year: cl.Year, Code: cl.Code, Name: cl.Name, Provinces: provinces(cl.Provinces), Terms: []term{}}
			for _, t := range cl.Terms {
				it.Terms = append(it.Terms, term{From: t.From.Format(time.DateOnly), To: t.To.Format(time.DateOnly), Provinces: provinces(t.Provinces)})
			}
			out = append(out, it)
		}
		return writeJSON(app.Stdout, out)
	case "csv":
		// The columns of the clusters file, so that a listing can be edited
		// and imported again: each term's whole composition with its first
		// day (the file's from); province_name is ignored on import.
		return writeCSV(app.Stdout, []string{"year", "cluster", "name", "province", "from", "province_name"}, func(emit func([]string)) {
			for _, cl := range cs {
				for _, t := range cl.Terms {
					for _, p := range t.Provinces {
						emit([]string{strconv.Itoa(cl.Year), cl.Code, cl.Name, p.Code, vi.Date(t.From), p.Name})
					}
				}
			}
		})
	}
	if len(cs) == 0 {
		if !at.IsZero() {
			fmt.Fprintf(app.Stdout, vi.ErrClusterNoneOn+"\n", vi.Date(at))
			return nil
		}
		fmt.Fprintf(app.Stdout, vi.ErrNoClustersYet+"\n", *year)
		return nil
	}
	tw := tabwriter.NewWriter(app.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", vi.LabelCluster, vi.LabelClusterName, vi.LabelClusterTerm, vi.LabelProvinces)
	for _, cl := range cs {
		for _, t := range cl.Terms {
			names := make([]string, len(t.Provinces))
			for i, p := range t.Provinces {
				names[i] = p.Code + " " + p.Name
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", cl.Code, cl.Name, termLabel(t), strings.Join(names, ", "))
		}
	}
	return tw.Flush()
}

// termOn is the term of c that covers day.
func termOn(c cluster.Cluster, day time.Time) cluster.Term {
	for _, t := range c.Terms {
		if !day.Before(t.From) && !day.After(t.To) {
			return t
		}
	}
	return cluster.Term{From: day, To: day, Provinces: c.Provinces}
}

// termLabel says a term's days in Vietnamese: "cả năm" or "từ … đến …".
func termLabel(t cluster.Term) string {
	if t.WholeYear() {
		return vi.ClusterTermWhole
	}
	return fmt.Sprintf(vi.ClusterTermFromTo, vi.Date(t.From), vi.Date(t.To))
}

// clustersHistory prints every membership row of a year, replaced ones
// included, with the imports that wrote and replaced it; times in Vietnam
// time.
func clustersHistory(ctx context.Context, app *App, db *store.DB, year int, format string) error {
	recs, err := cluster.History(ctx, db, year)
	if err != nil {
		return err
	}
	switch format {
	case "json":
		type imp struct {
			Source string `json:"source"`
			Actor  string `json:"actor"`
			At     string `json:"at"`
		}
		type item struct {
			Year         int    `json:"year"`
			Cluster      string `json:"cluster"`
			Name         string `json:"name"`
			Province     string `json:"province"`
			ProvinceName string `json:"province_name"`
			From         string `json:"from"`
			To           string `json:"to"`
			Written      *imp   `json:"written"`
			Ended        *imp   `json:"ended"`
		}
		ref := func(r *cluster.ImportRef) *imp {
			if r == nil {
				return nil
			}
			return &imp{Source: r.Source, Actor: r.Actor, At: vi.TimeISO(r.At)}
		}
		out := make([]item, 0, len(recs))
		for _, r := range recs {
			out = append(out, item{Year: r.Year, Cluster: r.Cluster, Name: r.ClusterName, Province: r.Province.Code,
				ProvinceName: r.Province.Name, From: r.From.Format(time.DateOnly), To: r.To.Format(time.DateOnly),
				Written: ref(r.Written), Ended: ref(r.Ended)})
		}
		return writeJSON(app.Stdout, out)
	case "csv":
		cols := []string{"year", "cluster", "name", "province", "province_name", "from", "to",
			"written_source", "written_actor", "written_at", "ended_source", "ended_actor", "ended_at"}
		return writeCSV(app.Stdout, cols, func(emit func([]string)) {
			for _, r := range recs {
				row := []string{strconv.Itoa(r.Year), r.Cluster, r.ClusterName, r.Province.Code, r.Province.Name,
					vi.Date(r.From), vi.Date(r.To)}
				for _, x := range []*cluster.ImportRef{r.Written, r.Ended} {
					if x == nil {
						row = append(row, "", "", "")
					} else {
						row = append(row, x.Source, x.Actor, vi.TimeISO(x.At))
					}
				}
				emit(row)
			}
		})
	}
	if len(recs) == 0 {
		fmt.Fprintf(app.Stdout, vi.ErrNoClustersYet+"\n", year)
		return nil
	}
	ref := func(r *cluster.ImportRef, none string) string {
		if r == nil {
			return none
		}
		return fmt.Sprintf(vi.ClusterImportRef, r.Source, r.Actor, vi.Time(r.At))
	}
	tw := tabwriter.NewWriter(app.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", vi.LabelCluster, vi.LabelProvinces, vi.LabelClusterFrom, vi.LabelClusterTo,
		vi.LabelClusterWritten, vi.LabelClusterEnded)
	for _, r := range recs {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Cluster, r.Province.Code+" "+r.Province.Name, vi.Date(r.From), vi.Date(r.To),
			ref(r.Written, vi.ClusterCarriedOver), ref(r.Ended, vi.ClusterStillHolds))
	}
	return tw.Flush()
}
