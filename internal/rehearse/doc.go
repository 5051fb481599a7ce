// Package rehearse runs the scheduling and scaling half of a stack on a
// local control plane: the stack's Karpenter NodePools (built by
// infra/karpenter, their nodeClassRef pointed at a KWOKNodeClass) served by
// Karpenter core's kwok cloud provider, the stack's binpacking
// KubeSchedulerConfiguration (built by infra/scheduler) as a second
// kube-scheduler process, the operational node group as kwok nodes shaped
// by infra/capacity (as internal/twin shapes them), the twin's stand-ins
// for the operational workloads and daemonsets, and the job namespaces.
// The instance types Karpenter may launch are generated from the
// NodePools' families, sizes, architectures and zones with vCPU, memory,
// max pods and prices from infra/capacity.
//
// docs/rehearsal.md says what a rehearsal shows and what it cannot.
package rehearse
