package pulumimock

import (
	"slices"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/internals"
)

type custom struct {
	pulumi.CustomResourceState
	Out pulumi.StringOutput `pulumi:"out"`
}

type component struct{ pulumi.ResourceState }

type provider struct{ pulumi.ProviderResourceState }

// graphProgram declares, in order: a component "net" with a child "nat";
// "cluster" depending on the component; "pod" taking an input from nat's
// output; a provider "k8s" under cluster; "obj" using that provider; and
// "loose", which depends on nothing.
func graphProgram(ctx *pulumi.Context) error {
	net := &component{}
	if err := ctx.RegisterComponentResource("test:index:Net", "net", net); err != nil {
		return err
	}
	nat := &custom{}
	if err := ctx.RegisterResource("test:index:Nat", "nat", pulumi.Map{"x": pulumi.String("1")}, nat, pulumi.Parent(net)); err != nil {
		return err
	}
	// The SDK expands a DependsOn on a component to the children it has
	// when the dependent registers: wait for nat's registration first.
	if _, err := internals.UnsafeAwaitOutput(ctx.Context(), nat.URN()); err != nil {
		return err
	}
	cluster := &custom{}
	if err := ctx.RegisterResource("test:index:Cluster", "cluster", pulumi.Map{}, cluster, pulumi.DependsOn([]pulumi.Resource{net})); err != nil {
		return err
	}
	if err := ctx.RegisterResource("test:index:Pod", "pod", pulumi.Map{"subnet": nat.ID()}, &custom{}); err != nil {
		return err
	}
	k8s := &provider{}
	if err := ctx.RegisterResource("pulumi:providers:kubernetes", "k8s", pulumi.Map{}, k8s, pulumi.Parent(cluster)); err != nil {
		return err
	}
	if err := ctx.RegisterResource("kubernetes:test:Obj", "obj", pulumi.Map{}, &custom{}, pulumi.Provider(k8s)); err != nil {
		return err
	}
	return ctx.RegisterResource("test:index:Loose", "loose", pulumi.Map{}, &custom{})
}

func TestGraphFollowsDestroyEdges(t *testing.T) {
	t.Parallel()
	m := New()
	if err := m.Run(graphProgram); err != nil {
		t.Fatal(err)
	}
	urn := func(typ, name string) string { return m.Find(t, typ, name).URN }
	nat, cluster := urn("test:index:Nat", "nat"), urn("test:index:Cluster", "cluster")
	pod, obj := urn("test:index:Pod", "pod"), urn("kubernetes:test:Obj", "obj")
	net, loose := urn("test:index:Net", "net"), urn("test:index:Loose", "loose")
	if got := m.Find(t, "test:index:Pod", "pod").PropertyDependencies["subnet"]; !slices.Contains(got, nat) {
		t.Errorf("pod's property dependencies %v lack %s: the computed URN differs from the SDK's", got, nat)
	}
	g := m.Graph()
	tests := []struct {
		name string
		y, x string
		want bool
	}{
		{"child on parent", nat, net, true},
		{"dependsOn a component reaches its earlier child", cluster, nat, true},
		{"input from an output", pod, nat, true},
		{"through provider and parent", obj, nat, true},
		{"not backwards", nat, cluster, false},
		{"unrelated", loose, nat, false},
		{"parent not on child", net, nat, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := g.DependsOn(tt.y, tt.x); got != tt.want {
				t.Errorf("DependsOn(%s, %s) = %v, want %v (path %v)", tt.y, tt.x, got, tt.want, g.Path(tt.y, tt.x))
			}
		})
	}
}
