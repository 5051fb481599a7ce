package pulumimock

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
)

// Invoke tokens the AWS defaults answer.
const (
	InvokeCallerIdentity    = "aws:index/getCallerIdentity:getCallerIdentity"
	InvokePartition         = "aws:index/getPartition:getPartition"
	InvokeRegion            = "aws:index/getRegion:getRegion"
	InvokeAvailabilityZones = "aws:index/getAvailabilityZones:getAvailabilityZones"
)

// WithAWS answers the AWS invokes a stack typically makes (caller identity,
// partition, region, availability zones: <region>a..d) and gives IAM roles,
// pulumi-eks clusters and EKS node groups the outputs programs read.
func WithAWS(region, account string) Option {
	return func(m *Mock) {
		m.invokes[InvokeCallerIdentity] = constant(map[string]any{
			"accountId": account, "arn": "arn:aws:iam::" + account + ":user/test", "userId": "AIDTEST", "id": account,
		})
		m.invokes[InvokePartition] = constant(map[string]any{
			"partition": "aws", "dnsSuffix": "amazonaws.com", "id": "aws", "reverseDnsPrefix": "com.amazonaws",
		})
		m.invokes[InvokeRegion] = constant(map[string]any{
			"name": region, "region": region, "id": region, "endpoint": "ec2." + region + ".amazonaws.com",
		})
		azs := []any{region + "a", region + "b", region + "c", region + "d"}
		m.invokes[InvokeAvailabilityZones] = constant(map[string]any{
			"names": azs, "zoneIds": []any{"z1", "z2", "z3", "z4"}, "id": region, "state": "available",
		})
		m.outputs["aws:iam/role:Role"] = func(r Resource) map[string]any {
			return map[string]any{"arn": fmt.Sprintf("arn:aws:iam::%s:role/%s", account, r.Name), "name": r.Name}
		}
		m.outputs["aws:iam/policy:Policy"] = func(r Resource) map[string]any {
			return map[string]any{"arn": fmt.Sprintf("arn:aws:iam::%s:policy/%s", account, r.Name)}
		}
		m.outputs["aws:kms/key:Key"] = func(r Resource) map[string]any {
			return map[string]any{"arn": fmt.Sprintf("arn:aws:kms:%s:%s:key/%s", region, account, r.Name)}
		}
		m.outputs["aws:eks/nodeGroup:NodeGroup"] = func(r Resource) map[string]any {
			return map[string]any{"resources": []any{map[string]any{
				"autoscalingGroups": []any{map[string]any{"name": "eks-" + r.Name + "-asg"}},
			}}}
		}
		m.outputs["eks:index:Cluster"] = func(r Resource) map[string]any {
			return EKSClusterOutputs(region, account, r.String("name"))
		}
	}
}

// EKSClusterOutputs are the plain outputs of a pulumi-eks Cluster the mock
// returns: a kubeconfig, the OIDC provider and the security groups.
func EKSClusterOutputs(region, account, name string) map[string]any {
	issuer := fmt.Sprintf("oidc.eks.%s.amazonaws.com/id/%s", region, strings.ToUpper(fmt.Sprintf("%032x", len(name))))
	return map[string]any{
		"kubeconfigJson":         fmt.Sprintf(`{"apiVersion":"v1","kind":"Config","clusters":[{"name":%q}]}`, name),
		"oidcProviderArn":        fmt.Sprintf("arn:aws:iam::%s:oidc-provider/%s", account, issuer),
		"oidcProviderUrl":        "https://" + issuer,
		"oidcIssuer":             issuer,
		"clusterSecurityGroupId": "sg-cluster",
		"nodeSecurityGroupId":    "sg-node",
	}
}

// Constant is an invoke handler that answers every call with v.
func Constant(v map[string]any) InvokeFunc { return constant(v) }

func constant(v map[string]any) InvokeFunc {
	return func(resource.PropertyMap) (resource.PropertyMap, error) {
		return resource.NewPropertyMapFromMap(v), nil
	}
}
