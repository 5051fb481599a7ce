package stackconfig

import (
	"reflect"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
)

// testGrafanaPassword satisfies grafanaAdminPassword, required while the
// in-cluster Grafana is on (as in both presets).
const testGrafanaPassword = "test-password-0123"

// raw builds raw Pulumi config from project keys, with aws:region and the
// Grafana admin password set.
func raw(kv ...string) map[string]string {
	m := map[string]string{"aws:region": "us-west-2", Namespace + ":" + keyGrafanaAdminPassword: testGrafanaPassword,
		Namespace + ":" + keyPublicAccessCIDRs: testPublicAccessCIDRs}
	for i := 0; i+1 < len(kv); i += 2 {
		m[Namespace+":"+kv[i]] = kv[i+1]
	}
	return m
}

func TestPresetsAreValid(t *testing.T) {
	t.Parallel()
	for _, p := range Presets {
		t.Run(string(p), func(t *testing.T) {
			t.Parallel()
			cfg, err := Decode(raw("preset", string(p)))
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Preset != p {
				t.Errorf("Preset = %q", cfg.Preset)
			}
		})
	}
}

func TestDefaultPresetIsDev(t *testing.T) {
	t.Parallel()
	cfg, err := Decode(raw())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(cfg, mustDecode(t, raw("preset", "dev"))) {
		t.Error("no preset key should mean the dev preset")
	}
}

func TestScalePresetIsThePublishedShape(t *testing.T) {
	t.Parallel()
	cfg := mustDecode(t, raw("preset", "scale"))
	ng := cfg.NodeGroups
	if ng.OpsNodeCount != 2 || !reflect.DeepEqual(ng.OpsInstanceTypes, []string{"m5.2xlarge"}) || ng.AppMinSize != 1 || ng.AppMaxSize != 350 || !reflect.DeepEqual(ng.AppInstanceTypes, []string{"m5.xlarge"}) {
		t.Errorf("scale node groups = %+v", ng)
	}
	if cfg.Network.NATGateways != NATPerAZ {
		t.Errorf("scale NAT = %q", cfg.Network.NATGateways)
	}
	dev := mustDecode(t, raw())
	if dev.Network.NATGateways != NATSingle || dev.Network.AZCountWanted() != 2 {
		t.Errorf("dev network = %+v", dev.Network)
	}
	if dev.Cluster.KubernetesVersion != "1.34" || dev.EMR.ReleaseLabel != versions.EMRReleaseLabel {
		t.Errorf("dev versions = %q, %q", dev.Cluster.KubernetesVersion, dev.EMR.ReleaseLabel)
	}
}

func TestOverridesWinOverThePreset(t *testing.T) {
	t.Parallel()
	cfg := mustDecode(t, raw("preset", "scale",
		"vpcCidr", "10.20.0.0/16", "appMaxSize", "40", "appInstanceTypes", `["m5.2xlarge","m5a.2xlarge"]`,
		"publicAccessCidrs", "1.2.3.4/32, 5.6.7.0/24", "tags", `{"team":"data"}`, "createManagedGrafana", "true",
		"availabilityZones", `["us-west-2b","us-west-2c","us-west-2d"]`, "emrImageAccount", "123456789012"))
	checks := []struct {
		name      string
		got, want any
	}{
		{"vpcCidr", cfg.Network.VPCCIDR, "10.20.0.0/16"},
		{"appMaxSize", cfg.NodeGroups.AppMaxSize, 40},
		{"appInstanceTypes", cfg.NodeGroups.AppInstanceTypes, []string{"m5.2xlarge", "m5a.2xlarge"}},
		{"publicAccessCidrs", cfg.Cluster.PublicAccessCIDRs, []string{"1.2.3.4/32", "5.6.7.0/24"}},
		{"tags", cfg.Stack.Tags, map[string]string{"team": "data"}},
		{"createManagedGrafana", cfg.Monitoring.ManagedGrafana, true},
		{"azs", cfg.Network.AZCountWanted(), 3},
		{"untouched key keeps preset", cfg.NodeGroups.OpsNodeCount, 2},
		{"clusterName", cfg.Stack.ClusterName(), "load-test-cluster-10"},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	acct, err := EMRRegistryAccount(cfg.EMR, "eu-south-2")
	if err != nil || acct != "123456789012" {
		t.Errorf("override account = %q, %v", acct, err)
	}
}

func TestOverridesDoNotLeakIntoPresets(t *testing.T) {
	t.Parallel()
	cfg := mustDecode(t, raw())
	cfg.NodeGroups.AppInstanceTypes[0] = "x1.32xlarge"
	cfg.Stack.Tags["leak"] = "yes"
	again := mustDecode(t, raw())
	if again.NodeGroups.AppInstanceTypes[0] != "m5.xlarge" || again.Stack.Tags["leak"] != "" {
		t.Error("mutating a decoded config changed the preset table")
	}
}

func TestEMRImageAccountByRegion(t *testing.T) {
	t.Parallel()
	cfg := mustDecode(t, raw())
	if acct, err := EMRRegistryAccount(cfg.EMR, "us-west-2"); err != nil || acct != "895885662937" {
		t.Errorf("us-west-2 = %q, %v", acct, err)
	}
	_, err := Decode(map[string]string{"aws:region": "mars-north-1"})
	if err == nil || !strings.Contains(err.Error(), "mars-north-1") || !strings.Contains(err.Error(), "emrImageAccount") {
		t.Errorf("unknown region error = %v", err)
	}
}

// badValues lists at least one bad value for every key; each must be
// rejected with an error naming the key. TestEveryKeyHasBadValues keeps the
// table complete as sections grow.
var badValues = map[string][]string{
	keyClusterPrefix:          {"", "Load_Test", "-x", strings.Repeat("a", 41)},
	keyClusterSuffix:          {"", "UPPER", "a.b", strings.Repeat("b", 30)},
	keyTags:                   {"team=data", `["a"]`, `{"aws:owner":"x"}`, `{"":"x"}`, `{"n":1}`},
	"vpcCidr":                 {"", "10.0.0.0", "10.0.0.1/16", "10.0.0.0/8", "10.0.0.0/24", "8.8.0.0/16", "fd00::/16"},
	"podCidr":                 {"x", "100.64.0.0/12", "10.0.0.0/16", "1.2.0.0/16"},
	KeyAZCount:                {"1", "5", "two", "-2"},
	keyAvailabilityZones:      {`["us-west-2a"]`, `["us-west-2a","us-west-2a"]`, `["us-west-2a","eu-west-1b"]`, `["a","b"]`, `["us-west-2a","us-west-2b","us-west-2c","us-west-2d","us-west-2e"]`, `[1,2]`},
	"natGateways":             {"", "none", "per-az"},
	keyKubernetesVersion:      {"", "1.28", "2.0", "v1.34", "1.34.1"},
	keyEndpointPublicAccess:   {"yes please", ""},
	keyPublicAccessCIDRs:      {"", "1.2.3.4", "1.2.3.4/33", `["1.2.3.4/32",`, "0.0.0.0/0"},
	keyEndpointOpen:           {"maybe"},
	keyClusterLogRetention:    {"0", "8", "x"},
	keyClusterLogTypes:        {"api,api", "all", `["*"]`},
	KeyAdminPrincipalARNs:     {"admin", "arn:aws:iam::123:role/x", "arn:aws:s3:::bucket"},
	keyOpsInstanceTypes:       {"", "m5", "M5.large"},
	keyOpsNodeCount:           {"0", "11", "x"},
	"appInstanceTypes":        {"", "m5.xlarge,m5.xlarge", "xlarge"},
	"appMinSize":              {"-1", "1001", "x", "400"},
	"appDesiredSize":          {"0", "351", "x"},
	"appMaxSize":              {"0", "1001", "x"},
	"capacityType":            {"spot", "", "RESERVED"},
	"rootVolumeGiB":           {"10", "2000", "x"},
	keyCoreDNSReplicas:        {"0", "51", "x"},
	"cniPrefixDelegation":     {"nope"},
	"cniWarmPrefixTarget":     {"-1", "17", "x"},
	"cniWarmIpTarget":         {"-1", "257", "x"},
	"cniMinimumIpTarget":      {"-1", "257", "x"},
	"gp3DefaultStorageClass":  {"y"},
	keyLoadBalancerController: {"on"},
	keyMetricsServer:          {"off"},
	keyAutoscalingMode:        {"", "karpenter+cas", "Karpenter", "cas"},
	keyJobNamespaceCount:      {"0", "25", "x", "20"},
	keyEMRReleaseLabel:        {"", "7.9.0", "emr-7.9", "emr-7.9.0-beta"},
	keyEMRImageAccount:        {"123", "abcdefghijkl", "8958856629370"},
	keyManagedGrafana:         {"maybe"},
}

func TestEveryKeyHasBadValues(t *testing.T) {
	t.Parallel()
	for _, k := range Keys() {
		if len(badValues[k]) == 0 {
			t.Errorf("key %q has no bad values in the test table", k)
		}
	}
}

func TestBadValuesAreRejectedNamingTheKey(t *testing.T) {
	t.Parallel()
	for key, values := range badValues {
		for _, v := range values {
			t.Run(key+"="+v, func(t *testing.T) {
				t.Parallel()
				kv := []string{key, v}
				if key == "appDesiredSize" { // 351 is bad against dev's max of 5, fine for scale
					kv = append(kv, "appMaxSize", "350")
				}
				if key == "cniWarmPrefixTarget" {
					kv = append(kv, "cniPrefixDelegation", "true")
				}
				_, err := Decode(raw(kv...))
				if err == nil {
					t.Fatalf("%s=%q accepted", key, v)
				}
				if !strings.Contains(err.Error(), Namespace+":"+key+":") {
					t.Errorf("error does not name %s: %v", key, err)
				}
			})
		}
	}
}

func TestCrossKeyRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		kv      []string
		wantKey string
	}{
		{"min above max", []string{"appMinSize", "10", "appMaxSize", "5", "appDesiredSize", "5"}, "appMinSize"},
		{"desired below min", []string{"appMinSize", "3", "appDesiredSize", "2"}, "appDesiredSize"},
		{"warm prefix without delegation", []string{"cniPrefixDelegation", "false"}, "cniWarmPrefixTarget"},
		{"pod cidr overlaps vpc", []string{"vpcCidr", "10.0.0.0/16", "podCidr", "10.0.0.0/17"}, "podCidr"},
		{"public endpoint with no cidrs", []string{"publicAccessCidrs", "[]"}, keyPublicAccessCIDRs},
		{"cluster name too long", []string{"clusterPrefix", strings.Repeat("a", 30), "clusterSuffix", strings.Repeat("b", 15)}, keyClusterSuffix},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Decode(raw(tt.kv...))
			if err == nil || !strings.Contains(err.Error(), Namespace+":"+tt.wantKey+":") {
				t.Errorf("err = %v, want one naming %s", err, tt.wantKey)
			}
		})
	}
}

func TestGoodEdgeValues(t *testing.T) {
	t.Parallel()
	for _, kv := range [][]string{
		{"endpointPublicAccess", "false", "publicAccessCidrs", ""},
		{"cniPrefixDelegation", "false", "cniWarmPrefixTarget", "0"},
		{"appMinSize", "0", "appDesiredSize", "0"},
		{"clusterLogTypes", "[]"},
		{"adminPrincipalArns", `["arn:aws:iam::123456789012:role/Admin"]`},
		{"emrReleaseLabel", "emr-7.9.0-latest"},
	} {
		if _, err := Decode(raw(kv...)); err != nil {
			t.Errorf("%v rejected: %v", kv, err)
		}
	}
}

func TestUnknownKeysAreErrorsWithNearMatches(t *testing.T) {
	t.Parallel()
	_, err := Decode(raw("vpcCIDR", "10.0.0.0/16", "appMaxSise", "3", "frobnicate", "1",
		"preset", "huge", "appMinSize", "x"))
	if err == nil {
		t.Fatal("accepted")
	}
	msg := err.Error()
	for _, want := range []string{
		`emr-eks-loadtest:vpcCIDR: unknown config key`, `did you mean vpcCidr`,
		`emr-eks-loadtest:appMaxSise: unknown`, `appMaxSize`,
		`emr-eks-loadtest:frobnicate: unknown config key`,
		`emr-eks-loadtest:preset: "huge" is not a preset (allowed: dev, scale)`,
		`emr-eks-loadtest:appMinSize: "x" is not an integer`,
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error lacks %q:\n%s", want, msg)
		}
	}
}

func TestRegionIsRequired(t *testing.T) {
	t.Parallel()
	_, err := Decode(map[string]string{})
	if err == nil || !strings.Contains(err.Error(), "aws:region: required") {
		t.Errorf("err = %v", err)
	}
}

func TestOtherNamespacesAreIgnored(t *testing.T) {
	t.Parallel()
	m := raw()
	m["aws:profile"] = "x"
	m["kubernetes:context"] = "y"
	if _, err := Decode(m); err != nil {
		t.Error(err)
	}
}

func mustDecode(t *testing.T, m map[string]string) Config {
	t.Helper()
	cfg, err := Decode(m)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
