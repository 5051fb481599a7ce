package loadgenapp

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// golden compares got with testdata/<name>.golden (rewritten with -update).
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden (run with -update to create it): %v", err)
	}
	if string(want) != got {
		t.Errorf("%s differs from golden:\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// recorded is one resource the program registered.
type recorded struct {
	Type, Name, Provider, Parent string
	Inputs                       resource.PropertyMap
	Deps                         []string
}

// recorder is a pulumi.MockResourceMonitor that records every resource and
// answers the few invokes the components make.
type recorder struct {
	mu  sync.Mutex
	res []recorded
}

func (r *recorder) NewResource(a pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	rec := recorded{Type: a.TypeToken, Name: a.Name, Provider: a.Provider, Inputs: a.Inputs}
	if a.RegisterRPC != nil {
		rec.Parent, rec.Deps = a.RegisterRPC.GetParent(), a.RegisterRPC.GetDependencies()
	}
	r.mu.Lock()
	r.res = append(r.res, rec)
	r.mu.Unlock()
	out := a.Inputs.Copy()
	id := a.Name + "-id"
	switch a.TypeToken {
	case "aws:s3/bucketV2:BucketV2":
		out["bucket"] = resource.NewStringProperty(a.Name + "-bucket")
	case "aws:iam/role:Role":
		out["arn"] = resource.NewStringProperty("arn:aws:iam::123456789012:role/" + a.Name)
	case "aws:kms/key:Key":
		out["arn"] = resource.NewStringProperty("arn:aws:kms:us-west-2:123456789012:key/" + a.Name)
	case "aws:cloudwatch/logGroup:LogGroup":
		out["arn"] = resource.NewStringProperty("arn:aws:logs:us-west-2:123456789012:log-group:" + a.Inputs["name"].StringValue() + ":*")
	case "aws:ecr/repository:Repository":
		out["repositoryUrl"] = resource.NewStringProperty("123456789012.dkr.ecr.us-west-2.amazonaws.com/" + a.Name)
	case "aws:emrcontainers/virtualCluster:VirtualCluster":
		id = "vc-" + a.Name
	}
	return id, out, nil
}

func (r *recorder) Call(a pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return nil, fmt.Errorf("unexpected invoke %s", a.Token)
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

func (r *recorder) named(typ, suffix string) (recorded, bool) {
	for _, x := range r.ofType(typ) {
		if strings.HasSuffix(x.Name, suffix) {
			return x, true
		}
	}
	return recorded{}, false
}

// run runs prog under mocks and returns what it registered.
func run(t *testing.T, prog pulumi.RunFunc) *recorder {
	t.Helper()
	rec := &recorder{}
	err := pulumi.RunErr(prog, pulumi.WithMocks("emr-eks-loadtest", "test", rec))
	if err != nil {
		t.Fatalf("program failed: %v", err)
	}
	return rec
}
