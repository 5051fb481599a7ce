// Package sparkoperator declares the EMR Spark Operator: its Helm chart from
// the regional EMR ECR registry (pinned), in `multiple` mode (one operator
// per job namespace, each watching only its own, at most one per node) or
// `single` mode (one operator watching every job namespace), and the Spark
// driver service accounts in each job namespace, bound to the EMR execution
// role through IRSA.
//
// The Kubernetes half (SparkServiceAccounts) needs only a Kubernetes
// provider, so it can be deployed on its own to any API server.
//
// The configuration and the pure builders (releases, chart values, RBAC
// rules, webhook certificates) are in spec/sparkoperator; this package
// creates them with Pulumi.
package sparkoperator

import (
	"crypto/rand"
	"fmt"
	"time"

	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecr"
	corev1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/core/v1"
	helmv4 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v4"
	metav1 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/meta/v1"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/kubeprovider"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate"

	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/sparkoperator"
)

// Type is the component's type token.
const Type = "emr-eks-loadtest:infra:SparkOperator"

// Args wires the component.
type Args struct {
	spec.Config
	// Region selects the EMR registry (account from versions) and is the
	// chart's emrContainers.awsRegion.
	Region string
	// ImageAccount overrides the EMR registry account of Region (for a
	// Region missing from versions' table); empty means the table's.
	ImageAccount string
	// JobNamespaces must exist already (declared by the emr component; make
	// this component depend on it).
	JobNamespaces []string
	// ExecutionRoleARN is the EMR execution role the drivers assume.
	ExecutionRoleARN pulumi.StringInput
}

// SparkOperator is the declared operator(s).
type SparkOperator struct {
	pulumi.ResourceState

	// Mode is the operator mode; Namespaces are the namespaces watched.
	Mode       pulumi.StringOutput
	Namespaces pulumi.StringArrayOutput
	// Releases are the planned Helm releases (plain, for tests and docs).
	Releases []spec.Release
}

// New declares the driver service accounts and the chart release(s), all
// with the Kubernetes provider the caller hands down in opts
// (pulumi.Providers(k8s)).
func New(ctx *pulumi.Context, name string, args Args, opts ...pulumi.ResourceOption) (*SparkOperator, error) {
	if err := args.Validate(); err != nil {
		return nil, validate.Nest("sparkOperator", err)
	}
	if len(args.JobNamespaces) == 0 {
		return nil, fmt.Errorf("sparkoperator: JobNamespaces are required")
	}
	if err := kubeprovider.Require("spark operator", opts); err != nil {
		return nil, err
	}
	source, err := chartSource(ctx, args)
	if err != nil {
		return nil, err
	}
	c := &SparkOperator{Releases: spec.Releases(args.Config, args.JobNamespaces)}
	if err := ctx.RegisterComponentResource(Type, name, c, opts...); err != nil {
		return nil, err
	}
	sas, err := NewSparkServiceAccounts(ctx, name+"-spark", ServiceAccountsArgs{
		Namespaces: args.JobNamespaces, Name: args.SparkServiceAccount, RoleARN: args.ExecutionRoleARN,
	}, pulumi.Parent(c))
	if err != nil {
		return nil, fmt.Errorf("declaring spark service accounts: %w", err)
	}
	if err := c.declareReleases(ctx, name, args, source, sas); err != nil {
		return nil, err
	}
	c.Mode = pulumi.String(args.Mode).ToStringOutput()
	c.Namespaces = pulumi.ToStringArray(args.JobNamespaces).ToStringArrayOutput()
	return c, ctx.RegisterResourceOutputs(c, pulumi.Map{"mode": c.Mode, "namespaces": c.Namespaces})
}

// source is where the chart comes from.
type source struct {
	chart   string
	version pulumi.StringPtrInput
	repo    helmv4.RepositoryOptsPtrInput
}

// chartSource is the local chart, or the pinned chart in the regional EMR
// registry. The ECR token in RepositoryOpts is used by the Kubernetes
// provider from v4.27.0 on (pulumi-kubernetes#3661, OCI login inside the
// provider); v4.25.0, the version this program's SDK pins, ignores it for
// oci:// charts and reads only Helm's registry config: until the SDK is
// bumped, run `helm registry login` before `pulumi up` (docs/spark-operator.md).
func chartSource(ctx *pulumi.Context, args Args) (source, error) {
	if args.ChartPath != "" {
		return source{chart: args.ChartPath}, nil
	}
	account := args.ImageAccount
	if account == "" {
		var err error
		if account, err = versions.EMRImageAccount(args.Region); err != nil {
			return source{}, fmt.Errorf("sparkOperator: %w", err)
		}
	}
	token := ecr.GetAuthorizationTokenOutput(ctx, ecr.GetAuthorizationTokenOutputArgs{RegistryId: pulumi.String(account)})
	return source{
		chart:   versions.EMRSparkOperatorChartRef(account, args.Region),
		version: pulumi.String(args.ChartVersion),
		repo:    helmv4.RepositoryOptsArgs{Username: pulumi.String("AWS"), Password: pulumi.ToSecret(token.Password()).(pulumi.StringOutput)},
	}, nil
}

// declareReleases declares what the chart's hooks would have created (the
// operator accounts and RBAC, the webhook certificates), then one chart
// per release, each depending on those.
func (c *SparkOperator) declareReleases(ctx *pulumi.Context, name string, args Args, src source, sas pulumi.Resource) error {
	parent := pulumi.Parent(c)
	deps := []pulumi.Resource{sas}
	if args.Mode == spec.ModeSingle {
		ns, err := corev1.NewNamespace(ctx, name+"-ns", &corev1.NamespaceArgs{
			Metadata: &metav1.ObjectMetaArgs{Name: pulumi.String(args.Namespace)},
		}, parent)
		if err != nil {
			return err
		}
		deps = append(deps, ns)
	}
	accounts, err := declareOperatorAccounts(ctx, name, c.Releases, parent, pulumi.DependsOn(deps))
	if err != nil {
		return fmt.Errorf("declaring spark operator accounts: %w", err)
	}
	deps = append(deps, accounts...)
	var first pulumi.Resource
	for _, r := range c.Releases {
		d := append([]pulumi.Resource{}, deps...)
		if args.Webhook {
			certs, err := spec.WebhookCerts(r, rand.Reader, time.Now())
			if err != nil {
				return err
			}
			secret, err := declareWebhookSecret(ctx, name+"-"+r.Name+"-webhook-certs", r, certs, parent, pulumi.DependsOn(deps))
			if err != nil {
				return fmt.Errorf("declaring webhook certificates of %s: %w", r.Name, err)
			}
			d = append(d, secret)
		}
		if first != nil {
			d = append(d, first) // CRDs come with the first release
		}
		chart, err := helmv4.NewChart(ctx, name+"-"+r.Name, &helmv4.ChartArgs{
			Chart: pulumi.String(src.chart), Version: src.version, RepositoryOpts: src.repo,
			Name: pulumi.String(r.Name), Namespace: pulumi.String(r.Namespace),
			SkipCrds: pulumi.Bool(!r.InstallCRDs), Values: pulumi.ToMap(spec.Values(args.Config, r, args.Region)),
		}, parent, pulumi.DependsOn(d))
		if err != nil {
			return fmt.Errorf("declaring spark operator release %s: %w", r.Name, err)
		}
		if first == nil {
			first = chart
		}
	}
	return nil
}
