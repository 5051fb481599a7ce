// Package report writes the reports of a run: the end-of-run terminal summary, report.json,
// jobs.csv and a self-contained report.html. Every file is written atomically (temporary file in the
// same directory, then rename), so a crash never leaves a half-written report. The formats are
// documented in README.md next to this file.
package report

import (
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
func WriteAll(dir string, r stats.Run, s stats.Summary) error { return writeAll(dir, r, s, Extras{}) }

func writeAll(dir string, r stats.Run, s stats.Summary, e Extras) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("creating report directory: %w", err)
	}
	writers := []struct {
		name  string
		write func(io.Writer) error
	}{
		{JSONFile, func(w io.Writer) error { return writeJSON(w, s, e) }},
		{CSVFile, func(w io.Writer) error { return WriteCSV(w, r.Jobs) }},
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
func writeAtomic(path string, write func(io.Writer) error) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	bw := newBuffered(tmp)
	if err = write(bw); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
