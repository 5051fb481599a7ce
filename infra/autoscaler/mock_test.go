package autoscaler

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

// recorder is a pulumi mock that records every resource, answers the
// partition / region / account invokes and fails every other invoke.
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
	state := a.Inputs.Copy()
	// Stand-ins for provider-computed outputs the component wires onwards.
	state["arn"] = resource.NewStringProperty("arn:aws:mock:::" + a.Name)
	state["name"] = resource.NewStringProperty(a.Name)
	state["url"] = resource.NewStringProperty("https://sqs.mock/" + a.Name)
	return a.Name + "-id", state, nil
}

func (r *recorder) Call(a pulumi.MockCallArgs) (resource.PropertyMap, error) {
	switch a.Token {
	case "aws:index/getPartition:getPartition":
		return resource.PropertyMap{"partition": resource.NewStringProperty("aws")}, nil
	case "aws:index/getRegion:getRegion":
		return resource.PropertyMap{"name": resource.NewStringProperty("us-west-2")}, nil
	case "aws:index/getCallerIdentity:getCallerIdentity":
		return resource.PropertyMap{"accountId": resource.NewStringProperty("123456789012")}, nil
	}
	return nil, &unexpectedCall{a.Token}
}

type unexpectedCall struct{ token string }

func (e *unexpectedCall) Error() string { return "unexpected invoke " + e.token }

func (r *recorder) find(t *testing.T, typ, name string) recorded {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, x := range r.res {
		if x.Name == name && x.Type == typ {
			return x
		}
	}
	t.Fatalf("no %s named %s", typ, name)
	return recorded{}
}

func (r *recorder) ofType(typ string) []recorded {
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
