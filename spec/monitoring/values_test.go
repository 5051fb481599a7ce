package monitoring

import (
	"encoding/json"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"

	"sigs.k8s.io/yaml"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/golden"
)

func fixtureValues(edit func(*ValuesInput)) ValuesInput {
	in := ValuesInput{
		Config:         DefaultConfig(),
		RoleARN:        "arn:aws:iam::111122223333:role/remote-write",
		RemoteWriteURL: "https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1/api/v1/remote_write",
		Region:         "eu-west-1",
		Keep:           []string{"b_metric", "a_metric"},
		Placement: placement.Placement{
			NodeSelector: map[string]string{"role": "operational"},
			Tolerations:  []placement.Toleration{{Key: "dedicated", Operator: "Equal", Value: "operational", Effect: "NoSchedule"}},
		},
	}
	if edit != nil {
		edit(&in)
	}
	return in
}

func TestHelmValuesGolden(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, file string
		edit       func(*ValuesInput)
	}{
		{"dev defaults", "values-dev.yaml.golden", nil},
		{"scale queue, no grafana", "values-scale.yaml.golden", func(in *ValuesInput) {
			in.RemoteWrite.MinShards, in.RemoteWrite.MaxShards = ScaleMinShards, ScaleMaxShards
			in.Grafana = false
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := yaml.Marshal(HelmValues(fixtureValues(tt.edit)))
			if err != nil {
				t.Fatal(err)
			}
			golden.AssertFile(t, tt.file, b)
		})
	}
}

func TestHelmValuesWireIRSAAndSigV4(t *testing.T) {
	t.Parallel()
	v := HelmValues(fixtureValues(nil))
	b, _ := json.Marshal(v)
	var got struct {
		Prometheus struct {
			ServiceAccount struct {
				Name        string
				Annotations map[string]string
			} `json:"serviceAccount"`
			Spec struct {
				RemoteWrite []struct {
					URL   string `json:"url"`
					SigV4 struct{ Region string }
				} `json:"remoteWrite"`
				NodeSelector map[string]string `json:"nodeSelector"`
			} `json:"prometheusSpec"`
		} `json:"prometheus"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	p := got.Prometheus
	if p.ServiceAccount.Name != PrometheusServiceAccount || p.ServiceAccount.Annotations["eks.amazonaws.com/role-arn"] != "arn:aws:iam::111122223333:role/remote-write" {
		t.Errorf("service account not wired to the IRSA role: %+v", p.ServiceAccount)
	}
	if len(p.Spec.RemoteWrite) != 1 || p.Spec.RemoteWrite[0].SigV4.Region != "eu-west-1" || p.Spec.RemoteWrite[0].URL == "" {
		t.Errorf("remote write not SigV4 to AMP: %+v", p.Spec.RemoteWrite)
	}
	if p.Spec.NodeSelector["role"] != "operational" {
		t.Errorf("Prometheus not on the operational nodes: %v", p.Spec.NodeSelector)
	}
}

// kube-prometheus-stack is in no Go module, so it cannot be rendered here;
// these are the values that keep hook-only objects out of the dependency
// path (issue 12 B.2), with the chart 77.14.0 facts that make them needed:
//   - prometheusOperator.tls.enabled (default true) mounts the Secret
//     <fullname>-admission into the operator; only the admission-webhook
//     patch Job creates it, a Helm hook that helm/v4.Chart drops, so the
//     operator never starts and `pulumi up` times out;
//   - prometheusOperator.admissionWebhooks.enabled (default true) renders
//     the Mutating/ValidatingWebhookConfigurations for prometheusrules
//     without a caBundle (the dropped patch Job injects it), so every
//     PrometheusRule create would go through a webhook without a CA;
//     patch.enabled is the hook Job itself.
func TestHelmValuesKeepHookOnlyObjectsOut(t *testing.T) {
	t.Parallel()
	b, err := json.Marshal(HelmValues(fixtureValues(nil)))
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		PrometheusOperator struct {
			AdmissionWebhooks struct {
				Enabled *bool `json:"enabled"`
				Patch   struct {
					Enabled *bool `json:"enabled"`
				} `json:"patch"`
			} `json:"admissionWebhooks"`
			TLS struct {
				Enabled *bool `json:"enabled"`
			} `json:"tls"`
		} `json:"prometheusOperator"`
	}
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	op := v.PrometheusOperator
	for _, c := range []struct {
		key string
		val *bool
	}{
		{"prometheusOperator.tls.enabled", op.TLS.Enabled},
		{"prometheusOperator.admissionWebhooks.enabled", op.AdmissionWebhooks.Enabled},
		{"prometheusOperator.admissionWebhooks.patch.enabled", op.AdmissionWebhooks.Patch.Enabled},
	} {
		if c.val == nil || *c.val {
			t.Errorf("%s must be set to false (unset means the chart default, true)", c.key)
		}
	}
}
