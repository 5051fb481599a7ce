package karpenter

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
	"sigs.k8s.io/yaml"
)

// crdSchema is the part of an OpenAPI v3 schema the walk needs.
type crdSchema struct {
	Type                 string               `json:"type"`
	Properties           map[string]crdSchema `json:"properties"`
	Items                *crdSchema           `json:"items"`
	AdditionalProperties *crdSchema           `json:"additionalProperties"`
	Minimum              *float64             `json:"minimum"`
	Maximum              *float64             `json:"maximum"`
}

// crdModule holds the CRDs of the pinned controller release (infra/karpenter's
// rehearsal applies the same ones).
var crdModule = versions.KarpenterChartModule.Module

// ec2NodeClassSchema reads .spec's crdSchema of karpenter.k8s.aws/v1
// EC2NodeClass from the pinned release's own CRD (module zip, no cluster).
func ec2NodeClassSchema(t *testing.T) crdSchema {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	dir, err := testenv.ModuleDir(ctx, crdModule)
	if err != nil {
		t.Skipf("CRD module not available: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "pkg", "apis", "crds", "karpenter.k8s.aws_ec2nodeclasses.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var crd struct {
		Spec struct {
			Versions []struct {
				Name   string
				Schema struct {
					OpenAPIV3Schema crdSchema `json:"openAPIV3Schema"`
				}
			}
		}
	}
	if err := yaml.Unmarshal(b, &crd); err != nil {
		t.Fatal(err)
	}
	for _, v := range crd.Spec.Versions {
		if v.Name == "v1" {
			return v.Schema.OpenAPIV3Schema.Properties["spec"]
		}
	}
	t.Fatal("no v1 in the EC2NodeClass CRD")
	return crdSchema{}
}

// conform reports every field of v that the crdSchema does not declare, or
// declares with another type or out of its bounds.
func conform(path string, v any, s crdSchema) []string {
	var errs []string
	bad := func(f string, a ...any) { errs = append(errs, path+": "+fmt.Sprintf(f, a...)) }
	switch x := v.(type) {
	case map[string]any:
		if s.Type != "object" {
			return []string{path + ": object where the CRD has " + s.Type}
		}
		for k, child := range x {
			cs, ok := s.Properties[k]
			if !ok && s.AdditionalProperties != nil {
				cs, ok = *s.AdditionalProperties, true
			}
			if !ok {
				bad("field %q is not in the CRD", k)
				continue
			}
			errs = append(errs, conform(path+"."+k, child, cs)...)
		}
	case []any:
		if s.Type != "array" || s.Items == nil {
			return []string{path + ": array where the CRD has " + s.Type}
		}
		for i, item := range x {
			errs = append(errs, conform(fmt.Sprintf("%s[%d]", path, i), item, *s.Items)...)
		}
	case float64:
		if s.Type != "integer" && s.Type != "number" {
			bad("number where the CRD has %s", s.Type)
		}
		if (s.Minimum != nil && x < *s.Minimum) || (s.Maximum != nil && x > *s.Maximum) {
			bad("%v out of the CRD's bounds", x)
		}
	case string:
		if s.Type != "string" {
			bad("string where the CRD has %s", s.Type)
		}
	case bool:
		if s.Type != "boolean" {
			bad("boolean where the CRD has %s", s.Type)
		}
	}
	return errs
}

// The node class we build, with and without prefix delegation, has the
// field shapes of the real v1 EC2NodeClass CRD (kubelet.maxPods is an
// int32 under .spec.kubelet since v1, no longer on the NodePool).
func TestEC2NodeClassMatchesTheRealCRD(t *testing.T) {
	spec := ec2NodeClassSchema(t)
	for _, pd := range []bool{false, true} {
		c := Defaults(versions.KarpenterAMIAlias)
		c.PrefixDelegation = pd
		m, err := ToMap(EC2NodeClass(c, "loadtest", "loadtest-karpenter-node"))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range conform("spec", m, spec) {
			t.Errorf("prefixDelegation=%v: %s", pd, e)
		}
	}
	if _, ok := spec.Properties["kubelet"].Properties["maxPods"]; !ok {
		t.Error("the CRD has no spec.kubelet.maxPods")
	}
	// The walk can fail: a string maxPods, a negative one and a field the
	// CRD does not have are all caught.
	wrong := map[string]any{"kubelet": map[string]any{"maxPods": "110"}, "maxPods": float64(110)}
	if errs := conform("spec", wrong, spec); len(errs) != 2 {
		t.Errorf("wrong shapes found %v, want 2 errors", errs)
	}
	if errs := conform("spec", map[string]any{"kubelet": map[string]any{"maxPods": float64(-1)}}, spec); len(errs) != 1 {
		t.Errorf("negative maxPods found %v, want 1 error", errs)
	}
}
