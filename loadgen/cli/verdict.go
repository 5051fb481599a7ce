package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

// DefaultMaxErrorRatio is the --max-error-ratio default: a run whose sent
// submissions fail more often than this failed (exit 1).
const DefaultMaxErrorRatio = 0.5

// ErrRunFailed is a run whose submissions all failed, or whose error ratio
// passed --max-error-ratio: it exits 1 (runtime error), whatever the
// thresholds say, with the distinct errors printed above it.
var ErrRunFailed = errors.New("the run failed")

// verdictFlags hold the failed-run bound (run and report).
type verdictFlags struct{ maxErrorRatio ratioFlag }

func (v *verdictFlags) register(fs *flag.FlagSet) {
	v.maxErrorRatio = DefaultMaxErrorRatio
	fs.Var(&v.maxErrorRatio, "max-error-ratio", "the run fails (exit 1) when more than this share of sent StartJobRun calls fail, or all do; 1 = only when all do")
}

// ratioFlag is a float in [0,1].
type ratioFlag float64

func (r *ratioFlag) String() string { return strconv.FormatFloat(float64(*r), 'g', -1, 64) }

func (r *ratioFlag) Set(s string) error {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 0 || v > 1 || v != v {
		return fmt.Errorf("%q: want a ratio between 0 and 1, e.g. 0.5", s)
	}
	*r = ratioFlag(v)
	return nil
}

// runVerdict fails a run whose sent submissions all failed, or whose error
// ratio is over maxErrorRatio. Calls the journal has no answer for (the
// process died during them: outcome unknown) are neither; a run that sent
// nothing is judged elsewhere.
func runVerdict(sum stats.Summary, maxErrorRatio float64) error {
	sent, failed := sum.Submitted, sum.SubmitErrors
	switch {
	case sent > 0 && sum.Accepted == 0:
		return fmt.Errorf("%w: all %d StartJobRun calls failed (errors listed above; check the endpoint, virtual cluster ids and role with loadgen validate)",
			ErrRunFailed, sent)
	case sent > 0 && float64(failed)/float64(sent) > maxErrorRatio:
		return fmt.Errorf("%w: %d of %d StartJobRun calls failed (%.1f%%), over --max-error-ratio %g (errors listed above)",
			ErrRunFailed, failed, sent, 100*float64(failed)/float64(sent), maxErrorRatio)
	}
	return nil
}

// printVerdict prints a failed run's verdict under the summary.
func printVerdict(w io.Writer, err error) {
	if err != nil {
		fmt.Fprintf(w, "FAILED: %v\n", err)
	}
}
