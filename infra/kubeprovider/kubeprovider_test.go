package kubeprovider

import (
	"errors"
	"testing"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumimock"
)

func TestRequire(t *testing.T) {
	t.Parallel()
	err := pulumimock.New().Run(func(ctx *pulumi.Context) error {
		k8s, err := kubernetes.NewProvider(ctx, "k8s", &kubernetes.ProviderArgs{})
		if err != nil {
			return err
		}
		parent := &struct{ pulumi.ResourceState }{}
		if err := ctx.RegisterComponentResource("test:index:Parent", "p", parent); err != nil {
			return err
		}
		for _, tt := range []struct {
			name string
			opts []pulumi.ResourceOption
			ok   bool
		}{
			{"none", nil, false},
			{"only depends-on", []pulumi.ResourceOption{pulumi.DependsOn([]pulumi.Resource{k8s})}, false},
			{"providers", []pulumi.ResourceOption{pulumi.Providers(k8s)}, true},
			{"provider", []pulumi.ResourceOption{pulumi.Provider(k8s)}, true},
			{"parent", []pulumi.ResourceOption{pulumi.Parent(parent)}, true},
		} {
			err := Require("thing", tt.opts)
			if (err == nil) != tt.ok || (err != nil && !errors.Is(err, ErrMissing)) {
				t.Errorf("%s: Require = %v, want ok %v", tt.name, err, tt.ok)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
