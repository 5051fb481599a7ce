package addons

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"
)

// Every add-on's configurationValues is compact JSON (issue 12 B.13): the
// provider compares the string with what EKS returns, and indented JSON
// has shown as a whitespace-only change on every up.
func TestConfigurationValuesAreCompactJSON(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		conf func() (string, error)
	}{
		{"vpc-cni", func() (string, error) {
			return VPCCNIConfiguration(CNISettings{PrefixDelegation: true, WarmPrefixTarget: 1, CustomNetworking: true})
		}},
		{"coredns", func() (string, error) { return CoreDNSConfiguration(2, testPlacement.Tolerations) }},
		{"aws-ebs-csi-driver", func() (string, error) { return EBSCSIConfiguration(testPlacement) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := tt.conf()
			if err != nil {
				t.Fatal(err)
			}
			var compact bytes.Buffer
			if err := json.Compact(&compact, []byte(got)); err != nil {
				t.Fatalf("not JSON: %v\n%s", err, got)
			}
			if got != compact.String() {
				t.Errorf("configuration is not compact JSON:\n%s\nwant\n%s", got, compact.String())
			}
		})
	}
}

// ebsCSIControllerSchema is the part of the aws-ebs-csi-driver add-on's
// configuration schema (the chart's charts/aws-ebs-csi-driver/values.schema.json,
// which `aws eks describe-addon-configuration` serves) that the stack sets:
// the top level and "controller" both have additionalProperties false, so
// a misspelt key makes CreateAddon fail. JSON types by key.
var ebsCSIControllerSchema = map[string]string{
	"nodeSelector":  "object",
	"tolerations":   "array",
	"enableMetrics": "boolean",
}

// The EBS CSI controller runs on the operational nodes and exports
// metrics (issue 12 B.5), with key names the add-on's schema accepts.
func TestEBSCSIConfiguration(t *testing.T) {
	t.Parallel()
	got, err := EBSCSIConfiguration(testPlacement)
	if err != nil {
		t.Fatal(err)
	}
	var conf map[string]map[string]any
	if err := json.Unmarshal([]byte(got), &conf); err != nil {
		t.Fatalf("%v: %s", err, got)
	}
	if len(conf) != 1 || conf["controller"] == nil {
		t.Fatalf("top-level keys %v, want only controller", conf)
	}
	ctrl := conf["controller"]
	for key, v := range ctrl {
		if want, ok := ebsCSIControllerSchema[key]; !ok || jsonType(v) != want {
			t.Errorf("controller.%s = %v (%s): the schema allows %v", key, v, jsonType(v), ebsCSIControllerSchema)
		}
	}
	if ctrl["enableMetrics"] != true {
		t.Errorf("controller.enableMetrics = %v, want true (the monitoring ServiceMonitor selects its Services)", ctrl["enableMetrics"])
	}
	sel, _ := ctrl["nodeSelector"].(map[string]any)
	for k, v := range testPlacement.NodeSelector {
		if sel[k] != v {
			t.Errorf("controller.nodeSelector %v lacks %s=%s", sel, k, v)
		}
	}
	tol, _ := ctrl["tolerations"].([]any)
	if !tolerates(tol, testPlacement.Tolerations[0]) || !hasKey(tol, "CriticalAddonsOnly") {
		t.Errorf("controller.tolerations %v: want the operational taint's and the chart's default CriticalAddonsOnly", tol)
	}
}

func tolerates(list []any, want placement.Toleration) bool {
	for _, x := range list {
		m, _ := x.(map[string]any)
		if m["key"] == want.Key && m["value"] == want.Value && m["effect"] == want.Effect && m["operator"] == want.Operator {
			return true
		}
	}
	return false
}

func hasKey(list []any, key string) bool {
	for _, x := range list {
		if m, _ := x.(map[string]any); m["key"] == key {
			return true
		}
	}
	return false
}

func jsonType(v any) string {
	switch v.(type) {
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case bool:
		return "boolean"
	case string:
		return "string"
	case float64:
		return "number"
	}
	return "null"
}
