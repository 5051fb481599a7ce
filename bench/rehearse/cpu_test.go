package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// /proc/self/stat gives this test binary's name and a CPU time that grows
// as it works.
func TestReadStatOfSelf(t *testing.T) {
	comm, before, ok := readStat("/proc/self")
	if !ok {
		t.Skip("no /proc/self/stat (not Linux)")
	}
	if want := filepath.Base(os.Args[0]); !strings.HasPrefix(want, comm) || comm == "" {
		t.Errorf("comm %q, want a prefix of %q", comm, want)
	}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); {
		if _, after, _ := readStat("/proc/self"); after > before {
			return
		}
		for i := range 1_000_000 {
			_ = i * i
		}
	}
	t.Errorf("CPU time stayed at %s while the test spun", before)
}

// A process counts from when it was first seen; names sum; the line is in
// cores, busiest first.
func TestCPUUseAndLine(t *testing.T) {
	seen := map[int]*procCPU{
		1: {comm: "kube-apiserver", first: 10 * time.Second, last: 70 * time.Second},
		2: {comm: "kube-scheduler", first: 0, last: 6 * time.Second},
		3: {comm: "kube-scheduler", first: time.Second, last: 10 * time.Second},
	}
	use := cpuUse(seen)
	if use["kube-apiserver"] != time.Minute || use["kube-scheduler"] != 15*time.Second {
		t.Fatalf("use %v, want kube-apiserver 1m, kube-scheduler 15s", use)
	}
	if got, want := cpuLine(use, 2*time.Minute), "kube-apiserver 0.50, kube-scheduler 0.12"; got != want {
		t.Errorf("line %q, want %q", got, want)
	}
}
