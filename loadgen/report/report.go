// Package report writes the reports of a run: the end-of-run terminal summary, report.json,
// jobs.csv and a self-contained report.html. Every file is written atomically (temporary file in the
// same directory, then rename), so a crash never leaves a half-written report. The formats are
// documented in README.md next to this file.
package report

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

// File names written by WriteAll.
const (
	JSONFile = "report.json"
	CSVFile  = "jobs.csv"
	HTMLFile = "report.html"
)

// WriteAll writes report.json, jobs.csv and report.html into dir (created if missing). r gives the
// per-job rows of jobs.csv and must hold the jobs s was made from (for merged workers: all of them).
// A report of a journal too large to hold writes jobs.csv with a JobsCSV as it streams the jobs
// and the other two with WriteSummaries.
func WriteAll(dir string, r stats.Run, s stats.Summary) error { return writeAll(dir, r, s, Extras{}) }

func writeAll(dir string, r stats.Run, s stats.Summary, e Extras) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating report directory: %w", err)
	}
	if err := writeAtomic(filepath.Join(dir, CSVFile), func(w io.Writer) error { return WriteCSV(w, r.Jobs) }); err != nil {
		return fmt.Errorf("writing %s: %w", CSVFile, err)
	}
	return WriteSummaries(dir, s, e)
}

// WriteSummaries writes report.json and report.html into dir (created if missing).
func WriteSummaries(dir string, s stats.Summary, e Extras) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating report directory: %w", err)
	}
	writers := []struct {
		name  string
		write func(io.Writer) error
	}{
		{JSONFile, func(w io.Writer) error { return writeJSON(w, s, e) }},
		{HTMLFile, func(w io.Writer) error { return writeHTML(w, s, e) }},
	}
	for _, f := range writers {
		if err := writeAtomic(filepath.Join(dir, f.name), f.write); err != nil {
			return fmt.Errorf("writing %s: %w", f.name, err)
		}
	}
	return nil
}

// writeAtomic writes through a temporary file in the same directory, syncs it and renames it over path.
func writeAtomic(path string, write func(io.Writer) error) error {
	f, err := createAtomic(path)
	if err != nil {
		return err
	}
	if err := write(f.w); err != nil {
		f.abort()
		return err
	}
	return f.commit()
}

// atomicFile is a file written under a temporary name in its directory and
// renamed over its path once complete, so a crash never leaves half of it.
type atomicFile struct {
	path string
	tmp  *os.File
	w    *bufio.Writer
}

func createAtomic(path string) (*atomicFile, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return nil, err
	}
	return &atomicFile{path: path, tmp: tmp, w: newBuffered(tmp)}, nil
}

func (f *atomicFile) abort() {
	_ = f.tmp.Close()
	_ = os.Remove(f.tmp.Name())
}

func (f *atomicFile) commit() error {
	err := f.w.Flush()
	if err == nil {
		err = f.tmp.Chmod(0o644)
	}
	if err == nil {
		err = f.tmp.Sync()
	}
	if err != nil {
		f.abort()
		return err
	}
	if err := f.tmp.Close(); err != nil {
		_ = os.Remove(f.tmp.Name())
		return err
	}
	return os.Rename(f.tmp.Name(), f.path)
}
