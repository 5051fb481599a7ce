package monitoring

import (
	"strconv"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"
)

// Names fixed by the values below; monitors and IRSA depend on them.
const (
	// ReleaseName is the Helm release (and fullnameOverride) of the stack.
	ReleaseName = "kps"
	// PrometheusServiceAccount is the service account Prometheus runs as;
	// the IRSA role trusts exactly it.
	PrometheusServiceAccount = "prometheus"
	// DashboardLabel is the label Grafana's sidecar loads ConfigMaps by.
	DashboardLabel      = "grafana_dashboard"
	DashboardLabelValue = "1"
	// GrafanaAdminSecret holds the in-cluster Grafana's admin credentials.
	GrafanaAdminSecret = "grafana-admin"
	// KubeStateMetricsPodLabels are the pod labels kube-state-metrics exports
	// as kube_pod_labels (the EMR job-runs dashboard reads spark-role).
	KubeStateMetricsPodLabels = "pods=[spark-role,spark-app-selector,emr-containers.amazonaws.com/virtual-cluster-id,emr-containers.amazonaws.com/job.id]"
)

// ValuesInput is everything the Helm values depend on, resolved to plain
// values (the component resolves the wired ones inside an Apply).
type ValuesInput struct {
	Config
	// RoleARN is the IRSA role Prometheus assumes for SigV4.
	RoleARN string
	// RemoteWriteURL is the AMP workspace's remote-write endpoint.
	RemoteWriteURL string
	// Region signs the remote write.
	Region string
	// Keep is the remote-write keep-list (KeepList).
	Keep []string
	// Placement places every pod of the stack on the operational nodes.
	Placement placement.Placement
}

// HelmValues builds kube-prometheus-stack's values. Pure: golden-tested.
func HelmValues(in ValuesInput) map[string]any {
	place := func(m map[string]any) map[string]any {
		m["nodeSelector"] = stringMap(in.Placement.NodeSelector)
		m["tolerations"] = tolerations(in.Placement.Tolerations)
		return m
	}
	return map[string]any{
		"fullnameOverride": ReleaseName,
		"crds":             map[string]any{"enabled": true},
		// Not reachable on EKS (managed control plane) or not needed.
		"alertmanager":          map[string]any{"enabled": false},
		"kubeControllerManager": map[string]any{"enabled": false},
		"kubeScheduler":         map[string]any{"enabled": false},
		"kubeEtcd":              map[string]any{"enabled": false},
		"kubeProxy":             map[string]any{"enabled": false},
		"prometheusOperator":    place(operatorValues()),
		"kube-state-metrics": place(map[string]any{
			"metricLabelsAllowlist": []string{KubeStateMetricsPodLabels},
		}),
		"prometheus": map[string]any{
			"serviceAccount": map[string]any{
				"create": true, "name": PrometheusServiceAccount,
				"annotations": map[string]string{"eks.amazonaws.com/role-arn": in.RoleARN},
			},
			"prometheusSpec": place(prometheusSpec(in)),
		},
		"grafana": grafanaValues(in, place),
	}
}

// operatorValues keep hook-only objects out of the operator's way
// (issue 12 B.2). helm/v4.Chart drops Helm hooks, and in chart 77.14.0 the
// operator's TLS Secret <fullname>-admission is created only by the
// admission-webhook patch Jobs (pre-install/post-install hooks): with
// tls.enabled the operator mounts that Secret and never starts. With the
// admission webhooks on, their configurations are rendered without a
// caBundle (the dropped patch Job injects it), so every PrometheusRule
// create would go through a webhook without a CA. Off, the operator serves
// plain HTTP on 8080 for its own metrics, and PrometheusRules are checked
// by the operator when it loads them instead of at admission.
func operatorValues() map[string]any {
	return map[string]any{
		"admissionWebhooks": map[string]any{
			"enabled": false,
			"patch":   map[string]any{"enabled": false},
		},
		"tls": map[string]any{"enabled": false},
	}
}

func prometheusSpec(in ValuesInput) map[string]any {
	return map[string]any{
		"scrapeInterval": in.ScrapeInterval,
		"retention":      in.Retention,
		// Select every Service/PodMonitor, not only the release's own.
		"serviceMonitorSelectorNilUsesHelmValues": false,
		"podMonitorSelectorNilUsesHelmValues":     false,
		"ruleSelectorNilUsesHelmValues":           false,
		"storageSpec": map[string]any{"volumeClaimTemplate": map[string]any{"spec": map[string]any{
			"storageClassName": in.StorageClass,
			"accessModes":      []string{"ReadWriteOnce"},
			"resources":        map[string]any{"requests": map[string]any{"storage": strconv.Itoa(in.StorageGiB) + "Gi"}},
		}}},
		"remoteWrite": []any{remoteWrite(in)},
	}
}

func remoteWrite(in ValuesInput) map[string]any {
	q := in.RemoteWrite
	return map[string]any{
		"url":   in.RemoteWriteURL,
		"sigv4": map[string]any{"region": in.Region},
		"queueConfig": map[string]any{
			"minShards": q.MinShards, "maxShards": q.MaxShards,
			"capacity": q.Capacity, "maxSamplesPerSend": q.MaxSamplesPerSend,
		},
		"writeRelabelConfigs": []any{map[string]any{
			"sourceLabels": []string{"__name__"},
			"regex":        KeepRegex(in.Keep),
			"action":       "keep",
		}},
	}
}

func grafanaValues(in ValuesInput, place func(map[string]any) map[string]any) map[string]any {
	if !in.Grafana {
		return map[string]any{"enabled": false}
	}
	return place(map[string]any{
		"enabled": true,
		"admin": map[string]any{
			"existingSecret": GrafanaAdminSecret, "userKey": "admin-user", "passwordKey": "admin-password",
		},
		"sidecar": map[string]any{"dashboards": map[string]any{
			"enabled": true, "label": DashboardLabel, "labelValue": DashboardLabelValue,
		}},
	})
}

// tolerations converts to plain maps: Pulumi marshals maps and slices, not
// json-tagged structs.
func tolerations(ts []placement.Toleration) []any {
	out := make([]any, 0, len(ts))
	for _, t := range ts {
		m := map[string]any{"key": t.Key, "operator": t.Operator}
		if t.Value != "" {
			m["value"] = t.Value
		}
		if t.Effect != "" {
			m["effect"] = t.Effect
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
