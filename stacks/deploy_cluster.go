package stacks

import (
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/cluster"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/outputs"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

type clusterResult = cluster.Cluster

// deployCluster declares the control plane. It depends on the network's
// egress (NAT, routes, associations), so destroy keeps egress until the
// cluster and everything in it are gone.
func (s *stack) deployCluster() error {
	if err := s.checkAdminPrincipals(); err != nil {
		return err
	}
	cl, err := cluster.New(s.ctx, s.cfg.Stack.ClusterName(), cluster.Args{
		Config:           s.cfg.Cluster,
		Name:             s.cfg.Stack.ClusterName(),
		Partition:        s.account.Partition,
		VPCID:            s.network.VPCID,
		PrivateSubnetIDs: pulumi.ToStringArrayOutput(s.network.PrivateSubnetIDs),
		PublicSubnetIDs:  pulumi.ToStringArrayOutput(s.network.PublicSubnetIDs),
		Network:          s.network.Egress,
		Tags:             s.cfg.Stack.Tags,
	})
	if err != nil {
		return err
	}
	s.cluster = cl
	s.export(outputs.ClusterName, pulumi.String(cl.Name))
	s.export(outputs.Kubeconfig, cl.KubeconfigJSON)
	s.export(outputs.OIDCProviderARN, cl.OIDCProviderARN)
	s.export(outputs.OIDCIssuerURL, cl.OIDCIssuerURL)
	return nil
}

// checkAdminPrincipals fails when adminPrincipalArns lists the identity
// running pulumi: EKS already gives it cluster-admin through the
// creator's access entry (pulumi-eks sets
// bootstrapClusterCreatorAdminPermissions), and a principal can be in
// only one access entry, so creating the cluster's entries would fail.
func (s *stack) checkAdminPrincipals() error {
	if len(s.cfg.Cluster.AdminPrincipalARNs) == 0 {
		return nil
	}
	id, err := aws.GetCallerIdentity(s.ctx, nil)
	if err != nil {
		return fmt.Errorf("looking up the deploying identity: %w", err)
	}
	for _, arn := range s.cfg.Cluster.AdminPrincipalARNs {
		if samePrincipal(arn, id.Arn) {
			return stackconfig.KeyError(stackconfig.KeyAdminPrincipalARNs, "%s is the identity running pulumi (%s), which EKS makes cluster admin "+
				"through the cluster creator's access entry; a second entry for it fails: remove it from %s",
				arn, id.Arn, stackconfig.KeyAdminPrincipalARNs)
		}
	}
	return nil
}

// samePrincipal reports whether an IAM role or user ARN names the caller
// (a GetCallerIdentity ARN). An assumed-role caller
// (arn:<p>:sts::<acct>:assumed-role/<role>/<session>) is its role; role
// ARNs match on account and role name whatever their path, which the
// caller's ARN does not carry.
func samePrincipal(principal, caller string) bool {
	p, okP := principalKey(principal)
	c, okC := principalKey(caller)
	return okP && okC && p == c
}

// principalKey reduces an IAM or STS ARN to "<partition>:<account>:<kind>/<name>".
func principalKey(arn string) (string, bool) {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) != 6 || parts[0] != "arn" {
		return "", false
	}
	kind, rest, ok := strings.Cut(parts[5], "/")
	if !ok {
		return "", false
	}
	var name string
	switch {
	case parts[2] == "sts" && kind == "assumed-role":
		kind, name = "role", strings.Split(rest, "/")[0]
	case parts[2] == "iam" && (kind == "role" || kind == "user"):
		name = rest[strings.LastIndex(rest, "/")+1:]
	default:
		return "", false
	}
	return parts[1] + ":" + parts[4] + ":" + kind + "/" + name, true
}
