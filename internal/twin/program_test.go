package twin

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	helmv4 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v4"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/addons"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/network"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/scheduler"
	addonsspec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/addons"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/karpenter"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/nodegroups"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// Charts are the local folders of the real charts (from Go modules); an
// empty one is left out.
type Charts struct {
	Karpenter     string // versions.KarpenterChartModule
	MetricsServer string // versions.MetricsServerChartModule
}

// Program declares the stack's Kubernetes half for cfg with the same
// mapping from config to component arguments as stacks/deploy_*.go: job
// namespaces, cluster objects (StorageClass, ENIConfigs), the Karpenter
// and metrics-server charts, the binpacking scheduler. AWS-side values
// (role ARNs, subnets, queue) are placeholders: nothing here calls AWS.
func Program(cfg stackconfig.Config, charts Charts) func(*pulumi.Context, *kubernetes.Provider) error {
	return func(ctx *pulumi.Context, k8s *kubernetes.Provider) error {
		if err := ctx.RegisterResourceTransform(skipAwait); err != nil {
			return fmt.Errorf("skip-await transform: %w", err)
		}
		steps := []func(*pulumi.Context, stackconfig.Config, Charts, *kubernetes.Provider) error{
			jobNamespaces, clusterObjects, karpenterChart, metricsServerChart, binpackingScheduler,
		}
		for _, step := range steps {
			if err := step(ctx, cfg, charts, k8s); err != nil {
				return err
			}
		}
		return nil
	}
}

func jobNamespaces(ctx *pulumi.Context, cfg stackconfig.Config, _ Charts, k8s *kubernetes.Provider) error {
	_, err := emr.NewJobNamespaces(ctx, "jobs", emr.JobNamespacesArgs{Namespaces: cfg.EMR.JobNamespaces()}, pulumi.Providers(k8s))
	return wrap("job namespaces", err)
}

func clusterObjects(ctx *pulumi.Context, cfg stackconfig.Config, _ Charts, k8s *kubernetes.Provider) error {
	var subnets []network.ZoneSubnet
	for i, az := range Zones(cfg) {
		subnets = append(subnets, network.ZoneSubnet{AZ: az, ID: pulumi.String(fmt.Sprintf("subnet-twin%d", i))})
	}
	_, err := addons.NewClusterObjects(ctx, "objects", addons.ClusterObjectsArgs{
		PodSubnets: subnets, SecurityGroupID: pulumi.String("sg-twin"), GP3Default: cfg.Addons.GP3DefaultStorageClass,
	}, pulumi.Providers(k8s))
	return wrap("cluster objects", err)
}

// karpenterChart: values as stacks.deployKarpenter builds them.
func karpenterChart(ctx *pulumi.Context, cfg stackconfig.Config, charts Charts, k8s *kubernetes.Provider) error {
	if !cfg.Autoscaling.Karpenter() || charts.Karpenter == "" {
		return nil
	}
	kc := cfg.PlacedKarpenter(Zones(cfg))
	values := karpenter.HelmValues(kc, karpenter.Wired{ClusterName: "twin", QueueName: "twin-interruption",
		ControllerRoleARN: "arn:aws:iam::123456789012:role/twin-karpenter"})
	return chart(ctx, "karpenter", charts.Karpenter, kc.Namespace, values, k8s)
}

func metricsServerChart(ctx *pulumi.Context, cfg stackconfig.Config, charts Charts, k8s *kubernetes.Provider) error {
	if !cfg.Addons.MetricsServer || charts.MetricsServer == "" {
		return nil
	}
	return chart(ctx, "metrics-server", charts.MetricsServer, addonsspec.KubeSystem, addonsspec.MetricsServerValues(nodegroups.OperationalPlacement()), k8s)
}

func binpackingScheduler(ctx *pulumi.Context, cfg stackconfig.Config, _ Charts, k8s *kubernetes.Provider) error {
	if !cfg.Scheduler.Enabled {
		return nil
	}
	sc := cfg.PlacedScheduler()
	_, err := scheduler.New(ctx, "twin-scheduler", scheduler.Args{Config: sc}, pulumi.Providers(k8s))
	return wrap("binpacking scheduler", err)
}

func chart(ctx *pulumi.Context, name, dir, ns string, values map[string]any, k8s *kubernetes.Provider) error {
	_, err := helmv4.NewChart(ctx, name, &helmv4.ChartArgs{
		Chart: pulumi.String(filepath.Clean(dir)), Namespace: pulumi.String(ns),
		Values: pulumi.ToMap(values), SkipAwait: pulumi.Bool(true),
	}, pulumi.Provider(k8s))
	return wrap(name+" chart", err)
}

// skipAwait annotates every Kubernetes object pulumi.com/skipAwait, so `up`
// returns once objects exist and the twin itself judges readiness (a
// workload that cannot be placed would otherwise hold `up` for 10 min).
func skipAwait(_ context.Context, a *pulumi.ResourceTransformArgs) *pulumi.ResourceTransformResult {
	if !a.Custom || !strings.HasPrefix(a.Type, "kubernetes:") || strings.HasPrefix(a.Type, "kubernetes:helm") {
		return nil
	}
	md, _ := a.Props["metadata"].(pulumi.Map)
	if md == nil {
		md = pulumi.Map{}
	}
	ann := pulumi.Map{}
	switch old := md["annotations"].(type) {
	case pulumi.Map:
		for k, v := range old {
			ann[k] = v
		}
	case pulumi.StringMap:
		for k, v := range old {
			ann[k] = v
		}
	}
	ann["pulumi.com/skipAwait"] = pulumi.String("true")
	md["annotations"] = ann
	a.Props["metadata"] = md
	return &pulumi.ResourceTransformResult{Props: a.Props, Opts: a.Opts}
}

func wrap(what string, err error) error {
	if err != nil {
		return fmt.Errorf("twin: declaring %s: %w", what, err)
	}
	return nil
}
