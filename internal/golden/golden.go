// Package golden compares test output with testdata/<name>.golden files.
// Run `go test ./... -update` to rewrite them after an intended change,
// then review the diff.
package golden

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden files")

// Assert compares got with testdata/<name>.golden (or writes it with -update).
func Assert(t testing.TB, name string, got []byte) {
	t.Helper()
	AssertFile(t, name+".golden", got)
}

// AssertFile is Assert for a golden file named in full: it compares got
// with testdata/<file> (or writes it with -update), for files that do not
// end in ".golden" (e.g. "chart-inputs.golden.json").
func AssertFile(t testing.TB, file string, got []byte) {
	t.Helper()
	name := strings.TrimSuffix(file, ".golden")
	path := filepath.Join("testdata", file)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden file (run go test -update to create it): %v", err)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs from %s (run go test -update after an intended change)\n--- got\n%s\n--- want\n%s", name, path, got, want)
	}
}

// AssertJSON marshals v with indentation and compares it.
func AssertJSON(t testing.TB, name string, v any) {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	Assert(t, name, append(b, '\n'))
}

// AssertJSONFile is AssertJSON for a golden file named in full (see AssertFile).
func AssertJSONFile(t testing.TB, file string, v any) {
	t.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	AssertFile(t, file, append(b, '\n'))
}
