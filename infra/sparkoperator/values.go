package sparkoperator

// Release is one Helm release of the operator: where it runs and what it watches.
type Release struct {
	// Name is the Helm release name (unique per cluster: it names the
	// cluster-scoped RBAC and webhook configurations).
	Name string
	// Namespace is where the operator pod runs.
	Namespace string
	// Watches are the job namespaces it reconciles SparkApplications in.
	Watches []string
	// InstallCRDs is true for exactly one release (the CRDs are cluster-scoped).
	InstallCRDs bool
}

// Names of labels and ports other components rely on (the monitoring
// component's PodMonitor, the anti-affinity below).
const (
	NameLabel   = "app.kubernetes.io/name"
	NameValue   = "spark-operator"
	MetricsPort = 10254
)

// Releases plans the Helm releases of a mode for the job namespaces.
func Releases(cfg Config, jobNamespaces []string) []Release {
	if cfg.Mode == ModeSingle {
		return []Release{{Name: "spark-operator", Namespace: cfg.Namespace, Watches: jobNamespaces, InstallCRDs: true}}
	}
	out := make([]Release, len(jobNamespaces))
	for i, ns := range jobNamespaces {
		out[i] = Release{Name: "spark-operator-" + ns, Namespace: ns, Watches: []string{ns}, InstallCRDs: i == 0}
	}
	return out
}

// Values are the chart values of one release. Keys follow the EMR Spark
// Operator chart (derived from the Kubeflow v1beta2 chart): emrContainers,
// sparkJobNamespaces, controllerThreads, webhook, serviceAccounts, metrics,
// resources, nodeSelector, tolerations, affinity.
func Values(cfg Config, r Release, region string) map[string]any {
	v := map[string]any{
		"emrContainers":      map[string]any{"awsRegion": region},
		"sparkJobNamespaces": toAny(r.Watches),
		"controllerThreads":  cfg.ControllerThreads,
		"webhook":            map[string]any{"enable": cfg.Webhook},
		"serviceAccounts": map[string]any{
			// The driver accounts are declared by this component (with IRSA),
			// not by the chart, so that every mode has them in every namespace.
			"spark":         map[string]any{"create": false, "name": cfg.SparkServiceAccount},
			"sparkoperator": map[string]any{"create": true, "name": DefaultOperatorSA},
		},
		"metrics": map[string]any{"enable": true, "port": MetricsPort, "endpoint": "/metrics"},
		"resources": map[string]any{
			"requests": map[string]any{"cpu": cfg.Resources.CPURequest, "memory": cfg.Resources.MemoryRequest},
			"limits":   map[string]any{"cpu": cfg.Resources.CPULimit, "memory": cfg.Resources.MemoryLimit},
		},
		"nodeSelector": stringMap(cfg.NodeSelector),
		"tolerations":  tolerations(cfg.Tolerations),
	}
	if cfg.Mode == ModeMultiple {
		v["affinity"] = onePerNode()
	}
	return v
}

// onePerNode keeps operators of all releases on distinct nodes, so that
// one busy node does not slow several operators at once.
func onePerNode() map[string]any {
	return map[string]any{"podAntiAffinity": map[string]any{
		"requiredDuringSchedulingIgnoredDuringExecution": []any{map[string]any{
			"labelSelector": map[string]any{"matchLabels": map[string]any{NameLabel: NameValue}},
			"topologyKey":   "kubernetes.io/hostname",
		}},
	}}
}

func tolerations(ts []Toleration) []any {
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

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
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
