package plan

import (
	"math"
	"time"
)

// Karpenter's provisioner gathers pending pods into a batch that closes after
// batchIdle without a new pod or batchMax in all (its BATCH_IDLE_DURATION and
// BATCH_MAX_DURATION defaults), then launches for the batch the cheapest
// instance types that hold it. Pods arriving later fill the room left on the
// nodes (a MostAllocated scheduler prefers the fullest node), so in steady
// state a pool's nodes are of the type one batch gets: a trickle of jobs gets
// small nodes, a burst large ones.
const (
	batchIdle = time.Second
	batchMax  = 10 * time.Second
)

// batchJobs is how many jobs' pods one batch holds at perSec arrivals a
// second (the peak rate): a batch stays open while the next arrival comes
// within batchIdle, so with arrivals spread at random it holds e^(λ·idle)
// jobs on average, and at most those of batchMax. Never below one job.
func batchJobs(perSec float64) int64 {
	if perSec <= 0 {
		return 1
	}
	open := math.Exp(perSec * batchIdle.Seconds())
	return max(1, int64(math.Round(math.Min(open, 1+perSec*batchMax.Seconds()))))
}

// DefaultNodeStartDelay is Input.NodeStartDelay's default: Karpenter's
// launch to a Ready node (EC2 launch, boot, join), an assumption, the same
// as the rehearsal's --node-start-delay.
const DefaultNodeStartDelay = 45 * time.Second

// jobsPerAZ is a batch's jobs in one AZ (jobs go round-robin over the AZs).
func jobsPerAZ(jobs int64, azs int) int64 { return (jobs + int64(azs) - 1) / int64(azs) }

// executorBatchJobs is how many jobs' executors reach Karpenter together in
// one AZ. A job's executors are created when its driver runs; while the
// plan grows, drivers wait for new nodes and a new driver node starts all
// the drivers that waited for it at once: the jobs arriving in the AZ during
// a node start, at most a driver node's worth. Never fewer than one batch.
func executorBatchJobs(perSec float64, azs int, start time.Duration, driversPerNode, batch int64) int64 {
	waited := int64(math.Round(perSec / float64(azs) * (start + batchIdle).Seconds()))
	return max(jobsPerAZ(batch, azs), min(driversPerNode, waited))
}

// batchOf is one batch's groups in one AZ: jobs of them, each group's
// count per job times that, but never more than the AZ's peak.
func batchOf(peakPerAZ []group, perJob []int64, jobs int64) []group {
	out := make([]group, len(peakPerAZ))
	for i, g := range peakPerAZ {
		out[i] = group{g.pod, min(g.count, jobs*perJob[i])}
	}
	return out
}

// OpeningBurst is how many jobs of users starting spawnRate a second (0:
// all at once) reach Karpenter in one batch: all of them while users start
// within batchIdle of each other, at most those of batchMax; else one.
func OpeningBurst(users int, spawnRate float64) float64 {
	switch {
	case users <= 0:
		return 0
	case spawnRate <= 0:
		return float64(users)
	case 1/spawnRate > batchIdle.Seconds():
		return 1
	}
	return math.Min(float64(users), 1+math.Floor(spawnRate*batchMax.Seconds()))
}
