package sparkoperator

import (
	"strconv"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"
)

// Release is one Helm release of the operator: where it runs and what it watches.
type Release struct {
	// Name is the Helm release name: at most 53 characters (Helm's limit)
	// and unique per cluster, because the chart names the operator's
	// cluster-scoped MutatingWebhookConfiguration after it.
	Name string
	// Namespace is where the operator pod runs.
	Namespace string
	// JobNamespace is the chart's sparkJobNamespace: the one namespace the
	// operator reconciles SparkApplications in; "" means all namespaces.
	JobNamespace string
	// InstallCRDs is true for exactly one release (the CRDs are cluster-scoped).
	InstallCRDs bool
}

// Names of labels and ports other components rely on (the monitoring
// component's PodMonitor, the anti-affinity below).
const (
	NameLabel   = "app.kubernetes.io/name"
	NameValue   = "spark-operator"
	MetricsPort = 10254
	// MaxReleaseName is Helm's limit on release names (also when rendering).
	MaxReleaseName = 53
	// namespaceNameLabel is set by Kubernetes (>= 1.21) on every namespace.
	namespaceNameLabel = "kubernetes.io/metadata.name"
)

// Releases plans the Helm releases of a mode for the job namespaces.
// Multiple mode: one release per job namespace, running in it and watching
// only it, named spark-operator-<index> (the namespace itself may be 63
// characters long, a release name only 53). Single mode: one release in
// cfg.Namespace watching all namespaces: the chart of this lineage takes a
// single sparkJobNamespace string, so "" (all) is the only value that
// covers several job namespaces.
func Releases(cfg Config, jobNamespaces []string) []Release {
	if cfg.Mode == ModeSingle {
		return []Release{{Name: NameValue, Namespace: cfg.Namespace, JobNamespace: "", InstallCRDs: true}}
	}
	out := make([]Release, len(jobNamespaces))
	for i, ns := range jobNamespaces {
		out[i] = Release{Name: NameValue + "-" + strconv.Itoa(i), Namespace: ns, JobNamespace: ns, InstallCRDs: i == 0}
	}
	return out
}

// FullName is the chart's "spark-operator.fullname" for a release (the
// release name when it contains the chart name, as ours do): the prefix of
// the Deployment, the webhook Service and the webhook certificate Secret.
func FullName(r Release) string { return r.Name }

// Values are the chart values of one release. Keys follow the EMR Spark
// Operator chart, which is the Kubeflow spark-on-k8s-operator chart 1.1.x
// (appVersion v1beta2-1.3.8-3.1.1) plus emrContainers (docs/spark-operator.md).
// helm/v4.Chart drops every helm.sh/hook resource, and in that chart the
// operator's ServiceAccount, ClusterRole and ClusterRoleBinding and the
// webhook-certificate Job are hooks: this component declares the account,
// its RBAC and the certificate Secret itself, so the chart must create none
// of them (serviceAccounts.*.create, rbac.* false).
func Values(cfg Config, r Release, region string) map[string]any {
	v := map[string]any{
		"emrContainers":     map[string]any{"awsRegion": region},
		"sparkJobNamespace": r.JobNamespace,
		"controllerThreads": cfg.ControllerThreads,
		"webhook":           webhookValues(cfg, r),
		"rbac":              map[string]any{"create": false, "createRole": false, "createClusterRole": false},
		"serviceAccounts": map[string]any{
			// Driver accounts (IRSA) and the operator account are declared
			// by this component, in every mode and namespace.
			"spark":         map[string]any{"create": false, "name": cfg.SparkServiceAccount},
			"sparkoperator": map[string]any{"create": false, "name": DefaultOperatorSA},
		},
		"metrics": map[string]any{"enable": true, "port": MetricsPort, "endpoint": "/metrics"},
		"resources": map[string]any{
			"requests": map[string]any{"cpu": cfg.Resources.CPURequest, "memory": cfg.Resources.MemoryRequest},
			"limits":   map[string]any{"cpu": cfg.Resources.CPULimit, "memory": cfg.Resources.MemoryLimit},
		},
		"nodeSelector": stringMap(cfg.Placement.NodeSelector),
		"tolerations":  tolerations(cfg.Placement.Tolerations),
	}
	if cfg.Mode == ModeMultiple {
		v["affinity"] = spreadAcrossNodes()
	}
	return v
}

// webhookValues enables the operator's own webhook registration. In
// multiple mode each operator's webhook is limited to its own namespace
// (else every pod of the cluster goes through every operator's webhook).
func webhookValues(cfg Config, r Release) map[string]any {
	w := map[string]any{"enable": cfg.Webhook}
	if cfg.Webhook && r.JobNamespace != "" {
		w["namespaceSelector"] = namespaceNameLabel + "=" + r.JobNamespace
	}
	return w
}

// spreadAcrossNodes asks the scheduler to keep operators of all releases
// on distinct nodes where it can, so that one busy node does not slow
// several operators at once. The term is preferred, not required: a
// required one would need one operational node per job namespace (10 for
// the scale preset) before any operator could start. It carries an empty
// namespaceSelector because each multiple-mode release runs in its own
// namespace, and a term without one matches only pods of the pod's own
// namespace (PodAffinityTerm API): without it the term spreads nothing.
func spreadAcrossNodes() map[string]any {
	return map[string]any{"podAntiAffinity": map[string]any{
		"preferredDuringSchedulingIgnoredDuringExecution": []any{map[string]any{
			"weight": 100,
			"podAffinityTerm": map[string]any{
				"labelSelector":     map[string]any{"matchLabels": map[string]any{NameLabel: NameValue}},
				"namespaceSelector": map[string]any{},
				"topologyKey":       "kubernetes.io/hostname",
			},
		}},
	}}
}

func tolerations(ts []placement.Toleration) []any {
	out := make([]any, 0, len(ts))
	for _, t := range ts {
		m := map[string]any{"key": t.Key}
		for k, v := range map[string]string{"operator": t.Operator, "value": t.Value, "effect": t.Effect} {
			if v != "" {
				m[k] = v
			}
		}
		out = append(out, m)
	}
	return out
}

func stringMap(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
