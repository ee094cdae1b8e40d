package units

import (
	"bytes"
	"compress/gzip"
	"context"
	"embed"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/khuyenhoc/khuyenhoc/internal/store"
)

// The published files, as described in data/README.md. The splits file is
// kept in the tree for reference but not embedded: it is the merges file
// seen from the other side.
//
//go:embed data/units-2025-03-01.json.gz data/lineage-2025-07-01-merges.json.gz data/provinces-2025-07-01.csv
var dataFS embed.FS

// Validity bounds as stored: ISO dates, text in both dialects.
const (
	dayBeginning = "0001-01-01"
	dayLastOld   = "2025-06-30"
	dayReform    = "2025-07-01"
	dayForever   = "9999-12-31"
)

// unitTypes are the types of unit as written before a name, longest first
// so that "Thị xã" is not taken for a "Xã". Centrally run cities are stored
// as "Thành phố" (not the statistics office's "Thành phố Trung ương") so that
// Type + " " + Name reads as the official name ("Thành phố Hà Nội").
var unitTypes = []string{"Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Phường", "Huyện", "Quận", "Tỉnh", "Xã"}

// splitName separates a published name into the type and the proper name:
// "Phường Phúc Xá" → ("Phường", "Phúc Xá"). The published case of the type
// varies ("Thị Trấn"), so the match ignores case and the standard spelling
// is returned. A name without a known prefix keeps fallback as its type.
func splitName(full, fallback string) (typ, name string) {
	full = strings.Join(strings.Fields(full), " ")
	for _, t := range unitTypes {
		if len(full) > len(t)+1 && strings.EqualFold(full[:len(t)], t) && full[len(t)] == ' ' {
			return t, full[len(t)+1:]
		}
	}
	return fallback, full
}

type oldData struct {
	Data []struct {
		Code      string `json:"level1_id"`
		Name      string `json:"name"`
		Type      string `json:"type"`
		Districts []struct {
			Code     string `json:"level2_id"`
			Name     string `json:"name"`
			Type     string `json:"type"`
			Communes []struct {
				Code string `json:"level3_id"`
				Name string `json:"name"`
				Type string `json:"type"`
			} `json:"level3s"`
		} `json:"level2s"`
	} `json:"data"`
}

type mergeLink struct {
	OldCode string `json:"old_id"`
	Kind    string `json:"type"`
}

type newData struct {
	Data []struct {
		Code     string      `json:"level1_id"`
		Name     string      `json:"name"`
		Merges   []mergeLink `json:"merges"`
		Communes []struct {
			Code   string      `json:"level2_id"`
			Name   string      `json:"name"`
			Merges []mergeLink `json:"merges"`
		} `json:"level2s"`
	} `json:"data"`
}

func readGzipJSON(name string, v any) error {
	f, err := dataFS.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// readNewProvinces reads the code → published name of the 34 provinces.
func readNewProvinces() (map[string]string, []string, error) {
	raw, err := dataFS.ReadFile("data/provinces-2025-07-01.csv")
	if err != nil {
		return nil, nil, err
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff")))).ReadAll()
	if err != nil {
		return nil, nil, fmt.Errorf("provinces-2025-07-01.csv: %w", err)
	}
	names := map[string]string{}
	var order []string
	for i, r := range recs {
		if i == 0 {
			continue
		}
		if len(r) < 3 {
			return nil, nil, fmt.Errorf("provinces-2025-07-01.csv: row %d: want 3 columns", i+1)
		}
		names[r[1]] = r[2]
		order = append(order, r[1])
	}
	return names, order, nil
}

// Seed loads the embedded units and their lineage: the nation; the 63
// provinces, 696 districts and 10,047 communes in force until 30 June 2025;
// the 34 provinces and 3,321 communes in force from 1 July 2025; and the
// links from old to new. It is migration step 2 and expects empty tables.
func Seed(ctx context.Context, tx *store.Tx) error {
	var old oldData
	if err := readGzipJSON("data/units-2025-03-01.json.gz", &old); err != nil {
		return fmt.Errorf("seed units: %w", err)
	}
	var nw newData
	if err := readGzipJSON("data/lineage-2025-07-01-merges.json.gz", &nw); err != nil {
		return fmt.Errorf("seed units: %w", err)
	}
	provNames, provOrder, err := readNewProvinces()
	if err != nil {
		return fmt.Errorf("seed units: %w", err)
	}

	var rows [][]any
	var id int64
	add := func(level Level, code, typ, name string, parent int64, from, to string) int64 {
		id++
		var p any
		if parent != 0 {
			p = parent
		}
		rows = append(rows, []any{id, string(level), code, name, typ, p, from, to, Fold(name)})
		return id
	}
	nation := add(Nation, "", "", "Việt Nam", 0, dayBeginning, dayForever)

	// The old three-level tree. Districts and communes are keyed by code:
	// the merges file links a few island districts directly.
	oldProv := map[string]int64{}
	oldDist := map[string]int64{}
	oldComm := map[string]int64{}
	for _, p := range old.Data {
		typ, name := splitName(p.Name, p.Type)
		pid := add(Province, p.Code, typ, name, nation, dayBeginning, dayLastOld)
		oldProv[p.Code] = pid
		for _, d := range p.Districts {
			typ, name := splitName(d.Name, d.Type)
			did := add(District, d.Code, typ, name, pid, dayBeginning, dayLastOld)
			oldDist[d.Code] = did
			for _, c := range d.Communes {
				typ, name := splitName(c.Name, c.Type)
				oldComm[c.Code] = add(Commune, c.Code, typ, name, did, dayBeginning, dayLastOld)
			}
		}
	}

	// The new two-level tree, in the order of the provinces' list.
	byCode := map[string]int{}
	for i, p := range nw.Data {
		byCode[p.Code] = i
	}
	var links [][]any
	link := func(oldID, newID int64, kind string) {
		links = append(links, []any{oldID, newID, kind, nil, dayReform})
	}
	for _, code := range provOrder {
		i, ok := byCode[code]
		if !ok {
			return fmt.Errorf("seed units: province %s of the new list has no lineage", code)
		}
		p := nw.Data[i]
		typ, name := splitName(provNames[code], "Tỉnh")
		pid := add(Province, code, typ, name, nation, dayReform, dayForever)
		for _, m := range p.Merges {
			oid, ok := oldProv[m.OldCode]
			if !ok {
				return fmt.Errorf("seed units: new province %s: unknown old province %s", code, m.OldCode)
			}
			link(oid, pid, "full")
		}
		for _, c := range p.Communes {
			typ, name := splitName(c.Name, "Xã")
			cid := add(Commune, c.Code, typ, name, pid, dayReform, dayForever)
			for _, m := range c.Merges {
				kind := "partial"
				if m.Kind == "full" {
					kind = "full"
				}
				// A 5-digit code is an old commune; a 3-digit one is an
				// island district without communes that became a special
				// zone. Links across the provinces' lineage (old 30622) are
				// loaded as published.
				oid, ok := oldComm[m.OldCode]
				if !ok {
					oid, ok = oldDist[m.OldCode]
				}
				if !ok {
					return fmt.Errorf("seed units: new commune %s: unknown old unit %s", c.Code, m.OldCode)
				}
				link(oid, cid, kind)
			}
		}
	}

	if err := tx.BulkInsert(ctx, "units",
		[]string{"id", "level", "code", "name", "type", "parent_id", "valid_from", "valid_to", "search_name"}, rows, ""); err != nil {
		return fmt.Errorf("seed units: %w", err)
	}
	if err := tx.ResetSequence(ctx, "units"); err != nil {
		return fmt.Errorf("seed units: %w", err)
	}
	if err := tx.BulkInsert(ctx, "unit_lineage",
		[]string{"old_id", "new_id", "kind", "share", "effective"}, links, ""); err != nil {
		return fmt.Errorf("seed units: %w", err)
	}
	return BumpVersion(ctx, tx)
}
