package monitoring

// MonitorAPIVersion is the prometheus-operator API of the monitors.
const MonitorAPIVersion = "monitoring.coreos.com/v1"

// Selectors of the load generator's pods; infra/loadgenapp labels its Job's
// pods with LoadgenPodLabels and names the container port LoadgenPortName.
var LoadgenPodLabels = map[string]string{"app.kubernetes.io/name": "loadgen"}

// LoadgenPortName is the load generator's metrics container port name.
const LoadgenPortName = "metrics"

// Monitor is one ServiceMonitor or PodMonitor, as plain data.
type Monitor struct {
	Kind      string // "ServiceMonitor" or "PodMonitor"
	Name      string
	Namespace string
	Spec      map[string]any
}

// MonitorsInput says where the scraped components run.
type MonitorsInput struct {
	// Namespace holds the monitors themselves.
	Namespace          string
	KarpenterNamespace string
	LoadgenNamespace   string
	// JobNamespaces are where Spark drivers run.
	JobNamespaces []string
}

// Monitors builds the Pod/ServiceMonitors. Each selector matches what the
// component's own chart or manifest labels (see the comments), so that the
// targets really appear.
func Monitors(in MonitorsInput) []Monitor {
	pm := func(name string, spec map[string]any) Monitor {
		return Monitor{Kind: "PodMonitor", Name: name, Namespace: in.Namespace, Spec: spec}
	}
	sm := func(name string, spec map[string]any) Monitor {
		return Monitor{Kind: "ServiceMonitor", Name: name, Namespace: in.Namespace, Spec: spec}
	}
	return []Monitor{
		// Karpenter chart: Service "karpenter", port "http-metrics", selector labels.
		sm("karpenter", map[string]any{
			"namespaceSelector": names(in.KarpenterNamespace),
			"selector":          matchLabels(map[string]string{"app.kubernetes.io/name": "karpenter"}),
			"endpoints":         []any{map[string]any{"port": "http-metrics", "path": "/metrics"}},
		}),
		// aws-node DaemonSet: label k8s-app=aws-node, container port "metrics" (61678).
		pm("vpc-cni", map[string]any{
			"namespaceSelector":   names("kube-system"),
			"selector":            matchLabels(map[string]string{"k8s-app": "aws-node"}),
			"podMetricsEndpoints": []any{map[string]any{"port": "metrics", "path": "/metrics"}},
		}),
		// Spark Operator (EMR and kubeflow charts): label app.kubernetes.io/name=spark-operator,
		// container port "metrics"; operators may run in any namespace (multiple mode).
		pm("spark-operator", map[string]any{
			"namespaceSelector":   map[string]any{"any": true},
			"selector":            matchLabels(map[string]string{"app.kubernetes.io/name": "spark-operator"}),
			"podMetricsEndpoints": []any{map[string]any{"port": "metrics", "path": "/metrics"}},
		}),
		// Spark drivers: label spark-role=driver, port "spark-ui" (4040), PrometheusServlet
		// executor summary (spark.ui.prometheus.enabled=true in the job template).
		pm("spark-driver", map[string]any{
			"namespaceSelector":   names(in.JobNamespaces...),
			"selector":            matchLabels(map[string]string{"spark-role": "driver"}),
			"podMetricsEndpoints": []any{map[string]any{"port": "spark-ui", "path": "/metrics/executors/prometheus"}},
		}),
		// EBS CSI controller (add-on with controller.enableMetrics): Services labelled
		// app=ebs-csi-controller[-<sidecar>], port "metrics".
		sm("ebs-csi-controller", map[string]any{
			"namespaceSelector": names("kube-system"),
			"selector": map[string]any{"matchExpressions": []any{map[string]any{
				"key": "app", "operator": "In",
				"values": []string{"ebs-csi-controller", "ebs-csi-controller-provisioner", "ebs-csi-controller-attacher", "ebs-csi-controller-resizer", "ebs-csi-controller-snapshotter"},
			}}},
			"endpoints": []any{map[string]any{"port": "metrics", "path": "/metrics"}},
		}),
		// The load generator's workers (infra/loadgenapp).
		pm("loadgen", map[string]any{
			"namespaceSelector":   names(in.LoadgenNamespace),
			"selector":            matchLabels(LoadgenPodLabels),
			"podMetricsEndpoints": []any{map[string]any{"port": LoadgenPortName, "path": "/metrics"}},
		}),
	}
}

func names(ns ...string) map[string]any { return map[string]any{"matchNames": ns} }

func matchLabels(l map[string]string) map[string]any { return map[string]any{"matchLabels": l} }
