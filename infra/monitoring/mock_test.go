package monitoring

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// recorded is one resource the program registered.
type recorded struct {
	Type, Name, Parent, Provider string
	DependsOn                    []string
	Inputs                       resource.PropertyMap
}

// recorder is a pulumi mock that records every resource and fails every
// invoke (this component makes none). Copied from infra/scheduler until the
// foundation's shared mock helper lands.
type recorder struct {
	mu  sync.Mutex
	res []recorded
}

func (r *recorder) NewResource(a pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	rec := recorded{Type: a.TypeToken, Name: a.Name, Provider: a.Provider, Inputs: a.Inputs}
	if a.RegisterRPC != nil {
		rec.Parent, rec.DependsOn = a.RegisterRPC.GetParent(), a.RegisterRPC.GetDependencies()
	}
	r.mu.Lock()
	r.res = append(r.res, rec)
	r.mu.Unlock()
	return a.Name + "-id", withOutputs(a), nil
}

// withOutputs adds the provider-computed outputs the component reads.
func withOutputs(a pulumi.MockResourceArgs) resource.PropertyMap {
	out := a.Inputs.Copy()
	switch a.TypeToken {
	case "aws:amp/workspace:Workspace":
		out["arn"] = resource.NewStringProperty("arn:aws:aps:eu-west-1:111122223333:workspace/ws-" + a.Name)
		out["prometheusEndpoint"] = resource.NewStringProperty("https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-" + a.Name + "/")
	case "aws:iam/role:Role":
		out["arn"] = resource.NewStringProperty("arn:aws:iam::111122223333:role/" + a.Name)
		out["name"] = resource.NewStringProperty(a.Name)
	case "aws:grafana/workspace:Workspace":
		out["endpoint"] = resource.NewStringProperty("g-1.grafana-workspace.eu-west-1.amazonaws.com")
	}
	return out
}

func (r *recorder) Call(a pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return nil, &unexpectedCall{a.Token}
}

type unexpectedCall struct{ token string }

func (e *unexpectedCall) Error() string { return "unexpected invoke " + e.token }

func (r *recorder) byName(name string) (recorded, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, x := range r.res {
		if x.Name == name {
			return x, true
		}
	}
	return recorded{}, false
}

func run(t *testing.T, program pulumi.RunFunc) *recorder {
	t.Helper()
	r := &recorder{}
	if err := pulumi.RunErr(program, pulumi.WithMocks("emr-eks-loadtest", "test", r)); err != nil {
		t.Fatalf("program: %v", err)
	}
	return r
}

// golden compares got with testdata/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden (run with -update to create): %v", err)
	}
	if string(want) != string(got) {
		t.Errorf("%s differs from golden (run with -update if intended):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func inputsJSON(t *testing.T, r recorded) []byte {
	t.Helper()
	b, err := json.MarshalIndent(r.Inputs.Mappable(), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

func (r *recorder) byType(typ string) []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []recorded
	for _, x := range r.res {
		if x.Type == typ {
			out = append(out, x)
		}
	}
	return out
}
