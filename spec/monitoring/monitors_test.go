package monitoring

import (
	"encoding/json"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/golden"
)

func TestMonitorsGolden(t *testing.T) {
	t.Parallel()
	b, err := json.MarshalIndent(Monitors(MonitorsInput{
		Namespace: "monitoring", KarpenterNamespace: "kube-system", LoadgenNamespace: "loadgen",
		JobNamespaces: []string{"emr-job-0", "emr-job-1"},
	}), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden.AssertFile(t, "monitors.json.golden", append(b, '\n'))
}

func TestMonitorsCoverEveryScrapedComponent(t *testing.T) {
	t.Parallel()
	got := map[string]string{}
	for _, m := range Monitors(MonitorsInput{Namespace: "m", KarpenterNamespace: "k", LoadgenNamespace: "l", JobNamespaces: []string{"j"}}) {
		got[m.Name] = m.Kind
		if m.Namespace != "m" {
			t.Errorf("%s in namespace %q, want m", m.Name, m.Namespace)
		}
	}
	want := map[string]string{
		"karpenter": "ServiceMonitor", "vpc-cni": "PodMonitor", "spark-operator": "PodMonitor",
		"spark-driver": "PodMonitor", "ebs-csi-controller": "ServiceMonitor", "loadgen": "PodMonitor",
	}
	for n, k := range want {
		if got[n] != k {
			t.Errorf("monitor %s: kind %q, want %q", n, got[n], k)
		}
	}
}
