package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// twinProcs are the rehearsal's processes whose CPU time the bench reports
// (command names as /proc/PID/comm has them: 15 characters at most).
var twinProcs = []string{"kube-apiserver", "etcd", "kube-scheduler", "kube-controller", "karpenter-kwok", "kwok", "loadgen"}

// clockTicks is USER_HZ, the unit of /proc/PID/stat's times (100 on Linux).
const clockTicks = 100

// procCPU is one process's CPU time when first and last seen.
type procCPU struct {
	comm        string
	first, last time.Duration
}

// sampleCPU reads every twin process's user + system time into seen.
func sampleCPU(seen map[int]*procCPU) {
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	for _, d := range dirs {
		pid, err := strconv.Atoi(filepath.Base(d))
		if err != nil {
			continue
		}
		comm, cpu, ok := readStat(d)
		if !ok || !slices.Contains(twinProcs, comm) {
			continue
		}
		if p, ok := seen[pid]; ok && p.comm == comm {
			p.last = cpu
			continue
		}
		seen[pid] = &procCPU{comm: comm, first: cpu, last: cpu}
	}
}

// readStat is /proc/PID/stat's command name and utime + stime.
func readStat(dir string) (string, time.Duration, bool) {
	b, err := os.ReadFile(filepath.Join(dir, "stat"))
	if err != nil {
		return "", 0, false
	}
	s := string(b)
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end < open {
		return "", 0, false
	}
	f := strings.Fields(s[end+1:]) // f[0] is field 3 (state); utime, stime are fields 14, 15
	if len(f) < 13 {
		return "", 0, false
	}
	u, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return "", 0, false
	}
	return s[open+1 : end], time.Duration(u+st) * time.Second / clockTicks, true
}

// cpuUse sums the CPU time used while sampled, by command name.
func cpuUse(seen map[int]*procCPU) map[string]time.Duration {
	out := map[string]time.Duration{}
	for _, p := range seen {
		out[p.comm] += p.last - p.first
	}
	return out
}

// cpuLine is the processes' CPU over wall, busiest first, in cores.
func cpuLine(use map[string]time.Duration, wall time.Duration) string {
	names := make([]string, 0, len(use))
	for n := range use {
		names = append(names, n)
	}
	slices.SortFunc(names, func(a, b string) int { return int(use[b] - use[a]) })
	parts := make([]string, 0, len(names))
	for _, n := range names {
		parts = append(parts, fmt.Sprintf("%s %.2f", n, use[n].Seconds()/wall.Seconds()))
	}
	return strings.Join(parts, ", ")
}
