// Package dashboards embeds the project's Grafana dashboards (one JSON file
// per dashboard in this directory) and exposes them to infra/monitoring,
// which loads them into Grafana, and to the Prometheus keep-list, which is
// derived from the metrics the dashboards read (Metrics).
package dashboards

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:embed *.json
var files embed.FS

// Dashboard is one embedded dashboard file.
type Dashboard struct {
	// Name is the file name without ".json" ("loadgen"); it names the
	// ConfigMap and the key Grafana's sidecar reads.
	Name string
	// UID and Title are the dashboard's own, from the JSON.
	UID   string
	Title string
	// JSON is the file's content, unchanged.
	JSON []byte
}

// FileName is the dashboard's file name ("loadgen.json").
func (d Dashboard) FileName() string { return d.Name + ".json" }

// model is the part of Grafana's dashboard JSON this package reads.
type model struct {
	UID        string  `json:"uid"`
	Title      string  `json:"title"`
	Panels     []panel `json:"panels"`
	Templating struct {
		List []variable `json:"list"`
	} `json:"templating"`
}

type panel struct {
	Title   string   `json:"title"`
	Targets []target `json:"targets"`
	Panels  []panel  `json:"panels"` // collapsed rows hold their panels
}

type target struct {
	Expr  string `json:"expr"`
	RefID string `json:"refId"`
}

type variable struct {
	Name  string          `json:"name"`
	Type  string          `json:"type"`
	Query json.RawMessage `json:"query"`
}

// All returns every embedded dashboard, sorted by name. It fails if a file
// is not valid JSON or lacks a uid or title.
func All() ([]Dashboard, error) {
	names, err := fs.Glob(files, "*.json")
	if err != nil {
		return nil, fmt.Errorf("listing dashboards: %w", err)
	}
	sort.Strings(names)
	out := make([]Dashboard, 0, len(names))
	for _, n := range names {
		d, err := load(n)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

func load(file string) (Dashboard, error) {
	b, err := files.ReadFile(file)
	if err != nil {
		return Dashboard{}, fmt.Errorf("reading %s: %w", file, err)
	}
	m, err := parseModel(b)
	if err != nil {
		return Dashboard{}, fmt.Errorf("dashboard %s: %w", file, err)
	}
	return Dashboard{Name: strings.TrimSuffix(path.Base(file), ".json"), UID: m.UID, Title: m.Title, JSON: b}, nil
}

func parseModel(b []byte) (model, error) {
	var m model
	if err := json.Unmarshal(b, &m); err != nil {
		return model{}, fmt.Errorf("invalid JSON: %w", err)
	}
	if m.UID == "" || m.Title == "" {
		return model{}, fmt.Errorf("needs a non-empty uid and title")
	}
	return m, nil
}

// Query is one PromQL expression a dashboard evaluates, as written (with
// Grafana variables such as $__rate_interval still in it).
type Query struct {
	Dashboard string // dashboard name
	Where     string // panel title and refId, or "variable <name>"
	Expr      string
	// Variable is true for a template variable's label_values(...) query;
	// Expr is then the selector inside it.
	Variable bool
}

// Queries lists every panel target and query variable of the dashboard.
func (d Dashboard) Queries() ([]Query, error) {
	m, err := parseModel(d.JSON)
	if err != nil {
		return nil, fmt.Errorf("dashboard %s: %w", d.Name, err)
	}
	var out []Query
	var walk func([]panel)
	walk = func(ps []panel) {
		for _, p := range ps {
			for _, t := range p.Targets {
				if t.Expr != "" {
					out = append(out, Query{Dashboard: d.Name, Where: p.Title + " / " + t.RefID, Expr: t.Expr})
				}
			}
			walk(p.Panels)
		}
	}
	walk(m.Panels)
	vars, err := variableQueries(d.Name, m.Templating.List)
	if err != nil {
		return nil, err
	}
	return append(out, vars...), nil
}

func variableQueries(dashboard string, vars []variable) ([]Query, error) {
	var out []Query
	for _, v := range vars {
		if v.Type != "query" {
			continue
		}
		q, err := variableQueryText(v.Query)
		if err != nil {
			return nil, fmt.Errorf("dashboard %s variable %s: %w", dashboard, v.Name, err)
		}
		sel, ok := labelValuesSelector(q)
		if !ok {
			return nil, fmt.Errorf("dashboard %s variable %s: want label_values(<selector>, <label>), got %q", dashboard, v.Name, q)
		}
		out = append(out, Query{Dashboard: dashboard, Where: "variable " + v.Name, Expr: sel, Variable: true})
	}
	return out, nil
}

// variableQueryText accepts both shapes Grafana writes: a plain string and
// {"query": "..."}.
func variableQueryText(raw json.RawMessage) (string, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var obj struct {
		Query string `json:"query"`
	}
	if err := json.Unmarshal(raw, &obj); err != nil {
		return "", fmt.Errorf("query is neither a string nor {\"query\": ...}: %w", err)
	}
	return obj.Query, nil
}

// labelValuesSelector returns the selector of label_values(<selector>, <label>).
func labelValuesSelector(q string) (string, bool) {
	q = strings.TrimSpace(q)
	if !strings.HasPrefix(q, "label_values(") || !strings.HasSuffix(q, ")") {
		return "", false
	}
	inner := strings.TrimSuffix(strings.TrimPrefix(q, "label_values("), ")")
	i := strings.LastIndex(inner, ",")
	if i <= 0 {
		return "", false
	}
	return strings.TrimSpace(inner[:i]), true
}
