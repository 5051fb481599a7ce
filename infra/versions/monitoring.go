package versions

// Monitoring pins: the kube-prometheus-stack chart (Prometheus Operator,
// Prometheus, Grafana, kube-state-metrics, node-exporter). 77.14.0 is the
// last release on prometheus-operator v0.85.0, the version whose CRDs the
// tier-2 tests install from github.com/prometheus-operator/prometheus-operator.

const (
	// KubePrometheusStackChartRepo is the prometheus-community Helm repository.
	KubePrometheusStackChartRepo = "https://prometheus-community.github.io/helm-charts"
	// KubePrometheusStackChartName is the chart's name in that repository.
	KubePrometheusStackChartName = "kube-prometheus-stack"
	// KubePrometheusStackChartVersion is the pinned chart version.
	KubePrometheusStackChartVersion = "77.14.0"
	// PrometheusOperatorVersion is the operator (and CRD) version of that chart.
	PrometheusOperatorVersion = "v0.85.0"
	// ManagedGrafanaVersion is the Amazon Managed Grafana workspace version.
	ManagedGrafanaVersion = "10.4"
)
