package clusterreport

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"os"
)

// File is the cluster section's file in a run's directory: the source
// report.json's "cluster" and report.html's cluster section are made
// from (also when `loadgen report` remakes them).
const File = "cluster.json"

// Report is the cluster section with the plan beside it and, with
// --compare, the other run.
type Report struct {
	Section
	Plan    *PlanVsMeasured `json:"plan_vs_measured,omitempty"`
	Compare *Comparison     `json:"compare,omitempty"`
}

// ClusterHTML renders the section for report.html (loadgen/report's
// ClusterSection).
func (r *Report) ClusterHTML() (template.HTML, error) {
	var buf bytes.Buffer
	if err := section.Execute(&buf, r); err != nil {
		return "", fmt.Errorf("cluster section: %w", err)
	}
	return template.HTML(buf.String()), nil //nolint:gosec // html/template output
}

// Write writes r as indented JSON to path.
func (r *Report) Write(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("cluster section: %w", err)
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// Read reads a Report written by Write; nil and no error when path does
// not exist (a run that was not a rehearsal).
func Read(path string) (*Report, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var r Report
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &r, nil
}
