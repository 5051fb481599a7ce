package stackconfig

import (
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/monitoring"
)

// The workload keys' bad values join the shared table of config_test.go.
func init() {
	maps.Copy(badValues, map[string][]string{
		keyJobNamespacePrefix:     {"", "Emr_Job", "-x", strings.Repeat("a", 62)},
		keyEMRBucketEncryption:    {"", "aes", "KMS"},
		keyEMRForceDestroy:        {"always"},
		keyEMRLogExpirationDays:   {"0", "-1", "x"},
		keyEMRLogRetentionDays:    {"2", "0", "x"},
		keyBenchmarkImage:         {"UPPER/repo:1", "repo-without-tag", "repo:", "repo@sha256:short"},
		keySparkOperatorMode:      {"", "many", "Single"},
		keySparkOperatorNamespace: {"", "Spark_Operator"},
		keySparkOperatorThreads:   {"0", "201", "x"},
		keySparkOperatorWebhook:   {"on"},
		keySparkOperatorCPUReq:    {"", "half", "1 core"},
		keySparkOperatorMemReq:    {"", "lots"},
		keySparkOperatorCPULim:    {"", "two"},
		keySparkOperatorMemLim:    {"", "2 GiB"},
		keyInClusterGrafana:       {"yes"},
		keyGrafanaAdminPassword:   {"", "short"},
		keyPromRetention:          {"", "7 days", "7"},
		keyPromStorageGiB:         {"9", "x"},
		keyPromScrapeInterval:     {"", "30", "fast"},
		keyPromExtraKeep:          {`["1bad"]`, "a b"},
		keyRWMinShards:            {"0", "1001", "x"},
		keyRWMaxShards:            {"0", "1001", "x"},
		keyRWCapacity:             {"0", "1999", "x"},
		keyRWMaxSamples:           {"0", "100001", "x"},
		keyLoadgenApp:             {"maybe"},
		keyLoadgenStart:           {"soon"},
		keyLoadgenWorkers:         {"0", "101", "x"},
		keyLoadgenImage:           {"loadgen", "Loadgen:1"},
		keyLoadgenTarget:          {"", "local", "EMR"},
		keyLoadgenTemplate:        {""},
		keyLoadgenArgs:            {`["rate=5"]`, `["--workers=3"]`, `["--target=emr"]`},
	})
}

func TestWorkloadPresets(t *testing.T) {
	t.Parallel()
	dev, scale := mustDecode(t, raw()), mustDecode(t, raw("preset", "scale"))
	checks := []struct {
		name      string
		got, want any
	}{
		{"dev loadgen off", dev.Loadgen.Enabled, false},
		{"scale loadgen on", scale.Loadgen.Enabled, true},
		{"scale min shards", scale.Monitoring.RemoteWrite.MinShards, monitoring.ScaleMinShards},
		{"scale max shards", scale.Monitoring.RemoteWrite.MaxShards, 300},
		{"scale shards are 100..300", monitoring.ScaleMinShards, 100},
		{"dev max shards", dev.Monitoring.RemoteWrite.MaxShards, monitoring.DefaultMaxShards},
		{"scale namespaces", scale.EMR.NamespaceCount, 10},
		{"dev force destroy", dev.EMR.ForceDestroy, true},
		{"grafana on", dev.Monitoring.Grafana && scale.Monitoring.Grafana, true},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
}

func TestWorkloadComponentsFromPresets(t *testing.T) {
	t.Parallel()
	for _, p := range Presets {
		cfg := Defaults(p)
		cfg.Monitoring.GrafanaAdminPassword = testGrafanaPassword
		if err := cfg.EMR.Validate(); err != nil {
			t.Errorf("%s: emr: %v", p, err)
		}
		if err := cfg.PlacedSparkOperator().Validate(); err != nil {
			t.Errorf("%s: spark operator: %v", p, err)
		}
		if err := cfg.Monitoring.Validate(); err != nil {
			t.Errorf("%s: monitoring: %v", p, err)
		}
		if err := cfg.PlacedLoadgen().Validate(); err != nil {
			t.Errorf("%s: loadgen: %v", p, err)
		}
	}
}

func TestGrafanaPasswordRules(t *testing.T) {
	t.Parallel()
	m := raw()
	delete(m, Namespace+":"+keyGrafanaAdminPassword)
	_, err := Decode(m)
	if err == nil || !strings.Contains(err.Error(), "pulumi config set --secret grafanaAdminPassword") {
		t.Errorf("missing password: err = %v, want the command that sets it", err)
	}
	m[Namespace+":"+keyInClusterGrafana] = "false"
	if _, err := Decode(m); err != nil {
		t.Errorf("no in-cluster Grafana, no password: %v", err)
	}
}

func TestEMRImageAccountTableIsVersions31Regions(t *testing.T) {
	t.Parallel()
	for region, want := range map[string]string{"eu-south-2": "350796622945", "il-central-1": "395734710648", "us-west-2": "895885662937"} {
		cfg := mustDecode(t, map[string]string{"aws:region": region, Namespace + ":" + keyGrafanaAdminPassword: testGrafanaPassword,
			Namespace + ":" + keyPublicAccessCIDRs: testPublicAccessCIDRs})
		if got, err := EMRRegistryAccount(cfg.EMR, region); err != nil || got != want {
			t.Errorf("%s = %q, %v; want %s", region, got, err, want)
		}
	}
}

func TestComponentErrorsNameStackKeys(t *testing.T) {
	t.Parallel()
	_, err := Decode(raw("sparkOperatorMode", "single", "sparkOperatorCpuLimit", "x", "loadgenArgs", `["--outputs=x"]`))
	for _, want := range []string{Namespace + ":" + keySparkOperatorCPULim + ":", Namespace + ":" + keyLoadgenArgs + ": --outputs is set by the stack"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want %q", err, want)
		}
	}
}

// TestJobNamespaceCountHelpNamesTheMaximum: the help text is a static tag,
// so it is held to emr.MaxNamespaceCount here.
func TestJobNamespaceCountHelpNamesTheMaximum(t *testing.T) {
	t.Parallel()
	cfg := Defaults(DefaultPreset)
	help := cfg.binder().byKey[keyJobNamespaceCount].help
	if want := fmt.Sprintf("(1..%d;", emr.MaxNamespaceCount); !strings.Contains(help, want) {
		t.Errorf("help %q lacks %q", help, want)
	}
}
