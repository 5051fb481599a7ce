package cli

import (
	"flag"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/web"
)

// DefaultProgressEvery is the progress log line's interval off a terminal.
const DefaultProgressEvery = 10 * time.Second

// liveFlags shape the run's live view: the page and /metrics, and the
// progress line on stderr.
type liveFlags struct {
	web           bool
	webAddr       string
	progressEvery time.Duration
}

func (l *liveFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&l.web, "web", true, "serve the live page and /metrics while the run goes (--web=false disables)")
	fs.StringVar(&l.webAddr, "web-addr", web.DefaultAddr, "listen address of the live page and /metrics")
	fs.DurationVar(&l.progressEvery, "progress-every", DefaultProgressEvery, "progress log line interval when stderr is not a terminal (a terminal refreshes every second)")
}
