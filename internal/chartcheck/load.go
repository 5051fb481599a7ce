package chartcheck

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"
)

// Ref names one Kubernetes object. Namespace is "" for cluster-scoped
// objects.
type Ref struct {
	Kind      string
	Namespace string
	Name      string
}

func (r Ref) String() string {
	if r.Namespace == "" {
		return r.Kind + "/" + r.Name
	}
	return r.Kind + " " + r.Namespace + "/" + r.Name
}

// RefOf is the Ref of a rendered object.
func RefOf(o *unstructured.Unstructured) Ref {
	return Ref{Kind: o.GetKind(), Namespace: o.GetNamespace(), Name: o.GetName()}
}

// Load reads every object a render wrote under dir (one YAML object per
// file, as the provider's renderYamlToDirectory writes them), sorted by
// kind, namespace and name.
func Load(dir string) ([]*unstructured.Unstructured, error) {
	var objs []*unstructured.Unstructured
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yaml") {
			return err
		}
		o, err := loadFile(path)
		if err != nil {
			return err
		}
		objs = append(objs, o)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("loading rendered objects: %w", err)
	}
	sort.Slice(objs, func(i, j int) bool { return RefOf(objs[i]).String() < RefOf(objs[j]).String() })
	return objs, nil
}

func loadFile(path string) (*unstructured.Unstructured, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	m := map[string]any{}
	if err := yaml.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &unstructured.Unstructured{Object: m}, nil
}

// MustLoad is Load that fails t on error or when nothing was rendered.
func MustLoad(t testing.TB, dir string) []*unstructured.Unstructured {
	t.Helper()
	objs, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(objs) == 0 {
		t.Fatalf("chartcheck: nothing rendered under %s", dir)
	}
	return objs
}

// Find returns the rendered objects of a kind (all kinds when kind is "").
func Find(objs []*unstructured.Unstructured, kind string) []*unstructured.Unstructured {
	var out []*unstructured.Unstructured
	for _, o := range objs {
		if kind == "" || o.GetKind() == kind {
			out = append(out, o)
		}
	}
	return out
}
