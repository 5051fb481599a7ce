package plan

import (
	"math"
	"time"
)

// Cluster Autoscaler looks for unschedulable pods every scanInterval (its
// --scan-interval default; the stack leaves it), then grows a node group.
const scanInterval = 10 * time.Second

// flight is how long the plan's jobs stay in flight: the run time, plus,
// for a job whose pods need new nodes, a node wait for its driver (and
// job-submitter pod) and then one for its executors, which Spark creates
// only once the driver runs. Each wait is the autoscaler's reaction (a
// Karpenter batch closing, or Cluster Autoscaler's scan) and the node start.
func (in Input) flight(peakPerSec float64) flight {
	start := nodeStartDelay(in)
	react, keep := batchWait(peakPerSec), karpenterKeep
	if !usesNodePools(in) {
		react, keep = scanInterval/2, in.Stack.CAS.ScaleDownUnneededTime
	}
	return flight{run: in.RunTime, wait: 2 * (start + react), keep: keep}
}

// batchWait is how long a pod waits, on average, for its Karpenter batch to
// close at perSec jobs a second. With arrivals at random a batch stays open
// until a gap of batchIdle, E = (e^(λ·idle) − 1)/λ (at most batchMax), and
// a pod arrives on average halfway through it: (E + idle) / 2. A lone job
// waits batchIdle, a stream 5.5 s.
func batchWait(perSec float64) time.Duration {
	idle := batchIdle.Seconds()
	open := idle
	if perSec > 0 {
		open = math.Min(batchMax.Seconds(), math.Expm1(perSec*idle)/perSec)
	}
	return time.Duration((open + idle) / 2 * float64(time.Second)).Round(time.Millisecond)
}

// karpenterKeep is how long an empty or underused node outlives its last
// job: the NodePools' consolidateAfter (karpenter.DefaultConsolidate; a
// test holds them equal).
const karpenterKeep = time.Minute
