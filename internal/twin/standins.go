package twin

import (
	"encoding/json"
	"fmt"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/nodegroups"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/sparkoperator"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// Stand-ins carry the scheduling shape (replicas, requests, placement,
// anti-affinity) of workloads whose manifests are not obtainable here: EKS
// managed add-ons, the EMR Spark Operator chart (private registry),
// kube-prometheus-stack and the load generator's workers (the twin never
// starts the load). Requests match the fit check's (stacks/config_fit.go).
type Standins struct {
	Deployments []*appsv1.Deployment
	DaemonSets  []*appsv1.DaemonSet
}

// StandinNamespace holds the stand-ins that have no namespace of the stack.
const StandinNamespace = "twin-standins"

type podShape struct {
	milliCPU, memMiB int64
	nodeSelector     map[string]string
	tolerations      []corev1.Toleration
	affinity         *corev1.Affinity
}

// BuildStandins returns the stand-ins for cfg.
func BuildStandins(cfg stackconfig.Config) (Standins, error) {
	ops := opsShape()
	var s Standins
	dep := func(ns, name string, replicas int, p podShape) {
		if replicas > 0 {
			s.Deployments = append(s.Deployments, deployment(ns, name, replicas, p))
		}
	}
	dep(StandinNamespace, "coredns", cfg.Addons.CoreDNSReplicas, podShape{100, 70, nil,
		append(ops.tolerations, corev1.Toleration{Key: "CriticalAddonsOnly", Operator: corev1.TolerationOpExists}), nil})
	dep(StandinNamespace, "ebs-csi-controller", 2, podShape{10, 40, ops.nodeSelector, ops.tolerations, nil})
	if cfg.Addons.LoadBalancerController {
		dep(StandinNamespace, "aws-load-balancer-controller", 2, ops)
	}
	if cfg.Autoscaling.ClusterAutoscaler() {
		dep(StandinNamespace, "cluster-autoscaler", 1, ops)
	}
	monitoring := []string{"prometheus", "prometheus-operator", "kube-state-metrics"}
	if cfg.Monitoring.Grafana {
		monitoring = append(monitoring, "grafana")
	}
	for _, m := range monitoring {
		dep(StandinNamespace, m, 1, ops)
	}
	if cfg.Loadgen.Enabled && cfg.Loadgen.Start {
		l := cfg.PlacedLoadgen()
		p := ops
		p.milliCPU, p.memMiB = quantityMilli(l.CPURequest)+50, quantityMiB(l.MemoryRequest)+128
		dep(StandinNamespace, "loadgen-workers", l.Workers, p)
	}
	ops2, err := sparkOperators(cfg)
	if err != nil {
		return Standins{}, err
	}
	s.Deployments = append(s.Deployments, ops2...)
	all := []corev1.Toleration{{Operator: corev1.TolerationOpExists}}
	for _, d := range []struct {
		name             string
		milliCPU, memMiB int64
	}{{"aws-node", 25, 0}, {"kube-proxy", 100, 0}, {"ebs-csi-node", 10, 40}, {"node-exporter", 0, 0}} {
		s.DaemonSets = append(s.DaemonSets, daemonSet(d.name, podShape{d.milliCPU, d.memMiB, nil, all, nil}))
	}
	return s, nil
}

func opsShape() podShape {
	p := nodegroups.OperationalPlacement()
	return podShape{nodeSelector: p.NodeSelector, tolerations: tolerations(p.Tolerations)}
}

func tolerations(ts []placement.Toleration) []corev1.Toleration {
	out := make([]corev1.Toleration, len(ts))
	for i, t := range ts {
		out[i] = corev1.Toleration{Key: t.Key, Operator: corev1.TolerationOperator(t.Operator), Value: t.Value, Effect: corev1.TaintEffect(t.Effect)}
	}
	return out
}

// sparkOperators: one Deployment per release, shaped by the chart values
// the stack renders (sparkoperator.Values): requests, node selector,
// tolerations and affinity (multiple mode: one operator per node).
func sparkOperators(cfg stackconfig.Config) ([]*appsv1.Deployment, error) {
	op := cfg.PlacedSparkOperator()
	var out []*appsv1.Deployment
	for _, r := range sparkoperator.Releases(op, cfg.EMR.JobNamespaces()) {
		var v struct {
			Resources    corev1.ResourceRequirements `json:"resources"`
			NodeSelector map[string]string           `json:"nodeSelector"`
			Tolerations  []corev1.Toleration         `json:"tolerations"`
			Affinity     *corev1.Affinity            `json:"affinity"`
		}
		b, err := json.Marshal(sparkoperator.Values(op, r, Region))
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal(b, &v); err != nil {
			return nil, fmt.Errorf("spark operator values of %s as pod fields: %w", r.Name, err)
		}
		d := deployment(r.Namespace, r.Name, 1, podShape{nodeSelector: v.NodeSelector, tolerations: v.Tolerations, affinity: v.Affinity})
		d.Spec.Template.Labels[sparkoperator.NameLabel] = sparkoperator.NameValue
		d.Spec.Template.Spec.Containers[0].Resources = v.Resources
		out = append(out, d)
	}
	return out, nil
}

func podSpec(name string, p podShape) corev1.PodTemplateSpec {
	req := corev1.ResourceList{}
	if p.milliCPU > 0 {
		req[corev1.ResourceCPU] = *resource.NewMilliQuantity(p.milliCPU, resource.DecimalSI)
	}
	if p.memMiB > 0 {
		req[corev1.ResourceMemory] = *resource.NewQuantity(p.memMiB<<20, resource.BinarySI)
	}
	return corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Labels: map[string]string{"twin/standin": name}},
		Spec: corev1.PodSpec{
			NodeSelector: p.nodeSelector, Tolerations: p.tolerations, Affinity: p.affinity,
			Containers: []corev1.Container{{Name: name, Image: "twin/" + name, Resources: corev1.ResourceRequirements{Requests: req}}},
		},
	}
}

func deployment(ns, name string, replicas int, p podShape) *appsv1.Deployment {
	r := int32(replicas)
	tpl := podSpec(name, p)
	return &appsv1.Deployment{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: ns},
		Spec: appsv1.DeploymentSpec{Replicas: &r, Template: tpl,
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"twin/standin": name}}},
	}
}

func daemonSet(name string, p podShape) *appsv1.DaemonSet {
	return &appsv1.DaemonSet{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: StandinNamespace},
		Spec: appsv1.DaemonSetSpec{Template: podSpec(name, p),
			Selector: &metav1.LabelSelector{MatchLabels: map[string]string{"twin/standin": name}}},
	}
}

func quantityMilli(q string) int64 {
	v, err := resource.ParseQuantity(q)
	if err != nil {
		return 0
	}
	return v.MilliValue()
}

func quantityMiB(q string) int64 {
	v, err := resource.ParseQuantity(q)
	if err != nil {
		return 0
	}
	return v.Value() >> 20
}
