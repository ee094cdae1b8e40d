package rules

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// areas are the packages whose exported functions the test enumerates, as
// paths from internal/.
var areas = []string{"entry", "aggregate", "figures", "auth", "cluster", "lineage", "ingest", "units", "audit", "rollup", "report", "registry", "reporttext", "models", "fund"}

// areaFunc is an exported function (or method) of an area that takes a
// database handle (*store.DB, *store.Tx or store.Querier).
type areaFunc struct {
	Name   string // "entry.SaveDraft", "auth.Run.Record" for a method
	File   string
	Writes bool // its own body holds SQL that writes (INSERT, UPDATE, DELETE) or calls Exec/BulkInsert
}

// writeSQL finds SQL that changes rows in a string literal.
var writeSQL = regexp.MustCompile(`(?i)\b(INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b`)

// scanAreas parses the non-test files of every area and lists its exported
// functions that take a database handle.
func scanAreas() ([]areaFunc, error) {
	var out []areaFunc
	for _, area := range areas {
		dir := filepath.Join("..", area)
		entries, err := os.ReadDir(dir)
		if err != nil {
			return nil, err
		}
		for _, e := range entries {
			name := e.Name()
			if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
				continue
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, 0)
			if err != nil {
				return nil, err
			}
			for _, d := range f.Decls {
				fn, ok := d.(*ast.FuncDecl)
				if !ok || !fn.Name.IsExported() || !takesDB(fn.Type.Params) {
					continue
				}
				full := area + "." + fn.Name.Name
				if fn.Recv != nil {
					recv := recvName(fn.Recv.List[0].Type)
					if !ast.IsExported(recv) {
						continue
					}
					full = area + "." + recv + "." + fn.Name.Name
				}
				out = append(out, areaFunc{Name: full, File: filepath.Join(area, name), Writes: bodyWrites(fn.Body)})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// takesDB reports whether a parameter list holds a database handle.
func takesDB(params *ast.FieldList) bool {
	for _, p := range params.List {
		switch typeString(p.Type) {
		case "*store.DB", "*store.Tx", "store.Querier":
			return true
		}
	}
	return false
}

func typeString(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.StarExpr:
		return "*" + typeString(t.X)
	case *ast.SelectorExpr:
		return typeString(t.X) + "." + t.Sel.Name
	case *ast.Ident:
		return t.Name
	}
	return ""
}

func recvName(e ast.Expr) string {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// bodyWrites reports whether a function body holds writing SQL or calls
// Exec or BulkInsert itself (calls to other functions are not followed).
func bodyWrites(body *ast.BlockStmt) bool {
	if body == nil {
		return false
	}
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.BasicLit:
			if x.Kind == token.STRING && writeSQL.MatchString(x.Value) {
				found = true
			}
		case *ast.SelectorExpr:
			if x.Sel.Name == "Exec" || x.Sel.Name == "BulkInsert" {
				found = true
			}
		}
		return !found
	})
	return found
}
