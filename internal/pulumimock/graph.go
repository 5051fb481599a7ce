package pulumimock

import (
	"slices"
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/common/tokens"
)

// Graph is the dependency graph of the recorded resources, with the edges
// the Pulumi engine orders `pulumi destroy` by (pkg/resource/graph,
// DependencyGraph.DependenciesOf, v3.274.1): a resource's dependencies and
// property dependencies, its parent, its provider, and, for a dependency
// on a component, every child of that component registered before the
// resource. Destroy deletes a resource only after everything that depends
// on it, so "x outlives y" is exactly DependsOn(y, x).
type Graph struct {
	res   []Resource
	index map[string]int
	edges [][]int
}

// Graph builds the dependency graph of everything recorded so far.
func (m *Mock) Graph() *Graph {
	g := &Graph{res: m.Resources(), index: map[string]int{}}
	for i, r := range g.res {
		g.index[r.URN] = i
	}
	children := g.children()
	g.edges = make([][]int, len(g.res))
	for i, r := range g.res {
		for _, urn := range r.directDeps() {
			j, ok := g.index[urn]
			if !ok {
				continue
			}
			g.edges[i] = append(g.edges[i], j)
			if !g.res[j].Custom {
				g.edges[i] = append(g.edges[i], earlierDescendants(children, j, i)...)
			}
		}
	}
	return g
}

// directDeps are the URNs r names itself: dependencies, property
// dependencies, parent and provider.
func (r Resource) directDeps() []string {
	out := slices.Clone(r.DependsOn)
	for _, deps := range r.PropertyDependencies {
		out = append(out, deps...)
	}
	if r.Parent != "" {
		out = append(out, r.Parent)
	}
	if ref := providerURN(r.Provider); ref != "" {
		out = append(out, ref)
	}
	return out
}

// children maps each resource index to the indexes of its children.
func (g *Graph) children() map[int][]int {
	out := map[int][]int{}
	for i, r := range g.res {
		if p, ok := g.index[r.Parent]; ok {
			out[p] = append(out[p], i)
		}
	}
	return out
}

// earlierDescendants lists the descendants of component c registered
// before resource before.
func earlierDescendants(children map[int][]int, c, before int) []int {
	var out []int
	for _, k := range children[c] {
		if k < before {
			out = append(out, k)
		}
		out = append(out, earlierDescendants(children, k, before)...)
	}
	return out
}

// Resource returns the recorded resource with the URN.
func (g *Graph) Resource(urn string) (Resource, bool) {
	i, ok := g.index[urn]
	if !ok {
		return Resource{}, false
	}
	return g.res[i], true
}

// DependsOn reports whether y depends on x directly or transitively, so
// that destroy deletes y before x. Unknown URNs depend on nothing.
func (g *Graph) DependsOn(y, x string) bool { return g.Path(y, x) != nil }

// Path returns a chain of URNs from y to x along dependency edges (y
// first), or nil if y does not depend on x. Failure messages print it.
func (g *Graph) Path(y, x string) []string {
	from, ok1 := g.index[y]
	to, ok2 := g.index[x]
	if !ok1 || !ok2 || from == to {
		return nil
	}
	prev := map[int]int{from: -1}
	queue := []int{from}
	for len(queue) > 0 {
		i := queue[0]
		queue = queue[1:]
		for _, j := range g.edges[i] {
			if _, seen := prev[j]; seen {
				continue
			}
			prev[j] = i
			if j == to {
				return g.chain(prev, to)
			}
			queue = append(queue, j)
		}
	}
	return nil
}

func (g *Graph) chain(prev map[int]int, to int) []string {
	var out []string
	for i := to; i >= 0; i = prev[i] {
		out = append(out, g.res[i].URN)
	}
	slices.Reverse(out)
	return out
}

// urnOf computes a resource's URN the way the SDK's mock monitor does:
// the parent's qualified type joins the type unless the parent is the
// stack.
func urnOf(parent, typ, name string) string {
	var parentType tokens.Type
	if p := resource.URN(parent); p != "" && p.QualifiedType() != resource.RootStackType {
		parentType = p.QualifiedType()
	}
	return string(resource.NewURN(tokens.QName(Stack), tokens.PackageName(Project), parentType, tokens.Type(typ), name))
}

// providerURN returns the URN part of a provider reference "<urn>::<id>".
func providerURN(ref string) string {
	i := strings.LastIndex(ref, "::")
	if i < 0 {
		return ""
	}
	return ref[:i]
}
