// Package scaleout splits one load plan across N workers (an Indexed Job in
// the cluster, or several processes), gives each worker its own journal
// directory, ships a worker's results to a directory or to S3, and reads N
// workers' journals back as one run, so that `loadgen report` computes
// percentiles over every job (never by averaging the workers' percentiles).
package scaleout

import (
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
)

// Environment variables that default --worker-index and --workers. A
// Kubernetes Indexed Job sets JOB_COMPLETION_INDEX in each pod; the Job's
// template sets WorkersEnv to its completions.
const (
	IndexEnv   = "JOB_COMPLETION_INDEX"
	WorkersEnv = "LOADGEN_WORKERS"
)

// ErrUsage marks bad flag or environment values.
var ErrUsage = errors.New("usage")

// Worker is this process's share of a scaled-out run.
type Worker struct {
	Index int // 0-based
	Count int // >= 1
}

// Single is the worker of a run that is not scaled out.
var Single = Worker{Index: 0, Count: 1}

// FromEnv reads the worker from getenv; flag values (index, count >= 0 when
// given on the command line, -1 otherwise) win over the environment.
func FromEnv(getenv func(string) string, index, count int) (Worker, error) {
	w := Single
	var errs []error
	read := func(flag, env string, v int, dst *int) {
		switch {
		case v >= 0:
			*dst = v
		case getenv(env) != "":
			n, err := strconv.Atoi(getenv(env))
			if err != nil {
				errs = append(errs, fmt.Errorf("%w: $%s %q (default of --%s): want an integer", ErrUsage, env, getenv(env), flag))
			}
			*dst = n
		}
	}
	read("worker-index", IndexEnv, index, &w.Index)
	read("workers", WorkersEnv, count, &w.Count)
	if err := errors.Join(errs...); err != nil {
		return w, err
	}
	return w, w.Validate()
}

// Validate checks 0 <= Index < Count.
func (w Worker) Validate() error {
	if w.Count < 1 {
		return fmt.Errorf("%w: --workers %d: want at least 1", ErrUsage, w.Count)
	}
	if w.Index < 0 || w.Index >= w.Count {
		return fmt.Errorf("%w: --worker-index %d: want 0..%d for --workers %d", ErrUsage, w.Index, w.Count-1, w.Count)
	}
	return nil
}

// Scaled reports whether the run has several workers.
func (w Worker) Scaled() bool { return w.Count > 1 }

// Rate is this worker's share of an arrival rate (jobs per unit): an even
// split, so N workers together send the planned rate.
func (w Worker) Rate(total float64) float64 { return total / float64(w.Count) }

// Share is this worker's share of a count (users, max jobs): an even split,
// the first total%Count workers taking one more, so the shares add up to
// total exactly.
func (w Worker) Share(total int64) int64 {
	n := total / int64(w.Count)
	if int64(w.Index) < total%int64(w.Count) {
		n++
	}
	return n
}

// DirName is the worker's directory inside the session's run directory
// (runs/<session>/worker-<i>) when the run is scaled out.
func (w Worker) DirName() string { return "worker-" + strconv.Itoa(w.Index) }

// RunDir is where the worker's journal and reports go: the session
// directory alone, or its worker subdirectory when scaled out.
func (w Worker) RunDir(runsDir, session string) string {
	if !w.Scaled() {
		return filepath.Join(runsDir, session)
	}
	return filepath.Join(runsDir, session, w.DirName())
}
