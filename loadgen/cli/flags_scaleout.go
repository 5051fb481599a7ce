package cli

import (
	"flag"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/scaleout"
)

// scaleOutFlags share one plan among worker processes and collect their
// run directories.
type scaleOutFlags struct {
	workerIndex, workers int // -1: from the environment (scaleout.FromEnv)
	results              string
}

func (s *scaleOutFlags) register(fs *flag.FlagSet) {
	fs.IntVar(&s.workerIndex, "worker-index", -1, "this worker's index, 0..workers-1 (default: $"+scaleout.IndexEnv+", else 0)")
	fs.IntVar(&s.workers, "workers", -1, "workers sharing the plan: rate, users and max jobs are split evenly (default: $"+scaleout.WorkersEnv+", else 1)")
	fs.StringVar(&s.results, "results", "", "after the run, copy the run directory to a `DIR` or s3://bucket/prefix (as <session>/[worker-<i>/])")
}

// worker is this process's share of the plan, from the flags or the
// environment (a Kubernetes indexed Job's).
func (s *scaleOutFlags) worker(getenv func(string) string) (scaleout.Worker, error) {
	w, err := scaleout.FromEnv(getenv, s.workerIndex, s.workers)
	return w, usageFrom(err, scaleout.ErrUsage)
}
