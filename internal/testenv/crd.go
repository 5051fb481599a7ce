package testenv

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/wait"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/client-go/dynamic"
)

var crdGVR = schema.GroupVersionResource{Group: "apiextensions.k8s.io", Version: "v1", Resource: "customresourcedefinitions"}

// InstallCRDs applies the CustomResourceDefinitions in paths (YAML files,
// multi-document allowed, or folders of *.yaml/*.yml) with server-side apply
// and waits until each is Established and its API accepts objects (a dry-run
// create answers with something other than "not found": the first create
// right after Established can fail for ~2 s). It returns the CRD names.
func (cp *ControlPlane) InstallCRDs(ctx context.Context, paths ...string) ([]string, error) {
	crds, err := readCRDs(paths)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(crds))
	for _, crd := range crds {
		if err := cp.applyCRD(ctx, crd); err != nil {
			return names, err
		}
		names = append(names, crd.GetName())
	}
	for _, crd := range crds {
		if err := cp.waitCRDUsable(ctx, crd); err != nil {
			return names, err
		}
	}
	return names, nil
}

func (cp *ControlPlane) applyCRD(ctx context.Context, crd *unstructured.Unstructured) error {
	body, err := crd.MarshalJSON()
	if err != nil {
		return err
	}
	force := true
	_, err = cp.dynamic.Resource(crdGVR).Patch(ctx, crd.GetName(), types.ApplyPatchType, body,
		metav1.PatchOptions{FieldManager: "testenv", Force: &force})
	if err != nil {
		return fmt.Errorf("testenv: apply CRD %s: %w", crd.GetName(), err)
	}
	return nil
}

func (cp *ControlPlane) waitCRDUsable(ctx context.Context, crd *unstructured.Unstructured) error {
	probe, ri, err := cp.probeObject(crd)
	if err != nil {
		return err
	}
	var last error
	err = wait.PollUntilContextTimeout(ctx, 200*time.Millisecond, time.Minute, true, func(ctx context.Context) (bool, error) {
		got, err := cp.dynamic.Resource(crdGVR).Get(ctx, crd.GetName(), metav1.GetOptions{})
		if err != nil {
			last = err
			return false, nil
		}
		if !conditionTrue(got, "Established") {
			last = errors.New("not Established")
			return false, nil
		}
		_, err = ri.Create(ctx, probe.DeepCopy(), metav1.CreateOptions{DryRun: []string{metav1.DryRunAll}})
		if err != nil && (apierrors.IsNotFound(err) || apierrors.IsMethodNotSupported(err) || apierrors.IsServiceUnavailable(err)) {
			last = err
			return false, nil
		}
		return true, nil // created, or refused by validation: the API serves it
	})
	if err != nil {
		return fmt.Errorf("testenv: CRD %s not usable after 1 min (last: %v): %w", crd.GetName(), last, err)
	}
	return nil
}

// probeObject is an empty object of the CRD's first served version (in
// namespace default when namespaced) and the client for it.
func (cp *ControlPlane) probeObject(crd *unstructured.Unstructured) (*unstructured.Unstructured, dynamic.ResourceInterface, error) {
	group, _, _ := unstructured.NestedString(crd.Object, "spec", "group")
	plural, _, _ := unstructured.NestedString(crd.Object, "spec", "names", "plural")
	kind, _, _ := unstructured.NestedString(crd.Object, "spec", "names", "kind")
	scope, _, _ := unstructured.NestedString(crd.Object, "spec", "scope")
	versions, _, _ := unstructured.NestedSlice(crd.Object, "spec", "versions")
	version := ""
	for _, v := range versions {
		m, _ := v.(map[string]any)
		if served, _ := m["served"].(bool); served {
			version, _ = m["name"].(string)
			break
		}
	}
	if group == "" || plural == "" || kind == "" || version == "" {
		return nil, nil, fmt.Errorf("testenv: CRD %s: spec.group, spec.names.plural, spec.names.kind and a served version are required", crd.GetName())
	}
	probe := &unstructured.Unstructured{}
	probe.SetAPIVersion(group + "/" + version)
	probe.SetKind(kind)
	probe.SetName("testenv-probe")
	var ri dynamic.ResourceInterface = cp.dynamic.Resource(schema.GroupVersionResource{Group: group, Version: version, Resource: plural})
	if scope == "Namespaced" {
		probe.SetNamespace("default")
		ri = cp.dynamic.Resource(schema.GroupVersionResource{Group: group, Version: version, Resource: plural}).Namespace("default")
	}
	return probe, ri, nil
}

func conditionTrue(obj *unstructured.Unstructured, typ string) bool {
	conds, _, _ := unstructured.NestedSlice(obj.Object, "status", "conditions")
	for _, c := range conds {
		m, ok := c.(map[string]any)
		if ok && m["type"] == typ && m["status"] == "True" {
			return true
		}
	}
	return false
}

// readCRDs reads every document of the files (and *.yaml/*.yml in folders)
// and refuses documents that are not CustomResourceDefinitions.
func readCRDs(paths []string) ([]*unstructured.Unstructured, error) {
	if len(paths) == 0 {
		return nil, errors.New("testenv: InstallCRDs: no paths given")
	}
	var files []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("testenv: CRD path: %w", err)
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		for _, pat := range []string{"*.yaml", "*.yml"} {
			m, _ := filepath.Glob(filepath.Join(p, pat))
			files = append(files, m...)
		}
	}
	sort.Strings(files)
	var out []*unstructured.Unstructured
	for _, f := range files {
		docs, err := ReadObjects(f)
		if err != nil {
			return nil, err
		}
		for _, d := range docs {
			if d.GetKind() != "CustomResourceDefinition" {
				return nil, fmt.Errorf("testenv: %s: %s %q is not a CustomResourceDefinition", f, d.GetKind(), d.GetName())
			}
			out = append(out, d)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("testenv: no CustomResourceDefinition in %s", strings.Join(paths, ", "))
	}
	return out, nil
}

// ReadObjects decodes every non-empty YAML (or JSON) document of a file.
func ReadObjects(file string) ([]*unstructured.Unstructured, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("testenv: %w", err)
	}
	dec := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(b), 4096)
	var out []*unstructured.Unstructured
	for {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return nil, fmt.Errorf("testenv: %s: %w", file, err)
		}
		if len(m) == 0 {
			continue
		}
		out = append(out, &unstructured.Unstructured{Object: m})
	}
}
