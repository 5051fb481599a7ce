package templates

import (
	"slices"
	"testing"
)

func TestLookupByTargetAndName(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, target, template, file string
		ok                           bool
	}{
		{name: "emr json", target: TargetEMR, template: SparkPi, file: "spark-pi.json", ok: true},
		{name: "default target is emr", target: "", template: TPCDS, file: "tpcds.json", ok: true},
		{name: "local json", target: TargetLocal, template: SparkPi, file: "spark-pi.json", ok: true},
		{name: "operator yaml", target: TargetOperator, template: SparkPi, file: "spark-pi.yaml", ok: true},
		{name: "unknown name", target: TargetEMR, template: "nope"},
		{name: "a path is not a name", target: TargetEMR, template: "./spark-pi"},
		{name: "unknown target", target: "locust", template: SparkPi},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, ok := Lookup(tc.target, tc.template)
			if ok != tc.ok || got.File != tc.file || (ok && len(got.Data) == 0) {
				t.Fatalf("Lookup(%q, %q) = %q, %d bytes, %v; want %q, %v", tc.target, tc.template, got.File, len(got.Data), ok, tc.file, tc.ok)
			}
		})
	}
}

func TestEveryTargetShipsTheSameNames(t *testing.T) {
	t.Parallel()
	want := []string{SparkPi, TPCDS}
	for _, target := range []string{TargetEMR, TargetLocal, TargetOperator} {
		if got := Names(target); !slices.Equal(got, want) {
			t.Errorf("Names(%s) = %v, want %v", target, got, want)
		}
	}
}
