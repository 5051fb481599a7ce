package stacks

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/iampolicy"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
)

const (
	testRegion  = "us-west-2"
	testAccount = "123456789012"
	// The two keys every stack must set that no preset sets.
	testGrafanaPassword   = "test-password-0123"
	testPublicAccessCIDRs = `["203.0.113.0/24"]`
)

// Resource type tokens asserted on.
const (
	tVPC       = "aws:ec2/vpc:Vpc"
	tSubnet    = "aws:ec2/subnet:Subnet"
	tNAT       = "aws:ec2/natGateway:NatGateway"
	tEIP       = "aws:ec2/eip:Eip"
	tCIDRAssoc = "aws:ec2/vpcIpv4CidrBlockAssociation:VpcIpv4CidrBlockAssociation"
	tEKS       = "eks:index:Cluster"
	tKMSKey    = "aws:kms/key:Key"
	tK8sProv   = "pulumi:providers:kubernetes"
	tNodeGroup = "aws:eks/nodeGroup:NodeGroup"
	tLT        = "aws:ec2/launchTemplate:LaunchTemplate"
	tASGTag    = "aws:autoscaling/tag:Tag"
	tAddon     = "aws:eks/addon:Addon"
	tRole      = "aws:iam/role:Role"
	tRolePol   = "aws:iam/rolePolicy:RolePolicy"
	tAttach    = "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
	tSC        = "kubernetes:storage.k8s.io/v1:StorageClass"
	tENIConfig = "kubernetes:crd.k8s.amazonaws.com/v1alpha1:ENIConfig"
	tChart     = "kubernetes:helm.sh/v4:Chart"
)

// deployed runs Deploy once per config under the mock (runs are cached:
// each costs ~1 s and many tests read the same one).
var (
	runsMu sync.Mutex
	runs   = map[string]*pulumimock.Mock{}
)

func deployed(t *testing.T, kv map[string]string) *pulumimock.Mock {
	t.Helper()
	b, _ := json.Marshal(kv)
	runsMu.Lock()
	defer runsMu.Unlock()
	if m, ok := runs[string(b)]; ok {
		return m
	}
	cfg := map[string]string{"aws:region": testRegion, "grafanaAdminPassword": testGrafanaPassword, "publicAccessCidrs": testPublicAccessCIDRs}
	maps.Copy(cfg, kv)
	pulumimock.SetConfig(t, cfg)
	m := newMock()
	if err := m.Run(Deploy); err != nil {
		t.Fatalf("Deploy(%v): %v", kv, err)
	}
	runs[string(b)] = m
	return m
}

// newMock answers the invokes the whole stack makes: the AWS identity ones
// and the ECR token the Spark Operator chart is pulled with.
func newMock() *pulumimock.Mock {
	m := pulumimock.New(pulumimock.WithAWS(testRegion, testAccount))
	for typ, f := range workloadOutputs {
		m.Outputs(typ, f)
	}
	return m.Invoke(invokeECRToken,
		func(resource.PropertyMap) (resource.PropertyMap, error) {
			return resource.NewPropertyMapFromMap(map[string]any{
				"id": "ecr", "password": "token", "userName": "AWS", "authorizationToken": "dG9rZW4=",
				"proxyEndpoint": "https://895885662937.dkr.ecr.us-west-2.amazonaws.com", "expiresAt": "2030-01-01T00:00:00Z",
			}), nil
		})
}

// workloadOutputs are the provider-computed outputs the workload
// components read (bucket name, ARNs, repository URLs, AMP endpoint).
var workloadOutputs = map[string]pulumimock.OutputFunc{
	"aws:s3/bucketV2:BucketV2": func(r pulumimock.Resource) map[string]any {
		return map[string]any{"bucket": r.Name + "-bucket"}
	},
	"aws:cloudwatch/logGroup:LogGroup": func(r pulumimock.Resource) map[string]any {
		return map[string]any{"arn": "arn:aws:logs:" + testRegion + ":" + testAccount + ":log-group:" + r.String("name")}
	},
	"aws:ecr/repository:Repository": func(r pulumimock.Resource) map[string]any {
		return map[string]any{"repositoryUrl": testAccount + ".dkr.ecr." + testRegion + ".amazonaws.com/" + r.Name}
	},
	"aws:grafana/workspace:Workspace": func(r pulumimock.Resource) map[string]any {
		return map[string]any{"endpoint": r.Name + ".grafana-workspace." + testRegion + ".amazonaws.com"}
	},
	"aws:amp/workspace:Workspace": func(r pulumimock.Resource) map[string]any {
		return map[string]any{
			"arn":                "arn:aws:aps:" + testRegion + ":" + testAccount + ":workspace/ws-" + r.Name,
			"prometheusEndpoint": "https://aps-workspaces." + testRegion + ".amazonaws.com/workspaces/ws-" + r.Name + "/",
		}
	},
}

const invokeECRToken = "aws:ecr/getAuthorizationToken:getAuthorizationToken"

func init() { templateRoot = ".." } // tests run in stacks/; templates live in the repository root

func dev(t *testing.T) *pulumimock.Mock   { return deployed(t, map[string]string{"preset": "dev"}) }
func scale(t *testing.T) *pulumimock.Mock { return deployed(t, map[string]string{"preset": "scale"}) }

// Tests below share PULUMI_CONFIG through t.Setenv, so they do not run in
// parallel; each Deploy run takes about a second.

func TestResourceCountsPerPreset(t *testing.T) {
	tests := []struct {
		name string
		m    func(*testing.T) *pulumimock.Mock
		want map[string]int
	}{
		{"dev", dev, map[string]int{
			tVPC: 1, tCIDRAssoc: 1, tSubnet: 6, tNAT: 1, tEIP: 1, tEKS: 1, tKMSKey: 1, tK8sProv: 1,
			// karpenter mode: the operational group only, no CAS tags.
			tNodeGroup: 1, tLT: 1, tASGTag: 0, tAddon: 4, tSC: 1, tENIConfig: 2,
			// lb-controller, metrics-server, karpenter, 2 spark operators, kube-prometheus-stack
			tChart: 6,
			// cni, ebs, lb, node, karpenter controller+node, emr exec, remote write
			tRole: 8, tRolePol: 4, tAttach: 9,
		}},
		{"scale", scale, map[string]int{
			tVPC: 1, tCIDRAssoc: 1, tSubnet: 6, tNAT: 2, tEIP: 2, tEKS: 1, tKMSKey: 1, tK8sProv: 1,
			tNodeGroup: 3, tLT: 3, tASGTag: 0, tAddon: 4, tSC: 1, tENIConfig: 2,
			// dev's + cluster-autoscaler + 8 more spark operators (10 job namespaces)
			tChart: 15,
			// dev's + cluster-autoscaler + loadgen
			tRole: 10, tRolePol: 6, tAttach: 9,
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.m(t).CountByType()
			for typ, n := range tt.want {
				if got[typ] != n {
					t.Errorf("%s: %d declared, want %d", typ, got[typ], n)
				}
			}
		})
	}
}

func TestSubnetLayout(t *testing.T) {
	m := dev(t)
	want := map[string]string{
		"load-test-cluster-dev-private-us-west-2a": "10.0.0.0/19",
		"load-test-cluster-dev-private-us-west-2b": "10.0.32.0/19",
		"load-test-cluster-dev-public-us-west-2a":  "10.0.224.0/22",
		"load-test-cluster-dev-public-us-west-2b":  "10.0.228.0/22",
		"load-test-cluster-dev-pods-us-west-2a":    "100.64.0.0/18",
		"load-test-cluster-dev-pods-us-west-2b":    "100.64.64.0/18",
	}
	for _, sn := range m.ByType(tSubnet) {
		if got := sn.String("cidrBlock"); got != want[sn.Name] {
			t.Errorf("%s cidr = %s, want %s", sn.Name, got, want[sn.Name])
		}
		az := sn.Name[len(sn.Name)-len("us-west-2a"):]
		if sn.String("availabilityZone") != az {
			t.Errorf("%s in AZ %s", sn.Name, sn.String("availabilityZone"))
		}
		tags := sn.StringMap("tags")
		switch {
		case strings.Contains(sn.Name, "-public-"):
			expectTags(t, sn.Name, tags, map[string]string{"kubernetes.io/role/elb": "1"})
		case strings.Contains(sn.Name, "-private-"):
			expectTags(t, sn.Name, tags, map[string]string{
				"kubernetes.io/role/internal-elb": "1", "karpenter.sh/discovery": "load-test-cluster-dev",
			})
		}
	}
	vpc := m.ByType(tVPC)[0]
	if vpc.String("cidrBlock") != "10.0.0.0/16" || vpc.Get("enableDnsHostnames") != true {
		t.Errorf("vpc inputs = %v", vpc.Inputs)
	}
	if got := m.ByType(tCIDRAssoc)[0].String("cidrBlock"); got != "100.64.0.0/16" {
		t.Errorf("secondary cidr = %s", got)
	}
}

func TestNATPerAZInScale(t *testing.T) {
	nats := scale(t).ByType(tNAT)
	var names []string
	for _, n := range nats {
		names = append(names, n.Name)
	}
	want := []string{"load-test-cluster-10-nat-us-west-2a", "load-test-cluster-10-nat-us-west-2b"}
	if !slices.Equal(names, want) {
		t.Errorf("NAT gateways = %v, want %v", names, want)
	}
}

func TestClusterArgs(t *testing.T) {
	c := dev(t).ByType(tEKS)[0]
	checks := map[string]any{
		"name": "load-test-cluster-dev", "version": "1.34", "authenticationMode": "API",
		"createOidcProvider": true, "endpointPrivateAccess": true, "endpointPublicAccess": true,
		"skipDefaultNodeGroup": true, "skipDefaultSecurityGroups": true,
		"encryptionConfigKeyArn": "arn:aws:kms:us-west-2:123456789012:key/load-test-cluster-dev-secrets",
	}
	for k, want := range checks {
		if got := c.Get(k); got != want {
			t.Errorf("cluster %s = %v, want %v", k, got, want)
		}
	}
	if got := c.Strings("enabledClusterLogTypes"); !slices.Equal(got, []string{"api", "audit", "authenticator"}) {
		t.Errorf("log types = %v", got)
	}
	if got := c.Strings("publicAccessCidrs"); !slices.Equal(got, []string{"203.0.113.0/24"}) {
		t.Errorf("public cidrs = %v", got)
	}
	if k := dev(t).ByType(tKMSKey)[0]; k.Get("enableKeyRotation") != true {
		t.Error("secrets key without rotation")
	}
}

func TestAdminAccessEntries(t *testing.T) {
	m := deployed(t, map[string]string{"adminPrincipalArns": `["arn:aws:iam::123456789012:role/Admin"]`})
	entries, _ := m.ByType(tEKS)[0].Get("accessEntries").(map[string]any)
	e, _ := entries["admin-0"].(map[string]any)
	if e["principalArn"] != "arn:aws:iam::123456789012:role/Admin" {
		t.Fatalf("access entries = %v", entries)
	}
	pol := e["accessPolicies"].(map[string]any)["cluster-admin"].(map[string]any)
	if pol["policyArn"] != "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy" {
		t.Errorf("policy = %v", pol)
	}
}

// Every Kubernetes object, in every component and sub-component, is
// declared with the cluster's provider (handed down once with
// pulumi.Providers and inherited through pulumi.Parent), none with the
// default provider (an ambient kubeconfig): the mock sees each resource's
// provider reference.
func TestKubernetesObjectsUseTheClusterProvider(t *testing.T) {
	for _, kv := range []map[string]string{
		{"preset": "dev"}, {"preset": "scale"},
		{"preset": "dev", "autoscalingMode": "cluster-autoscaler", "createManagedGrafana": "true"},
		{"preset": "scale", "loadgenStart": "true", "loadgenTarget": "operator"},
	} {
		m := deployed(t, kv)
		provs := m.ByType(tK8sProv)
		if len(provs) != 1 || !strings.Contains(provs[0].String("kubeconfig"), "load-test-cluster-") {
			t.Fatalf("%v: kubernetes providers = %v", kv, provs)
		}
		n := 0
		for _, r := range m.Resources() {
			if strings.HasPrefix(r.Type, "kubernetes:") {
				n++
				if r.ProviderName() != provs[0].Name {
					t.Errorf("%v: %s %s uses provider %q, want %q", kv, r.Type, r.Name, r.Provider, provs[0].Name)
				}
			}
		}
		if n < 20 {
			t.Errorf("%v: only %d Kubernetes objects", kv, n)
		}
	}
}

func TestAddonsAndTheirConfiguration(t *testing.T) {
	m := scale(t)
	names := map[string]bool{}
	for _, a := range m.ByType(tAddon) {
		names[a.String("addonName")] = true
	}
	for _, want := range []string{"vpc-cni", "kube-proxy", "coredns", "aws-ebs-csi-driver", "metrics-server"} {
		if want == "metrics-server" {
			continue // metrics-server is a Helm chart
		}
		if !names[want] {
			t.Errorf("add-on %s not declared", want)
		}
	}
	cni, _ := m.Named(tAddon, "load-test-cluster-10-vpc-cni")
	conf, err := cni.JSON("configurationValues")
	if err != nil {
		t.Fatal(err)
	}
	env := conf.(map[string]any)["env"].(map[string]any)
	for k, v := range map[string]string{
		"ENABLE_PREFIX_DELEGATION": "true", "WARM_PREFIX_TARGET": "1", "WARM_IP_TARGET": "5",
		"MINIMUM_IP_TARGET": "30", "AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG": "true",
		"ENI_CONFIG_LABEL_DEF": "topology.kubernetes.io/zone",
	} {
		if env[k] != v {
			t.Errorf("vpc-cni %s = %v, want %s", k, env[k], v)
		}
	}
	dns, _ := m.Named(tAddon, "load-test-cluster-10-coredns")
	if conf, _ := dns.JSON("configurationValues"); conf.(map[string]any)["replicaCount"] != float64(6) {
		t.Errorf("coredns configuration = %v", conf)
	}
	charts := map[string]string{}
	for _, c := range m.ByType(tChart) {
		charts[c.String("chart")] = c.String("version")
	}
	if charts["aws-load-balancer-controller"] == "" || charts["metrics-server"] == "" {
		t.Errorf("charts = %v", charts)
	}
}

func TestStorageClassAndENIConfigs(t *testing.T) {
	m := dev(t)
	sc := m.ByType(tSC)[0]
	if sc.String("parameters", "encrypted") != "true" || sc.String("volumeBindingMode") != "WaitForFirstConsumer" {
		t.Errorf("storage class = %v", sc.Inputs)
	}
	if sc.String("metadata", "annotations", "storageclass.kubernetes.io/is-default-class") != "" {
		t.Error("gp3 is default without gp3DefaultStorageClass")
	}
	for i, e := range m.ByType(tENIConfig) {
		az := []string{"us-west-2a", "us-west-2b"}[i]
		if e.String("metadata", "name") != az || e.String("spec", "subnet") != "load-test-cluster-dev-pods-"+az+"-id" {
			t.Errorf("ENIConfig %s = %v", e.Name, e.Inputs)
		}
		if sgs := e.Strings("spec", "securityGroups"); !slices.Equal(sgs, []string{"sg-cluster"}) {
			t.Errorf("ENIConfig %s security groups = %v", e.Name, sgs)
		}
	}
	def := deployed(t, map[string]string{"gp3DefaultStorageClass": "true"}).ByType(tSC)[0]
	if def.String("metadata", "annotations", "storageclass.kubernetes.io/is-default-class") != "true" {
		t.Error("gp3DefaultStorageClass=true did not make gp3 the default")
	}
}

func TestIRSATrustIsExact(t *testing.T) {
	m := dev(t)
	issuer := pulumimock.EKSClusterOutputs(testRegion, testAccount, "load-test-cluster-dev")["oidcIssuer"].(string)
	want := map[string]string{
		"load-test-cluster-dev-vpc-cni":       "system:serviceaccount:kube-system:aws-node",
		"load-test-cluster-dev-ebs-csi":       "system:serviceaccount:kube-system:ebs-csi-controller-sa",
		"load-test-cluster-dev-lb-controller": "system:serviceaccount:kube-system:aws-load-balancer-controller",
	}
	for name, sub := range want {
		r, ok := m.Named(tRole, name)
		if !ok {
			t.Errorf("role %s missing", name)
			continue
		}
		var doc iampolicy.Document
		if err := json.Unmarshal([]byte(r.String("assumeRolePolicy")), &doc); err != nil {
			t.Fatal(err)
		}
		st := doc.Statement[0]
		cond := st.Condition["StringEquals"]
		if len(doc.Statement) != 1 || st.Action[0] != "sts:AssumeRoleWithWebIdentity" ||
			st.Principal["Federated"][0] != "arn:aws:iam::"+testAccount+":oidc-provider/"+issuer ||
			cond[issuer+":aud"] != "sts.amazonaws.com" || fmt.Sprint(cond[issuer+":sub"]) != "["+sub+"]" || len(cond) != 2 {
			t.Errorf("role %s trust = %s", name, r.String("assumeRolePolicy"))
		}
	}
}

func TestNoWildcardActions(t *testing.T) {
	m := scale(t)
	for _, typ := range []string{tRolePol, "aws:iam/policy:Policy"} {
		for _, p := range m.ByType(typ) {
			var doc iampolicy.Document
			if err := json.Unmarshal([]byte(p.String("policy")), &doc); err != nil {
				t.Fatalf("%s: %v", p.Name, err)
			}
			if w := doc.WildcardActions(); len(w) > 0 {
				t.Errorf("%s allows wildcard actions %v", p.Name, w)
			}
		}
	}
}

func TestUnexpectedInvokeFailsLoudly(t *testing.T) {
	pulumimock.SetConfig(t, map[string]string{"aws:region": testRegion, "grafanaAdminPassword": testGrafanaPassword, "publicAccessCidrs": testPublicAccessCIDRs})
	m := pulumimock.New() // no AWS handlers
	err := m.Run(Deploy)
	if err == nil || !strings.Contains(err.Error(), "unexpected invoke") {
		t.Errorf("err = %v", err)
	}
}

func TestBadConfigStopsDeploy(t *testing.T) {
	pulumimock.SetConfig(t, map[string]string{"aws:region": testRegion, "vpcCidr": "nope", "bogus": "1"})
	err := pulumimock.New(pulumimock.WithAWS(testRegion, testAccount)).Run(Deploy)
	for _, want := range []string{"emr-eks-loadtest:vpcCidr", "emr-eks-loadtest:bogus"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("err = %v, want it to name %s", err, want)
		}
	}
}

func expectTags(t *testing.T, name string, got, want map[string]string) {
	t.Helper()
	keys := slices.Collect(maps.Keys(want))
	sort.Strings(keys)
	for _, k := range keys {
		if got[k] != want[k] {
			t.Errorf("%s tag %s = %q, want %q", name, k, got[k], want[k])
		}
	}
}
