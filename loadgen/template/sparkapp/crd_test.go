package sparkapp

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	sigsyaml "sigs.k8s.io/yaml"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
)

const operatorModule = "github.com/kubeflow/spark-operator/v2"

// crdSchema reads the SparkApplication CRD's schema from the operator module
// at the version this binary was built with (go.mod), never a copy.
func crdSchema(t *testing.T) *apiextensions.JSONSchemaProps {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// The version go.mod requires (go list -m), then its folder in the module cache.
	out, err := exec.CommandContext(ctx, "go", "list", "-m", "-f", "{{.Version}}", operatorModule).Output()
	if err != nil {
		t.Fatalf("go list -m %s: %v", operatorModule, err)
	}
	dir, err := testenv.ModuleDir(ctx, operatorModule+"@"+strings.TrimSpace(string(out)))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "config/crd/bases/sparkoperator.k8s.io_sparkapplications.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var crd apiextensionsv1.CustomResourceDefinition
	if err := sigsyaml.Unmarshal(data, &crd); err != nil {
		t.Fatal(err)
	}
	for _, v := range crd.Spec.Versions {
		if v.Name == "v1beta2" {
			var internal apiextensions.JSONSchemaProps
			if err := apiextensionsv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(v.Schema.OpenAPIV3Schema, &internal, nil); err != nil {
				t.Fatal(err)
			}
			return &internal
		}
	}
	t.Fatal("the CRD has no v1beta2")
	return nil
}

// crdProblems is what the API server's CRD handling finds in obj: schema
// validation (types, required, enums, bounds) and pruning (unknown fields),
// as field paths.
func crdProblems(t *testing.T, schema *apiextensions.JSONSchemaProps, obj map[string]any) []string {
	t.Helper()
	ss, err := structuralschema.NewStructural(schema)
	if err != nil {
		t.Fatal(err)
	}
	validator, _, err := validation.NewSchemaValidator(schema)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, e := range validation.ValidateCustomResource(nil, obj, validator) {
		paths = append(paths, e.Field)
	}
	paths = append(paths, pruning.PruneWithOptions(obj, ss, true, structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})...)
	return sortedSet(paths)
}

func ourProblems(obj map[string]any) []string {
	js, _ := sigsyaml.Marshal(obj)
	c := &checker{name: "t"}
	jsn, _ := sigsyaml.YAMLToJSON(js)
	c.decode(jsn)
	var paths []string
	for _, p := range c.errs {
		paths = append(paths, p.path)
	}
	return sortedSet(paths)
}

func sortedSet(in []string) []string {
	sort.Strings(in)
	return slices.Compact(in)
}

// TestAgreesWithTheCRDSchema: for the shipped template and a mutation of
// each kind, the offline check finds exactly the fields the CRD's OpenAPI
// schema (validated and pruned as the API server does) finds.
func TestAgreesWithTheCRDSchema(t *testing.T) {
	t.Parallel()
	schema := crdSchema(t)
	tests := []struct {
		name string
		edit func(spec map[string]any)
	}{
		{"shipped spark-pi", func(map[string]any) {}},
		{"unknown spec field", func(s map[string]any) { s["sparkConfs"] = map[string]any{"a": "b"} }},
		{"unknown driver field", func(s map[string]any) { driver(s)["memroy"] = "1g" }},
		{"unknown field in a list item", func(s map[string]any) {
			s["volumes"] = []any{map[string]any{"name": "v", "emptyDirr": map[string]any{}}}
		}},
		{"wrong type", func(s map[string]any) { driver(s)["cores"] = "one" }},
		{"string where a list is", func(s map[string]any) { s["arguments"] = "1000" }},
		{"missing required", func(s map[string]any) { delete(s, "sparkVersion"); delete(s, "mainApplicationFile") }},
		{"enum", func(s map[string]any) { s["type"] = "Go"; s["mode"] = "local" }},
		{"restart policy", func(s map[string]any) {
			s["restartPolicy"] = map[string]any{"type": "Sometimes", "onFailureRetries": -1, "onFailureRetryInterval": 0}
		}},
		{"bounds", func(s map[string]any) {
			s["executor"].(map[string]any)["instances"] = 0
			s["monitoring"] = map[string]any{"exposeDriverMetrics": true, "prometheus": map[string]any{"port": 80}}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			obj := shipped(t)
			tc.edit(obj["spec"].(map[string]any))
			want := crdProblems(t, schema, deepCopy(obj))
			if got := ourProblems(obj); !slices.Equal(got, want) {
				t.Errorf("offline check found %q, the CRD schema %q", got, want)
			}
			if tc.name != "shipped spark-pi" && len(want) == 0 {
				t.Error("the mutation is valid under the CRD: the case tests nothing")
			}
		})
	}
}

func driver(spec map[string]any) map[string]any { return spec["driver"].(map[string]any) }

func shipped(t *testing.T) map[string]any {
	t.Helper()
	data, err := os.ReadFile("../../templates/spark-pi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var obj map[string]any
	if err := sigsyaml.Unmarshal(data, &obj); err != nil {
		t.Fatal(err)
	}
	return obj
}

func deepCopy(obj map[string]any) map[string]any {
	data, _ := sigsyaml.Marshal(obj)
	var out map[string]any
	_ = sigsyaml.Unmarshal(data, &out)
	return out
}

// coreTypes are fields of embedded Kubernetes types (pod template parts):
// their required fields and bounds come with the core API, which the
// offline check leaves to the server's dry run.
var coreTypes = []string{"affinity", "tolerations", "volumes", "volumeMounts", "env", "envFrom", "initContainers",
	"sidecars", "securityContext", "podSecurityContext", "lifecycle", "dnsConfig", "hostAliases", "template", "ports",
	"driverIngressOptions", "envSecretKeyRefs", "secrets", "configMaps", "batchSchedulerOptions", "sparkUIOptions",
	"dynamicAllocation", "deps", "imagePullSecrets", "resources", "status"}

// TestRulesMatchTheCRD: Rules holds exactly the CRD's required fields,
// enums and bounds outside the embedded Kubernetes types.
func TestRulesMatchTheCRD(t *testing.T) {
	t.Parallel()
	var fromCRD []Rule
	collectRules(crdSchema(t), "", &fromCRD)
	got, want := ruleStrings(Rules), ruleStrings(fromCRD)
	if !slices.Equal(got, want) {
		t.Errorf("Rules = %q\nthe CRD has %q", got, want)
	}
}

func collectRules(s *apiextensions.JSONSchemaProps, path string, out *[]Rule) {
	for _, seg := range splitPath(path) {
		if slices.Contains(coreTypes, seg) {
			return
		}
	}
	r := Rule{Path: path, Required: s.Required}
	for _, e := range s.Enum {
		r.Enum = append(r.Enum, fmt.Sprint(e))
	}
	if s.Minimum != nil {
		r.Min = bound(int64(*s.Minimum))
	}
	if s.Maximum != nil {
		r.Max = bound(int64(*s.Maximum))
	}
	if r.Required != nil || r.Enum != nil || r.Min != nil || r.Max != nil {
		*out = append(*out, r)
	}
	for name, p := range s.Properties {
		collectRules(&p, join(path, name), out)
	}
}

func ruleStrings(rules []Rule) []string {
	var out []string
	for _, r := range rules {
		s := r.Path + " required=" + strings.Join(sortedSet(slices.Clone(r.Required)), ",") + " enum=" + strings.Join(r.Enum, ",")
		if r.Min != nil {
			s += " min=" + itoa(*r.Min)
		}
		if r.Max != nil {
			s += " max=" + itoa(*r.Max)
		}
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }
