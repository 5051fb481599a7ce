// Package pulumimock is a recording mock for tier-1 tests of Pulumi
// programs: run the real program under pulumi.WithMocks, then assert on
// what it declared.
//
// Usage:
//
//	m := pulumimock.New(pulumimock.WithAWS("us-west-2", "123456789012"))
//	err := m.Run(func(ctx *pulumi.Context) error { return stacks.Deploy(ctx) })
//	vpcs := m.ByType("aws:ec2/vpc:Vpc")
//	cidr := vpcs[0].String("cidrBlock")
//
// Every resource registration is recorded with its type token, name,
// inputs, parent URN, provider reference and dependencies. Every invoke is recorded too,
// and an invoke without a handler fails the program with an error naming
// the token: a program that starts calling something new must say how the
// test answers it (Mock.Invoke). Outputs of a resource are its inputs plus
// an id, a name, an arn, whatever Mock.CommonOutputs adds to every resource
// and whatever Mock.Outputs adds for its type, so
// remote components (pulumi-eks's Cluster) can be given the plain outputs
// the program reads; an "id" those add becomes the resource's ID.
//
// Config comes from PULUMI_CONFIG (t.Setenv it, see SetConfig); the Pulumi
// SDK reads it when the program starts.
package pulumimock

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Project and Stack are the names the mock runs the program under.
const (
	Project = "emr-eks-loadtest"
	Stack   = "test"
)

// InvokeFunc answers one invoke (a data source / function call).
type InvokeFunc func(args resource.PropertyMap) (resource.PropertyMap, error)

// OutputFunc adds outputs to a resource of one type, beyond its inputs.
type OutputFunc func(r Resource) map[string]any

// Resource is one recorded registration.
type Resource struct {
	Type   string
	Name   string
	Inputs resource.PropertyMap
	// Parent is the parent's URN ("" for the stack).
	Parent string
	// Provider is the provider reference ("<urn>::<id>"), "" for the default.
	Provider string
	// Custom is false for component resources.
	Custom bool
	// URN is the resource's own URN, computed as the mock monitor does.
	URN string
	// DependsOn are the URNs of the resource's dependencies as the SDK
	// sends them: explicit DependsOn (a component expanded to the children
	// it has so far) merged with the resources its inputs came from.
	DependsOn []string
	// PropertyDependencies are, per input property, the URNs of the
	// resources its value came from.
	PropertyDependencies map[string][]string
}

// Call is one recorded invoke.
type Call struct {
	Token string
	Args  resource.PropertyMap
}

// Mock implements pulumi.MockResourceMonitor and records everything.
type Mock struct {
	mu        sync.Mutex
	resources []Resource
	calls     []Call
	invokes   map[string]InvokeFunc
	outputs   map[string]OutputFunc
	common    OutputFunc
}

// Option configures a Mock.
type Option func(*Mock)

// New returns a Mock with the options applied.
func New(opts ...Option) *Mock {
	m := &Mock{invokes: map[string]InvokeFunc{}, outputs: map[string]OutputFunc{}}
	for _, o := range opts {
		o(m)
	}
	return m
}

// Invoke sets the handler of an invoke token (e.g. "aws:index/getRegion:getRegion").
func (m *Mock) Invoke(token string, f InvokeFunc) *Mock {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.invokes[token] = f
	return m
}

// Outputs sets the extra outputs of a resource type.
func (m *Mock) Outputs(typeToken string, f OutputFunc) *Mock {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.outputs[typeToken] = f
	return m
}

// CommonOutputs sets extra outputs of every resource, whatever its type:
// they replace the defaults (id, name, arn) and inputs of the same key,
// and the outputs set with Outputs for its type replace them in turn.
func (m *Mock) CommonOutputs(f OutputFunc) *Mock {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.common = f
	return m
}

// Run runs program under the mock and returns its error.
func (m *Mock) Run(program pulumi.RunFunc) error {
	return pulumi.RunErr(program, pulumi.WithMocks(Project, Stack, m))
}

// NewResource records the registration and answers with its outputs.
func (m *Mock) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	r := Resource{Type: args.TypeToken, Name: args.Name, Inputs: args.Inputs, Provider: args.Provider, Custom: args.Custom}
	if rpc := args.RegisterRPC; rpc != nil {
		r.Parent, r.DependsOn = rpc.GetParent(), rpc.GetDependencies()
		r.PropertyDependencies = map[string][]string{}
		for k, deps := range rpc.GetPropertyDependencies() {
			r.PropertyDependencies[k] = deps.GetUrns()
		}
	}
	r.URN = urnOf(r.Parent, r.Type, r.Name)
	m.mu.Lock()
	m.resources = append(m.resources, r)
	extra, common := m.outputs[args.TypeToken], m.common
	m.mu.Unlock()
	out := args.Inputs.Copy()
	id := args.Name + "-id"
	defaults := map[string]any{"id": id, "arn": "arn:aws:mock:::" + args.Name}
	if !args.Inputs.HasValue("name") {
		defaults["name"] = args.Name
	}
	for k, v := range defaults {
		if !out.HasValue(resource.PropertyKey(k)) {
			out[resource.PropertyKey(k)] = resource.NewPropertyValue(v)
		}
	}
	for _, f := range []OutputFunc{common, extra} {
		if f == nil {
			continue
		}
		add := f(r)
		if s, ok := add["id"].(string); ok {
			id = s
		}
		for k, v := range resource.NewPropertyMapFromMap(add) {
			out[k] = v
		}
	}
	return id, out, nil
}

// Call answers an invoke through its handler; an invoke without one fails.
func (m *Mock) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	m.mu.Lock()
	m.calls = append(m.calls, Call{Token: args.Token, Args: args.Args})
	f, ok := m.invokes[args.Token]
	m.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("pulumimock: unexpected invoke %q (args %v): add a handler with Mock.Invoke", args.Token, args.Args.Mappable())
	}
	return f(args.Args)
}

// Resources returns every recorded registration, in order.
func (m *Mock) Resources() []Resource {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Resource(nil), m.resources...)
}

// Calls returns every recorded invoke, in order.
func (m *Mock) Calls() []Call {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Call(nil), m.calls...)
}

// ByType returns the resources of one type token, sorted by name.
func (m *Mock) ByType(typeToken string) []Resource {
	var out []Resource
	for _, r := range m.Resources() {
		if r.Type == typeToken {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// ByTypeInOrder returns the resources of one type token in the order the
// program registered them.
func (m *Mock) ByTypeInOrder(typeToken string) []Resource {
	var out []Resource
	for _, r := range m.Resources() {
		if r.Type == typeToken {
			out = append(out, r)
		}
	}
	return out
}

// NamedSuffix returns the first registered resource of the type whose name
// ends in suffix; ok is false if there is none.
func (m *Mock) NamedSuffix(typeToken, suffix string) (Resource, bool) {
	for _, r := range m.ByTypeInOrder(typeToken) {
		if strings.HasSuffix(r.Name, suffix) {
			return r, true
		}
	}
	return Resource{}, false
}

// Named returns the resource of the type with the name; ok is false if absent.
func (m *Mock) Named(typeToken, name string) (Resource, bool) {
	for _, r := range m.ByType(typeToken) {
		if r.Name == name {
			return r, true
		}
	}
	return Resource{}, false
}

// Find returns the resource of the type with the name, failing the test
// if there is none.
func (m *Mock) Find(t testing.TB, typeToken, name string) Resource {
	t.Helper()
	r, ok := m.Named(typeToken, name)
	if !ok {
		t.Fatalf("no %s named %s", typeToken, name)
	}
	return r
}

// CountByType counts the resources per type token.
func (m *Mock) CountByType() map[string]int {
	out := map[string]int{}
	for _, r := range m.Resources() {
		out[r.Type]++
	}
	return out
}

// Get returns the input at a path of keys (maps) as plain Go values
// (map[string]any, []any, string, float64, bool); nil if absent. Secrets are
// unwrapped; unknown values (not known at preview) are nil.
func (r Resource) Get(path ...string) any {
	var v any = plain(resource.NewObjectProperty(r.Inputs))
	for _, k := range path {
		mm, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = mm[k]
	}
	return v
}

// String returns the input at path as a string ("" if absent or not a string).
func (r Resource) String(path ...string) string {
	s, _ := r.Get(path...).(string)
	return s
}

// Strings returns the input at path as a list of strings.
func (r Resource) Strings(path ...string) []string {
	list, _ := r.Get(path...).([]any)
	out := make([]string, 0, len(list))
	for _, v := range list {
		s, _ := v.(string)
		out = append(out, s)
	}
	return out
}

// Number returns the input at path as a float64 (0 if absent).
func (r Resource) Number(path ...string) float64 {
	f, _ := r.Get(path...).(float64)
	return f
}

// StringMap returns the input at path as a map of strings (e.g. tags).
func (r Resource) StringMap(path ...string) map[string]string {
	mm, _ := r.Get(path...).(map[string]any)
	out := make(map[string]string, len(mm))
	for k, v := range mm {
		out[k], _ = v.(string)
	}
	return out
}

// JSON decodes a JSON-string input at path (policy documents, addon
// configuration) into a generic value.
func (r Resource) JSON(path ...string) (any, error) {
	var v any
	if err := json.Unmarshal([]byte(r.String(path...)), &v); err != nil {
		return nil, fmt.Errorf("%s %s: input %s is not JSON: %w", r.Type, r.Name, strings.Join(path, "."), err)
	}
	return v, nil
}

// ParentName returns the name part of the parent URN ("" for none).
func (r Resource) ParentName() string {
	i := strings.LastIndex(r.Parent, "::")
	if i < 0 {
		return ""
	}
	return r.Parent[i+2:]
}

// ProviderName returns the name of the provider resource in the provider
// reference ("" for the default provider).
// The reference is "<provider urn>::<id>" and a URN ends in "::<name>".
func (r Resource) ProviderName() string {
	parts := strings.Split(r.Provider, "::")
	if len(parts) < 2 {
		return ""
	}
	return parts[len(parts)-2]
}

// SetConfig sets PULUMI_CONFIG for the test from project keys (prefixed
// with the project namespace) plus any "ns:key" entries given with a colon.
func SetConfig(t testing.TB, kv map[string]string) {
	t.Helper()
	cfg := map[string]string{}
	for k, v := range kv {
		if !strings.Contains(k, ":") {
			k = Project + ":" + k
		}
		cfg[k] = v
	}
	b, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv(pulumi.EnvConfig, string(b))
}

// plain converts a property value to plain Go values, unwrapping secrets
// and outputs; unknowns become nil.
func plain(v resource.PropertyValue) any {
	switch {
	case v.IsSecret():
		return plain(v.SecretValue().Element)
	case v.IsOutput():
		if !v.OutputValue().Known {
			return nil
		}
		return plain(v.OutputValue().Element)
	case v.IsComputed():
		return nil
	case v.IsObject():
		out := map[string]any{}
		for k, e := range v.ObjectValue() {
			out[string(k)] = plain(e)
		}
		return out
	case v.IsArray():
		out := make([]any, len(v.ArrayValue()))
		for i, e := range v.ArrayValue() {
			out[i] = plain(e)
		}
		return out
	case v.IsResourceReference():
		return string(v.ResourceReferenceValue().URN)
	default:
		return v.Mappable()
	}
}
