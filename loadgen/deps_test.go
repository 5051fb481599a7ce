package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// TestLoadgenLinksNoPulumi keeps the Pulumi SDKs out of the loadgen binary:
// linking them (through stacks/ or infra/) costs ~80 MiB of RSS before a
// command does anything, which `loadgen report`'s memory target cannot
// afford. Stack configuration and the builders loadgen uses live in spec/.
func TestLoadgenLinksNoPulumi(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to list loadgen's dependencies: %v", err)
	}
	out, err := exec.Command(goBin, "list", "-deps", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	var offenders []string
	for line := range strings.Lines(string(out)) {
		fields := strings.Fields(line)
		if len(fields) == 0 || isPulumi(fields[0]) {
			continue
		}
		for _, imp := range fields[1:] {
			if isPulumi(imp) {
				offenders = append(offenders, fields[0]+" imports "+imp)
			}
		}
	}
	slices.Sort(offenders)
	if len(offenders) > 0 {
		t.Errorf("loadgen links the Pulumi SDKs (move the pure code it needs to spec/):\n%s", strings.Join(offenders, "\n"))
	}
}

func isPulumi(path string) bool { return strings.HasPrefix(path, "github.com/pulumi/") }
