package stacks

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
)

// Pulumi's auto-names: a resource with no explicit name gets its resource
// name plus "-" and random hex: 7 characters from the AWS provider
// (pulumi-terraform-bridge autonaming), 8 from the Kubernetes provider
// (provider/pkg/metadata/naming.go: resource.NewUniqueName with the
// default length).
const (
	awsAutoSuffix = len("-") + 7
	k8sAutoSuffix = len("-") + 8
)

// nameRule says where a resource type's AWS name is and what the service
// accepts (limits from each service's API reference).
type nameRule struct {
	service string
	// field holds the explicit name; prefix the name prefix (its own
	// limit, prefixMax: the provider appends a 26-character suffix).
	field, prefix  string
	max, prefixMax int
	pattern        *regexp.Regexp
	// noAutoName: the provider never invents this name (optional field).
	noAutoName bool
}

var (
	iamNameRE     = regexp.MustCompile(`^[\w+=,.@-]+$`)
	eksNameRE     = regexp.MustCompile(`^[0-9A-Za-z][A-Za-z0-9_-]*$`)
	s3BucketRE    = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*[a-z0-9]$`)
	logGroupRE    = regexp.MustCompile(`^[.\-_/#A-Za-z0-9]+$`)
	ecrRepoRE     = regexp.MustCompile(`^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$`)
	kmsAliasRE    = regexp.MustCompile(`^alias/[a-zA-Z0-9/_-]+$`)
	eventRuleRE   = regexp.MustCompile(`^[.\-_A-Za-z0-9]+$`)
	sqsNameRE     = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	launchTplRE   = regexp.MustCompile(`^[a-zA-Z0-9().\-/_]+$`)
	grafanaNameRE = regexp.MustCompile(`^[a-zA-Z0-9\-._~]+$`)
	dns1123Label  = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`)
	dns1123Subdom = regexp.MustCompile(`^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$`)
	labelValueRE  = regexp.MustCompile(`^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$`)
	awsNameRules  = map[string]nameRule{
		"aws:iam/role:Role":                               {service: "IAM role", field: "name", prefix: "namePrefix", max: 64, prefixMax: 38, pattern: iamNameRE},
		"aws:iam/rolePolicy:RolePolicy":                   {service: "IAM inline policy", field: "name", prefix: "namePrefix", max: 128, prefixMax: 102, pattern: iamNameRE},
		"aws:iam/policy:Policy":                           {service: "IAM policy", field: "name", prefix: "namePrefix", max: 128, prefixMax: 102, pattern: iamNameRE},
		"aws:cloudwatch/eventRule:EventRule":              {service: "EventBridge rule", field: "name", prefix: "namePrefix", max: 64, prefixMax: 38, pattern: eventRuleRE},
		"aws:cloudwatch/eventTarget:EventTarget":          {service: "EventBridge target id", field: "targetId", max: 64, pattern: eventRuleRE, noAutoName: true},
		"aws:sqs/queue:Queue":                             {service: "SQS queue", field: "name", prefix: "namePrefix", max: 80, prefixMax: 54, pattern: sqsNameRE},
		"aws:eks/nodeGroup:NodeGroup":                     {service: "EKS node group", field: "nodeGroupName", prefix: "nodeGroupNamePrefix", max: 63, prefixMax: 37, pattern: eksNameRE},
		"aws:s3/bucketV2:BucketV2":                        {service: "S3 bucket", field: "bucket", prefix: "bucketPrefix", max: 63, prefixMax: 37, pattern: s3BucketRE},
		"aws:emrcontainers/virtualCluster:VirtualCluster": {service: "EMR virtual cluster", field: "name", max: 64, pattern: logGroupRE},
		"aws:ecr/repository:Repository":                   {service: "ECR repository", field: "name", max: 256, pattern: ecrRepoRE},
		"aws:kms/alias:Alias":                             {service: "KMS alias", field: "name", prefix: "namePrefix", max: 256, prefixMax: 230, pattern: kmsAliasRE},
		"aws:cloudwatch/logGroup:LogGroup":                {service: "CloudWatch log group", field: "name", prefix: "namePrefix", max: 512, prefixMax: 483, pattern: logGroupRE},
		"aws:ec2/launchTemplate:LaunchTemplate":           {service: "EC2 launch template", field: "name", prefix: "namePrefix", max: 128, prefixMax: 102, pattern: launchTplRE},
		"aws:amp/workspace:Workspace":                     {service: "AMP workspace alias", field: "alias", max: 100, noAutoName: true},
		"aws:grafana/workspace:Workspace":                 {service: "Managed Grafana workspace", field: "name", max: 255, pattern: grafanaNameRE, noAutoName: true},
		tEKS:                                              {service: "EKS cluster", field: "name", max: 100, pattern: eksNameRE},
	}
	// unnamedTypes have no name AWS limits (ids are assigned by AWS) or are
	// Pulumi-only (components, providers).
	unnamedTypes = map[string]bool{
		tVPC: true, tSubnet: true, tNAT: true, tEIP: true, tCIDRAssoc: true, tKMSKey: true, tAttach: true,
		tAddon: true, tASGTag: true, tK8sProv: true,
		"aws:ec2/internetGateway:InternetGateway":                                                    true,
		"aws:ec2/routeTable:RouteTable":                                                              true,
		"aws:ec2/routeTableAssociation:RouteTableAssociation":                                        true,
		"aws:ec2/tag:Tag":                                                                            true,
		"aws:eks/accessEntry:AccessEntry":                                                            true,
		"aws:eks/accessPolicyAssociation:AccessPolicyAssociation":                                    true,
		"aws:sqs/queuePolicy:QueuePolicy":                                                            true,
		"aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock":                                     true,
		"aws:s3/bucketVersioningV2:BucketVersioningV2":                                               true,
		"aws:s3/bucketPolicy:BucketPolicy":                                                           true,
		"aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2":                       true,
		"aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": true,
		"aws:s3/bucketOwnershipControls:BucketOwnershipControls":                                     true,
		"aws:ecr/lifecyclePolicy:LifecyclePolicy":                                                    true,
		"aws:grafana/roleAssociation:RoleAssociation":                                                true,
		"aws:grafana/workspaceApiKey:WorkspaceApiKey":                                                true,
	}
)

// generatedName is one name a resource will carry in AWS or Kubernetes.
type generatedName struct {
	res     pulumimock.Resource
	service string
	value   string
	max     int
	pattern *regexp.Regexp
}

func (n generatedName) check() error {
	where := fmt.Sprintf("%s %s", n.res.Type, n.res.Name)
	if len(n.value) > n.max {
		return fmt.Errorf("%s: %s name %q is %d characters (limit %d)", where, n.service, n.value, len(n.value), n.max)
	}
	if n.pattern != nil && !n.pattern.MatchString(n.value) {
		return fmt.Errorf("%s: %s name %q does not match %s", where, n.service, n.value, n.pattern)
	}
	return nil
}

// generatedNames lists the names of every recorded resource.
func generatedNames(m *pulumimock.Mock) []generatedName {
	var out []generatedName
	for _, r := range m.Resources() {
		if rule, ok := awsNameRules[r.Type]; ok {
			out = append(out, rule.names(r)...)
		}
		if r.Type == tEKS {
			out = append(out, eksChildNames(r)...)
		}
		if isKubernetesType(r.Type) {
			out = append(out, kubernetesNames(r)...)
		}
	}
	return out
}

// names returns the resource's name under the rule: the explicit one, the
// prefix (checked against its own limit, and the pattern with the suffix's
// characters), or the auto-name.
func (rule nameRule) names(r pulumimock.Resource) []generatedName {
	n := generatedName{res: r, service: rule.service, max: rule.max, pattern: rule.pattern}
	switch {
	case rule.field != "" && r.String(rule.field) != "":
		n.value = r.String(rule.field)
	case rule.prefix != "" && r.String(rule.prefix) != "":
		n.value, n.max, n.service = r.String(rule.prefix), rule.prefixMax, rule.service+" prefix"
	case rule.noAutoName:
		return nil
	default:
		n.value = r.Name + "-" + strings.Repeat("0", awsAutoSuffix-1)
		n.service = rule.service + " (auto-named)"
	}
	return []generatedName{n}
}

// eksChildNames are the names pulumi-eks v3.9.1 derives from the
// component's resource name for the children the mocks do not see
// (nodejs/eks/cluster/cluster.ts, servicerole.ts): with the default node
// group skipped, only the cluster service role "<name>-eksRole-role" is
// auto-named and limited.
func eksChildNames(r pulumimock.Resource) []generatedName {
	return []generatedName{{
		res: r, service: "IAM role (pulumi-eks cluster role, auto-named)", max: 64, pattern: iamNameRE,
		value: r.Name + "-eksRole-role-" + strings.Repeat("0", awsAutoSuffix-1),
	}}
}

func isKubernetesType(typ string) bool {
	return strings.HasPrefix(typ, "kubernetes:") || typ == tK8sProv
}

// dnsLabelKinds are the kinds whose names must be DNS-1123 labels (63);
// other objects take DNS-1123 subdomains (253).
var dnsLabelKinds = map[string]bool{"Namespace": true, "Service": true}

// kubernetesNames returns the object's name (or auto-name), every label
// value in its inputs, and for a Helm chart its release name.
func kubernetesNames(r pulumimock.Resource) []generatedName {
	if r.Type == tK8sProv {
		return nil
	}
	if r.Type == tChart {
		release := r.String("name")
		if release == "" {
			release = r.Name
		}
		return []generatedName{{res: r, service: "Helm release", value: release, max: 53, pattern: dns1123Label}}
	}
	kind := r.Type[strings.LastIndex(r.Type, ":")+1:]
	n := generatedName{res: r, service: "Kubernetes " + kind, max: 253, pattern: dns1123Subdom, value: r.String("metadata", "name")}
	if dnsLabelKinds[kind] {
		n.max, n.pattern = 63, dns1123Label
	}
	if n.value == "" {
		n.value = r.Name + "-" + strings.Repeat("0", k8sAutoSuffix-1)
		n.service += " (auto-named)"
	}
	return append([]generatedName{n}, labelValues(r, r.Get())...)
}

// labelValues walks the inputs and returns every value of a "labels" or
// "matchLabels" map (Kubernetes label values: at most 63 characters).
func labelValues(r pulumimock.Resource, v any) []generatedName {
	var out []generatedName
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if lm, ok := e.(map[string]any); ok && (k == "labels" || k == "matchLabels") {
				for lk, lv := range lm {
					s, _ := lv.(string)
					out = append(out, generatedName{res: r, service: "label " + lk + " value", value: s, max: 63, pattern: labelValueRE})
				}
				continue
			}
			out = append(out, labelValues(r, e)...)
		}
	case []any:
		for _, e := range v {
			out = append(out, labelValues(r, e)...)
		}
	}
	return out
}
