package chartcheck

import "k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

// HookAnnotation marks a Helm hook. helm/v4.Chart drops such objects.
const HookAnnotation = "helm.sh/hook"

// Hooks lists the rendered objects annotated as Helm hooks. helm/v4.Chart
// renders with hooks disabled, so a render through the provider has none:
// a test asserts that, so a provider change that starts deploying hooks
// (or a render path that bypasses the provider) shows up.
func Hooks(objs []*unstructured.Unstructured) []Ref {
	var out []Ref
	for _, o := range objs {
		if _, ok := o.GetAnnotations()[HookAnnotation]; ok {
			out = append(out, RefOf(o))
		}
	}
	return out
}
