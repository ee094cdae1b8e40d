package web

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// openAPIRoutes reads the routes the OpenAPI document describes, as
// "METHOD /path".
func openAPIRoutes(t *testing.T) (map[string]bool, map[string]any) {
	t.Helper()
	var doc map[string]any
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatalf("openapi.json is not JSON: %v", err)
	}
	paths, _ := doc["paths"].(map[string]any)
	out := map[string]bool{}
	for p, item := range paths {
		ops, _ := item.(map[string]any)
		for m := range ops {
			switch m {
			case "get", "post", "put", "patch", "delete", "head", "options":
				out[strings.ToUpper(m)+" "+p] = true
			}
		}
	}
	return out, doc
}

func TestOpenAPIDescribesEveryRouteAndNoOther(t *testing.T) {
	documented, doc := openAPIRoutes(t)
	if v, _ := doc["openapi"].(string); !strings.HasPrefix(v, "3.1") {
		t.Errorf("openapi = %q, want 3.1.x", v)
	}
	registered := map[string]bool{}
	for _, rt := range apiRouteList {
		registered[rt.Method+" "+rt.Path] = true
	}
	for r := range registered {
		if !documented[r] {
			t.Errorf("route %s is registered but missing from openapi.json", r)
		}
	}
	for r := range documented {
		if !registered[r] {
			t.Errorf("openapi.json describes %s, which the server does not serve", r)
		}
	}
}

// TestEveryAPIRouteIsInTheList guards the list itself: a route under
// /api/v1 registered anywhere in the package other than through
// apiRouteList would escape the test above.
func TestEveryAPIRouteIsInTheList(t *testing.T) {
	listed := map[string]bool{}
	for _, rt := range apiRouteList {
		listed[rt.Method+" "+rt.Path] = true
	}
	pattern := regexp.MustCompile(`"((?:GET|HEAD|POST|PUT|PATCH|DELETE) /api/[^"]*)"`)
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range pattern.FindAllStringSubmatch(string(src), -1) {
			if !listed[m[1]] {
				t.Errorf("%s registers %q outside apiRouteList (routes_api.go), so it is not checked against openapi.json", f, m[1])
			}
		}
	}
}

func TestOpenAPIOperationsAreComplete(t *testing.T) {
	_, doc := openAPIRoutes(t)
	paths := doc["paths"].(map[string]any)
	public := map[string]bool{}
	for _, rt := range apiRouteList {
		if rt.Public {
			public[rt.Method+" "+rt.Path] = true
		}
	}
	ids := map[string]string{}
	for p, item := range paths {
		params := regexp.MustCompile(`\{([^}]+)\}`).FindAllStringSubmatch(p, -1)
		for m, o := range item.(map[string]any) {
			op := o.(map[string]any)
			name := strings.ToUpper(m) + " " + p
			id, _ := op["operationId"].(string)
			if id == "" {
				t.Errorf("%s: no operationId", name)
			} else if other, dup := ids[id]; dup {
				t.Errorf("%s: operationId %q also used by %s", name, id, other)
			}
			ids[id] = name
			resp, _ := op["responses"].(map[string]any)
			if resp["200"] == nil {
				t.Errorf("%s: no 200 response", name)
			}
			if !public[name] && resp["401"] == nil {
				t.Errorf("%s: needs sign-in but documents no 401", name)
			}
			if sec, ok := op["security"].([]any); public[name] != (ok && len(sec) == 0) {
				t.Errorf("%s: public=%v but security=%v", name, public[name], op["security"])
			}
			for _, want := range params {
				found := false
				for _, prm := range paramList(doc, op["parameters"]) {
					if prm["in"] == "path" && prm["name"] == want[1] && prm["required"] == true {
						found = true
					}
				}
				if !found {
					t.Errorf("%s: path parameter %s is not described as required", name, want[1])
				}
			}
		}
	}
}

func TestOpenAPIReferencesResolve(t *testing.T) {
	_, doc := openAPIRoutes(t)
	var refs []string
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, y := range x {
				if k == "$ref" {
					refs = append(refs, y.(string))
				}
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	walk(doc)
	sort.Strings(refs)
	for _, r := range refs {
		if resolveRef(doc, r) == nil {
			t.Errorf("$ref %s does not resolve", r)
		}
	}
	if len(refs) == 0 {
		t.Error("no $ref at all: the walk is broken")
	}
	schemes := doc["components"].(map[string]any)["securitySchemes"].(map[string]any)
	if b, _ := schemes["bearerToken"].(map[string]any); b["type"] != "http" || b["scheme"] != "bearer" {
		t.Errorf("bearer security scheme = %v", schemes["bearerToken"])
	}
}

// resolveRef follows a local "#/a/b" reference, nil when it leads nowhere.
func resolveRef(doc map[string]any, ref string) map[string]any {
	path, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil
	}
	var cur any = doc
	for _, part := range strings.Split(path, "/") {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[part]
	}
	m, _ := cur.(map[string]any)
	return m
}

// paramList reads an operation's parameters, following references.
func paramList(doc map[string]any, v any) []map[string]any {
	list, _ := v.([]any)
	var out []map[string]any
	for _, p := range list {
		m, _ := p.(map[string]any)
		if r, ok := m["$ref"].(string); ok {
			m = resolveRef(doc, r)
		}
		if m != nil {
			out = append(out, m)
		}
	}
	return out
}
