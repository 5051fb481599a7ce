package cli

import (
	"flag"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
)

// callFlags are the deadlines of one submission call: how long it may take
// with its retries, and how long retries go on after scheduling stops.
type callFlags struct {
	callTimeout, retryGrace time.Duration
}

func (c *callFlags) register(fs *flag.FlagSet) {
	fs.DurationVar(&c.callTimeout, "call-timeout", engine.DefaultCallTimeout, "deadline of one StartJobRun call, retries included: a call still unanswered then is recorded as unknown outcome and resolved by tracking")
	fs.DurationVar(&c.retryGrace, "retry-grace", engine.DefaultRetryGrace, "retries stop this long after the end of --duration (a call still retrying then ends with its last error)")
}
