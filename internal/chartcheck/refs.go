package chartcheck

import (
	"fmt"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// Kinds a pod spec can refer to.
const (
	ServiceAccount        = "ServiceAccount"
	Secret                = "Secret"
	ConfigMap             = "ConfigMap"
	PersistentVolumeClaim = "PersistentVolumeClaim"
)

// Missing is one reference from a workload to an object that is neither
// rendered nor provided: the workload's pods cannot start (or run with
// the wrong identity) until it exists.
type Missing struct {
	Want  Ref    // the object referred to
	From  Ref    // the workload
	Field string // where, e.g. "volumes[tls].secret"
}

func (m Missing) String() string {
	return fmt.Sprintf("%s refers to missing %s (%s)", m.From, m.Want, m.Field)
}

// podSpecPaths: where each workload kind keeps its pod spec.
var podSpecPaths = map[string][]string{
	"Pod":         {"spec"},
	"Deployment":  {"spec", "template", "spec"},
	"StatefulSet": {"spec", "template", "spec"},
	"DaemonSet":   {"spec", "template", "spec"},
	"ReplicaSet":  {"spec", "template", "spec"},
	"Job":         {"spec", "template", "spec"},
	"CronJob":     {"spec", "jobTemplate", "spec", "template", "spec"},
}

// builtIn are the objects every namespace has: the default ServiceAccount
// and the kube-root-ca.crt ConfigMap (published by kube-controller-manager).
func builtIn(r Ref) bool {
	return (r.Kind == ServiceAccount && r.Name == "default") ||
		(r.Kind == ConfigMap && r.Name == "kube-root-ca.crt")
}

// MissingReferences lists every ServiceAccount, Secret, ConfigMap and
// PersistentVolumeClaim that a workload (Pod, Deployment, StatefulSet,
// DaemonSet, ReplicaSet, Job, CronJob) refers to, not marked optional,
// that is neither among objs, nor in provided (what the stack creates
// outside the render), nor built in. It looks at serviceAccountName,
// imagePullSecrets, volumes (secret, configMap, projected sources,
// persistentVolumeClaim) and every container's env valueFrom and envFrom.
func MissingReferences(objs []*unstructured.Unstructured, provided ...Ref) []Missing {
	have := map[Ref]bool{}
	for _, o := range objs {
		have[RefOf(o)] = true
	}
	for _, r := range provided {
		have[r] = true
	}
	var out []Missing
	for _, o := range objs {
		for _, m := range workloadRefs(o) {
			if !have[m.Want] && !builtIn(m.Want) {
				out = append(out, m)
			}
		}
	}
	return out
}

// workloadRefs are the non-optional references of one workload's pod spec.
func workloadRefs(o *unstructured.Unstructured) []Missing {
	path, ok := podSpecPaths[o.GetKind()]
	if !ok {
		return nil
	}
	spec, found, _ := unstructured.NestedMap(o.Object, path...)
	if !found {
		return nil
	}
	c := collector{from: RefOf(o), ns: o.GetNamespace()}
	c.podSpec(spec)
	return c.out
}

type collector struct {
	from Ref
	ns   string
	out  []Missing
}

func (c *collector) add(kind, name, field string) {
	if name != "" {
		c.out = append(c.out, Missing{Want: Ref{Kind: kind, Namespace: c.ns, Name: name}, From: c.from, Field: field})
	}
}

func (c *collector) podSpec(spec map[string]any) {
	sa := str(spec, "serviceAccountName")
	if sa == "" {
		sa = str(spec, "serviceAccount") // deprecated alias
	}
	if sa == "" {
		sa = "default"
	}
	c.add(ServiceAccount, sa, "serviceAccountName")
	for _, s := range maps(spec, "imagePullSecrets") {
		c.add(Secret, str(s, "name"), "imagePullSecrets")
	}
	for _, v := range maps(spec, "volumes") {
		c.volume(v)
	}
	for _, list := range []string{"initContainers", "containers", "ephemeralContainers"} {
		for _, ctr := range maps(spec, list) {
			c.container(list, ctr)
		}
	}
}

func (c *collector) volume(v map[string]any) {
	field := "volumes[" + str(v, "name") + "]"
	if s := sub(v, "secret"); s != nil && !optional(s) {
		c.add(Secret, str(s, "secretName"), field+".secret")
	}
	if s := sub(v, "configMap"); s != nil && !optional(s) {
		c.add(ConfigMap, str(s, "name"), field+".configMap")
	}
	if s := sub(v, "persistentVolumeClaim"); s != nil {
		c.add(PersistentVolumeClaim, str(s, "claimName"), field+".persistentVolumeClaim")
	}
	if p := sub(v, "projected"); p != nil {
		for _, src := range maps(p, "sources") {
			if s := sub(src, "secret"); s != nil && !optional(s) {
				c.add(Secret, str(s, "name"), field+".projected.secret")
			}
			if s := sub(src, "configMap"); s != nil && !optional(s) {
				c.add(ConfigMap, str(s, "name"), field+".projected.configMap")
			}
		}
	}
}

func (c *collector) container(list string, ctr map[string]any) {
	field := list + "[" + str(ctr, "name") + "]"
	for _, e := range maps(ctr, "env") {
		from := sub(e, "valueFrom")
		if s := sub(from, "secretKeyRef"); s != nil && !optional(s) {
			c.add(Secret, str(s, "name"), field+".env["+str(e, "name")+"]")
		}
		if s := sub(from, "configMapKeyRef"); s != nil && !optional(s) {
			c.add(ConfigMap, str(s, "name"), field+".env["+str(e, "name")+"]")
		}
	}
	for _, e := range maps(ctr, "envFrom") {
		if s := sub(e, "secretRef"); s != nil && !optional(s) {
			c.add(Secret, str(s, "name"), field+".envFrom")
		}
		if s := sub(e, "configMapRef"); s != nil && !optional(s) {
			c.add(ConfigMap, str(s, "name"), field+".envFrom")
		}
	}
}

func str(m map[string]any, key string) string {
	s, _ := m[key].(string)
	return s
}

func sub(m map[string]any, key string) map[string]any {
	if m == nil {
		return nil
	}
	s, _ := m[key].(map[string]any)
	return s
}

func maps(m map[string]any, key string) []map[string]any {
	list, _ := m[key].([]any)
	out := make([]map[string]any, 0, len(list))
	for _, x := range list {
		if e, ok := x.(map[string]any); ok {
			out = append(out, e)
		}
	}
	return out
}

func optional(m map[string]any) bool {
	b, _ := m["optional"].(bool)
	return b
}
