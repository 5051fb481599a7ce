package versions

// ChartModule is the Go module version whose tree holds one of the charts
// the stack installs. Tier-2 tests render that real chart, with the
// stack's values, through the real Pulumi engine and Kubernetes provider
// (internal/chartcheck); production keeps pulling the pinned chart from
// its registry. `go mod download -json <Module>` gives the folder.
type ChartModule struct {
	Module string // module@version
	Path   string // the chart folder inside the module
	// ChartVersion is the version the module's Chart.yaml states; a test
	// asserts it, and how it relates to the pinned registry chart.
	ChartVersion string
}

var (
	// KarpenterChartModule is the v1.8.6 release's source tree. Its
	// Chart.yaml says 1.8.0: the release job rewrites version and
	// appVersion to the tag when it publishes (the published 1.8.6 chart is
	// this folder with that rewrite), so the test copies the folder and
	// applies the same rewrite. Its crds/ are git symlinks, absent from the
	// module zip; the CRDs are in KarpenterCRDPath.
	KarpenterChartModule = ChartModule{
		Module: "github.com/aws/karpenter-provider-aws@v1.8.6", Path: "charts/karpenter", ChartVersion: "1.8.0",
	}
	// KarpenterCRDPath is the folder of the release's CRDs in that module.
	KarpenterCRDPath = "pkg/apis/crds"

	// MetricsServerChartModule is metrics-server v0.7.2, whose tree holds
	// chart 3.12.1 (appVersion 0.7.1): chart 3.12.2 (appVersion 0.7.2, the
	// pin) was tagged later (metrics-server-helm-chart-3.12.2, commit
	// 65945d221ff1, 2024-10-07), and its pseudo-version
	// v0.7.3-0.20241007212821-65945d221ff1 is refused by this machine's
	// module proxy (403). 3.12.1 -> 3.12.2 changed no reference and no
	// webhook (schedulerName and revisionHistoryLimit guards, a PSP
	// version gate, appProtocol on the Service, the nanny RoleBinding's
	// namespace, the addon-resizer tag). MetricsServerChartLag records the
	// pin this module is known to lag, so a pin bump fails the test until
	// the module (or this note) is updated.
	MetricsServerChartModule = ChartModule{
		Module: "sigs.k8s.io/metrics-server@v0.7.2", Path: "charts/metrics-server", ChartVersion: "3.12.1",
	}
	MetricsServerChartLag = "3.12.2"

	// AWSLoadBalancerControllerChartModule is tag v2.13.4 (chart 1.13.4),
	// commit aefed36aa305 of 2025-07-30T17:54:27Z. The v2.x tags are not
	// versions of the module (its path has no /v2), and no v1 tag is an
	// ancestor, so the pseudo-version is v0.0.0-<commit time>-<commit>.
	// This machine's module proxy refuses it (403); where it is served the
	// chart test runs, elsewhere it skips saying so.
	AWSLoadBalancerControllerChartModule = ChartModule{
		Module:       "sigs.k8s.io/aws-load-balancer-controller@v0.0.0-20250730175427-aefed36aa305",
		Path:         "helm/aws-load-balancer-controller",
		ChartVersion: "1.13.4",
	}

	// ClusterAutoscalerChartModules hold the Cluster Autoscaler chart by
	// Kubernetes minor. The chart moved into the module's tree
	// (cluster-autoscaler/charts/) on 2025-10-10 (chart 9.51.0), so only
	// 1.34's 9.52.1 can be in it: commit 006f34a9e1b7 of
	// 2025-10-19T01:32:13Z set that version. The module has no semver tags,
	// hence a v0.0.0 pseudo-version, which this machine's module proxy
	// refuses (403). 1.33's 9.47.0 predates the move: no module holds it.
	ClusterAutoscalerChartModules = map[string]ChartModule{
		"1.34": {
			Module:       "k8s.io/autoscaler/cluster-autoscaler@v0.0.0-20251019013213-006f34a9e1b7",
			Path:         "charts/cluster-autoscaler",
			ChartVersion: "9.52.1",
		},
	}
)

// Charts in no Go module (checked): kube-prometheus-stack (the
// prometheus-community chart repository has no go.mod; the
// prometheus-operator module's bundle.yaml is the operator without the
// chart and has no admission webhook, so it cannot stand in for the
// chart), and the EMR Spark Operator chart (private EMR registry).
