package report

import (
	"errors"
	"io"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

// Interim: these writers are being implemented in this commit series.
var errTODO = errors.New("report writer not implemented yet")

// WriteJSON writes report.json.
func WriteJSON(w io.Writer, s stats.Summary) error { return errTODO }

// WriteCSV writes jobs.csv: one row per job, stable column order.
func WriteCSV(w io.Writer, jobs []stats.Job) error { return errTODO }

// WriteHTML writes the self-contained report.html.
func WriteHTML(w io.Writer, s stats.Summary) error { return errTODO }

// Terminal writes the end-of-run summary.
func Terminal(w io.Writer, r stats.Run, s stats.Summary) {}
