package scaleout

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

// Part is one worker's journal as read back.
type Part struct {
	Dir     string
	Worker  int
	Derived *journal.Derived
}

// Find lists the journals of a run directory: dir itself when it holds a
// journal, else its worker-<i> subdirectories, in worker order.
func Find(dir string) ([]string, error) {
	if _, err := os.Stat(filepath.Join(dir, journal.FileName)); err == nil {
		return []string{dir}, nil
	}
	matches, err := filepath.Glob(filepath.Join(dir, "worker-*", journal.FileName))
	if err != nil {
		return nil, err
	}
	if len(matches) == 0 {
		return nil, fmt.Errorf("%w: %s has no %s and no worker-*/%s: give a run directory (runs/<session>)",
			ErrUsage, dir, journal.FileName, journal.FileName)
	}
	dirs := make([]string, len(matches))
	for i, m := range matches {
		dirs[i] = filepath.Dir(m)
	}
	sort.Slice(dirs, func(a, b int) bool { return workerOf(dirs[a], a) < workerOf(dirs[b], b) })
	return dirs, nil
}

// workerOf reads i from a worker-<i> directory name (fallback: position).
func workerOf(dir string, pos int) int {
	n, err := strconv.Atoi(strings.TrimPrefix(filepath.Base(dir), "worker-"))
	if err != nil {
		return pos
	}
	return n
}

// Read derives every journal of a run directory.
func Read(dir string) ([]Part, error) {
	dirs, err := Find(dir)
	if err != nil {
		return nil, err
	}
	parts := make([]Part, 0, len(dirs))
	for i, d := range dirs {
		der, err := journal.ReadDir(d)
		if err != nil {
			return nil, err
		}
		parts = append(parts, Part{Dir: d, Worker: workerOf(d, i), Derived: der})
	}
	return parts, nil
}

// Combine concatenates the workers' runs into one: every job and sample
// keeps its worker index, the run spans the earliest start to the latest
// end. Summarize over the result computes each percentile from every job
// (the same as stats.Merge of per-worker summaries). The parts must be of
// one session and target.
func Combine(parts []Part) (stats.Run, error) {
	if len(parts) == 0 {
		return stats.Run{}, fmt.Errorf("%w: no journals to combine", ErrUsage)
	}
	run := parts[0].Derived.Run
	run.Jobs, run.Samples = nil, nil
	for _, p := range parts {
		r := p.Derived.Run
		if r.Session != run.Session || r.Target != run.Target {
			return stats.Run{}, fmt.Errorf("%s: session %q target %q, but %s has session %q target %q: %w",
				p.Dir, r.Session, r.Target, parts[0].Dir, run.Session, run.Target, stats.ErrMismatch)
		}
		if r.Start.Before(run.Start) {
			run.Start = r.Start
		}
		if r.End.After(run.End) {
			run.End = r.End
		}
		for _, j := range r.Jobs {
			j.Worker = p.Worker
			run.Jobs = append(run.Jobs, j)
		}
		for _, s := range r.Samples {
			s.Worker = p.Worker
			run.Samples = append(run.Samples, s)
		}
	}
	return run, nil
}
