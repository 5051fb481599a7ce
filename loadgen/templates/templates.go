// Package templates holds the job templates shipped with the load generator,
// embedded in the binary, and finds one by target and name: the StartJobRun
// requests (`aws emr-containers start-job-run --cli-input-json` shape) of the
// emr and local targets, and the SparkApplication manifests of the operator
// target. The command line and the stack's in-cluster load generator both
// take their templates from here, so a name means the same job everywhere.
package templates

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

// Targets and the template format each one takes.
const (
	TargetEMR      = "emr"      // StartJobRun JSON
	TargetLocal    = "local"    // StartJobRun JSON (the in-process model of EMR)
	TargetOperator = "operator" // SparkApplication YAML
)

// Shipped template names.
const (
	SparkPi = "spark-pi" // the light job: Spark's Pi example
	TPCDS   = "tpcds"    // the heavy job: the old toolkit's TPC-DS benchmark
)

//go:embed *.json *.yaml
var files embed.FS

// Template is a shipped template's content.
type Template struct {
	Name string // e.g. spark-pi
	File string // the file name, e.g. spark-pi.json: its extension says the format
	Data []byte
}

// Ext is the file extension of a target's templates: ".json" for emr and
// local, ".yaml" for operator.
func Ext(target string) (string, error) {
	switch target {
	case TargetEMR, TargetLocal, "":
		return ".json", nil
	case TargetOperator:
		return ".yaml", nil
	}
	return "", fmt.Errorf("target %q: want %s, %s or %s", target, TargetEMR, TargetLocal, TargetOperator)
}

// Lookup returns the shipped template name for target ("" means emr). ok is
// false when no such template is shipped (name may then be a file path).
func Lookup(target, name string) (t Template, ok bool) {
	ext, err := Ext(target)
	if err != nil || strings.ContainsAny(name, "/.") {
		return Template{}, false
	}
	data, err := fs.ReadFile(files, name+ext)
	if err != nil {
		return Template{}, false
	}
	return Template{Name: name, File: name + ext, Data: data}, true
}

// Names lists the templates shipped for target, sorted.
func Names(target string) []string {
	ext, err := Ext(target)
	if err != nil {
		return nil
	}
	matches, _ := fs.Glob(files, "*"+ext)
	names := make([]string, len(matches))
	for i, m := range matches {
		names[i] = strings.TrimSuffix(m, ext)
	}
	sort.Strings(names)
	return names
}
