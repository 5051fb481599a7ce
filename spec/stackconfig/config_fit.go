package stackconfig

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/capacity"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/sparkoperator"
)

// Requests of the pods we do not size ourselves: the charts' and EKS
// add-ons' defaults. config_fit_test.go reads the charts that are in Go
// modules (metrics-server, VPC CNI, Karpenter) so these cannot drift
// silently; docs/twin.md names the source of the others.
const (
	coreDNSMilliCPU, coreDNSMiB                = 100, 70 // EKS coredns add-on / kubernetes cluster/addons/dns
	metricsServerMilliCPU, metricsServerMiB    = 100, 200
	metricsServerReplicas                      = 2 // infra/addons.MetricsServerValues
	lbcReplicas                                = 2 // infra/addons.LoadBalancerControllerValues; chart resources: {}
	ebsCSIControllerMilliCPU, ebsCSIControlMiB = 10, 40
	ebsCSIControllerReplicas                   = 2
	awsNodeMilliCPU                            = 25  // aws-vpc-cni chart resources.requests
	kubeProxyMilliCPU                          = 100 // EKS kube-proxy add-on
	ebsCSINodeMilliCPU, ebsCSINodeMiB          = 10, 40
	loadgenSidecarMilliCPU, loadgenSidecarMiB  = 50, 128 // infra/loadgenapp job.go results sidecar
)

// opsPods is one workload on the operational nodes.
type opsPods struct {
	name     string
	keys     []string // config keys that size it
	replicas int
	milliCPU int64 // per pod
	memMiB   int64 // per pod
	// onePerNode: required pod anti-affinity on kubernetes.io/hostname
	// among its own pods.
	onePerNode bool
}

// opsWorkloads lists what runs on the operational nodes besides
// DaemonSets, as the components render it.
func (cfg *Config) opsWorkloads() []opsPods {
	var out []opsPods
	add := func(p opsPods) {
		if p.replicas > 0 {
			out = append(out, p)
		}
	}
	if cfg.Autoscaling.Karpenter() {
		k := cfg.Karpenter
		add(opsPods{"karpenter", []string{keyKarpenterReplicas}, k.Replicas, milli(k.ControllerCPU), mebi(k.ControllerMem), true})
	}
	if !cfg.appNodesAtStart() {
		add(opsPods{"coredns", []string{keyCoreDNSReplicas}, cfg.Addons.CoreDNSReplicas, coreDNSMilliCPU, coreDNSMiB, false})
	}
	if cfg.Addons.MetricsServer {
		add(opsPods{"metrics-server", []string{keyMetricsServer}, metricsServerReplicas, metricsServerMilliCPU, metricsServerMiB, false})
	}
	if cfg.Addons.LoadBalancerController {
		add(opsPods{"aws-load-balancer-controller", []string{keyLoadBalancerController}, lbcReplicas, 0, 0, false})
	}
	add(opsPods{"ebs-csi-controller", nil, ebsCSIControllerReplicas, ebsCSIControllerMilliCPU, ebsCSIControlMiB, false})
	if cfg.Autoscaling.ClusterAutoscaler() {
		add(opsPods{"cluster-autoscaler", nil, cfg.CAS.Replicas, 0, 0, false})
	}
	if cfg.Scheduler.Enabled {
		s := cfg.Scheduler
		add(opsPods{"binpacking scheduler", []string{keySchedulerReplicas}, s.Replicas, milli(s.CPURequest), mebi(s.MemoryRequest), false})
	}
	add(cfg.sparkOperatorPods())
	add(opsPods{"kube-prometheus-stack", nil, cfg.monitoringPods(), 0, 0, false})
	if cfg.Loadgen.Enabled && cfg.Loadgen.Start { // the workers exist only once started
		l := cfg.PlacedLoadgen()
		add(opsPods{"loadgen workers", []string{keyLoadgenWorkers}, l.Workers,
			milli(l.CPURequest) + loadgenSidecarMilliCPU, mebi(l.MemoryRequest) + loadgenSidecarMiB, false})
	}
	return out
}

func (cfg *Config) sparkOperatorPods() opsPods {
	op := cfg.PlacedSparkOperator()
	n := len(sparkoperator.Releases(op, cfg.EMR.JobNamespaces()))
	keys := []string{keySparkOperatorMode, keyJobNamespaceCount, keySparkOperatorCPUReq, keySparkOperatorMemReq}
	return opsPods{"spark operator", keys, n, milli(op.Resources.CPURequest), mebi(op.Resources.MemoryRequest),
		n > 1 && antiAffinityAcrossReleases(op)}
}

// antiAffinityAcrossReleases reports whether the operators' rendered
// required anti-affinity keeps operators of different releases apart. A
// term without namespaces or namespaceSelector applies only within the
// pod's own namespace, and each multiple-mode operator has its own, so
// such a term does not spread them (the real kube-scheduler agrees: see
// internal/twin).
func antiAffinityAcrossReleases(op sparkoperator.Config) bool {
	releases := sparkoperator.Releases(op, []string{"a", "b"})
	b, err := json.Marshal(sparkoperator.Values(op, releases[0], ""))
	if err != nil {
		return false
	}
	var v struct {
		Affinity *corev1.Affinity `json:"affinity"`
	}
	if json.Unmarshal(b, &v) != nil {
		return false
	}
	return hostAntiAffinityAcrossNamespaces(v.Affinity)
}

func hostAntiAffinityAcrossNamespaces(a *corev1.Affinity) bool {
	if a == nil || a.PodAntiAffinity == nil {
		return false
	}
	for _, term := range a.PodAntiAffinity.RequiredDuringSchedulingIgnoredDuringExecution {
		if term.TopologyKey == "kubernetes.io/hostname" && (term.NamespaceSelector != nil || len(term.Namespaces) > 1) {
			return true
		}
	}
	return false
}

// monitoringPods: Prometheus, its operator, kube-state-metrics, Grafana
// (chart defaults request nothing; they still take pod slots).
func (cfg *Config) monitoringPods() int {
	if cfg.Monitoring.Grafana {
		return 4
	}
	return 3
}

// opsDaemonSet is the per-node load of the DaemonSets.
func opsDaemonSet() (milliCPU, memMiB int64, pods int64) {
	// aws-node, kube-proxy, ebs-csi-node, node-exporter
	return awsNodeMilliCPU + kubeProxyMilliCPU + ebsCSINodeMilliCPU, ebsCSINodeMiB, 4
}

// appNodesAtStart: application groups exist with nodes from the start
// (Cluster Autoscaler mode, appMinSize > 0), so CoreDNS may run there.
func (cfg *Config) appNodesAtStart() bool {
	return cfg.Autoscaling.ClusterAutoscaler() && cfg.NodeGroups.AppMinSize > 0
}

// opsNode is the operational node the fit is judged on: the smallest of
// opsInstanceTypes (a managed group may launch any of them).
func (cfg *Config) opsNode() (capacity.Node, error) {
	net := capacity.Networking{PrefixDelegation: cfg.Addons.PrefixDelegation, CustomNetworking: true}
	var nodes []capacity.Node
	for _, t := range cfg.NodeGroups.OpsInstanceTypes {
		n, err := capacity.For(t, net)
		if err != nil {
			return capacity.Node{}, KeyError(keyOpsInstanceTypes, "%v: the fit check needs every operational type's capacity", err)
		}
		nodes = append(nodes, n)
	}
	if len(nodes) == 0 {
		return capacity.Node{}, KeyError(keyOpsInstanceTypes, "must not be empty")
	}
	return slices.MinFunc(nodes, func(a, b capacity.Node) int { return int(a.AllocatableMilliCPU - b.AllocatableMilliCPU) }), nil
}

// fitChecks rejects a config whose operational pods cannot all be placed
// on opsNodeCount nodes of the smallest opsInstanceTypes: required
// anti-affinity against the node count, then CPU, memory and pod slots.
func (cfg *Config) fitChecks() []error {
	node, err := cfg.opsNode()
	if err != nil {
		return []error{err}
	}
	n := int64(cfg.NodeGroups.OpsNodeCount)
	if n < 1 {
		return nil // opsNodeCount's own range check reports it
	}
	pods := cfg.opsWorkloads()
	var errs []error
	for _, p := range pods {
		if p.onePerNode && int64(p.replicas) > n {
			errs = append(errs, KeyError(keyOpsNodeCount, "%d operational nodes cannot hold %d %s pods, which must each run on a different node (%s); raise opsNodeCount to %d or lower them",
				n, p.replicas, p.name, strings.Join(p.keys, ", "), p.replicas))
		}
	}
	dsCPU, dsMem, dsPods := opsDaemonSet()
	free := struct{ cpu, mem, pods int64 }{node.AllocatableMilliCPU - dsCPU, node.AllocatableMemoryMiB - dsMem, node.MaxPods - dsPods}
	var cpu, mem, count int64
	for _, p := range pods {
		r := int64(p.replicas)
		cpu, mem, count = cpu+r*p.milliCPU, mem+r*p.memMiB, count+r
		if p.milliCPU > free.cpu || p.memMiB > free.mem {
			errs = append(errs, KeyError(keyOpsInstanceTypes, "one %s pod requests %dm CPU / %d MiB, more than a %s offers after its DaemonSets (%dm / %d MiB)",
				p.name, p.milliCPU, p.memMiB, node.InstanceType, free.cpu, free.mem))
		}
	}
	short := func(what, unit string, need, have int64) {
		if need > have {
			errs = append(errs, KeyError(keyOpsNodeCount, "the operational pods request %d%s %s but %d × %s offer %d%s after DaemonSets: short by %d%s (%s); raise opsNodeCount or opsInstanceTypes, or lower %s",
				need, unit, what, n, node.InstanceType, have, unit, need-have, unit, breakdown(pods, what), requestKeys(pods)))
		}
	}
	short("CPU", "m", cpu, n*free.cpu)
	short("memory", " MiB", mem, n*free.mem)
	short("pod slots", "", count, n*free.pods)
	return errs
}

// breakdown lists the workloads' share of one resource, largest first.
func breakdown(pods []opsPods, what string) string {
	type share struct {
		name string
		v    int64
	}
	var shares []share
	for _, p := range pods {
		v := map[string]int64{"CPU": p.milliCPU, "memory": p.memMiB, "pod slots": 1}[what] * int64(p.replicas)
		if v > 0 {
			shares = append(shares, share{p.name, v})
		}
	}
	slices.SortStableFunc(shares, func(a, b share) int { return int(b.v - a.v) })
	parts := make([]string, len(shares))
	for i, s := range shares {
		parts[i] = fmt.Sprintf("%s %d", s.name, s.v)
	}
	return strings.Join(parts, ", ")
}

func requestKeys(pods []opsPods) string {
	var keys []string
	for _, p := range pods {
		keys = append(keys, p.keys...)
	}
	slices.Sort(keys)
	return strings.Join(slices.Compact(keys), ", ")
}

// milli and mebi read a Kubernetes quantity; a malformed one counts as 0
// here because the owning section's Validate already reports it.
func milli(q string) int64 {
	v, err := resource.ParseQuantity(q)
	if err != nil {
		return 0
	}
	return v.MilliValue()
}

func mebi(q string) int64 {
	v, err := resource.ParseQuantity(q)
	if err != nil {
		return 0
	}
	return v.Value() >> 20
}
