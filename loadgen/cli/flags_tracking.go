package cli

import (
	"flag"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/emr"
)

// DefaultTrackInterval is --track-interval's default (emr's start-scan interval).
const DefaultTrackInterval = emr.DefaultTrackInterval

// trackingFlags say how the accepted jobs are followed to their final
// state: the pod watch or ListJobRuns polling, the scans' intervals, and how
// long tracking goes on after the last submission.
type trackingFlags struct {
	trackPods                 string
	trackInterval, trackAfter time.Duration
	trackFullInterval         time.Duration
}

func (t *trackingFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&t.trackPods, "track-pods", TrackPodsAuto, trackPodsUsage)
	fs.DurationVar(&t.trackInterval, "track-interval", DefaultTrackInterval, "ListJobRuns start scan interval when polling (not with the pod watch), only on virtual clusters with jobs not yet RUNNING: started times are late by at most this")
	fs.DurationVar(&t.trackFullInterval, "track-full-interval", emr.DefaultTrackFullInterval, "longest pause between ListJobRuns finish scans when polling (15 track intervals while jobs finish, doubling up to this while none does); finish times stay exact, only the live view lags. With the pod watch: its safety-net scan interval, 30m unless given")
	fs.DurationVar(&t.trackAfter, "track-after", 0, "after the last submission keep tracking this long, or until no job is live (e.g. 15m to see jobs finish)")
}
