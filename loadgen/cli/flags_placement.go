package cli

import (
	"flag"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
)

// placementFlags say where each job goes: its zone and virtual cluster
// (given, or created for the session), the NodePools of its driver and
// executors, and the scheduler of its pods.
type placementFlags struct {
	azPolicy, vcPolicy       string
	driverPool, executorPool string
	scheduler                string
	createVCs                bool
}

func (p *placementFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&p.azPolicy, "az-policy", engine.PolicyRoundRobin, "AZ per job: random or round-robin")
	fs.StringVar(&p.vcPolicy, "vc-policy", engine.PolicyRoundRobin, "virtual cluster per job: random or round-robin")
	fs.BoolVar(&p.createVCs, "create-virtual-clusters", false, "create one session-owned virtual cluster per job namespace (removed by loadgen stop)")
	fs.StringVar(&p.driverPool, "driver-nodepool", "", "Karpenter NodePool for drivers (node selector karpenter.sh/nodepool; empty: none)")
	fs.StringVar(&p.executorPool, "executor-nodepool", "", "Karpenter NodePool for executors (empty: none)")
	fs.StringVar(&p.scheduler, "scheduler-name", "", "Kubernetes scheduler for the job's pods (default: outputs schedulerName if --scheduler-name=outputs, else the default scheduler)")
}
