package operator

import (
	"fmt"
	"strconv"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/util/validation"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

// Labels set on every SparkApplication and, through spec.driver.labels and
// spec.executor.labels, on its pods: the session (what informers and stop
// select on), the tool, and the job (what ties a pod to its application even
// where an operator does not copy the application's own labels).
const (
	SessionLabel = template.SessionTag // emr-eks-loadtest/session
	ToolLabel    = template.ToolTag    // emr-eks-loadtest/tool=loadgen
	JobLabel     = "emr-eks-loadtest/job"
	WorkerLabel  = "emr-eks-loadtest/worker" // the worker index of a scaled-out run (0 alone)
	// Set by Spark on the pods it starts (driver or executor).
	SparkRoleLabel = "spark-role"
	RoleDriver     = "driver"
	RoleExecutor   = "executor"
	// Node selector keys of Placement.
	ZoneKey     = "topology.kubernetes.io/zone"
	NodePoolKey = "karpenter.sh/nodepool"
)

// Placement pins a job's pods and sets what the cluster needs to run them;
// an empty field sets nothing.
type Placement struct {
	template.Placement        // AZ and NodePools become nodeSelectors; SchedulerName spec.{driver,executor}.schedulerName
	ServiceAccount     string // spec.driver.serviceAccount and spec.executor.serviceAccount
	TTLSeconds         int64  // spec.timeToLiveSeconds: the operator deletes the finished app after it
	Worker             int    // the WorkerLabel value
}

// Render builds job v's SparkApplication: variables filled in, metadata.name
// (default ${job_name}) and namespace (default ${namespace}) set, session
// labels and placement applied. The name must start with the session id, so
// that stop and people reading `kubectl get sparkapp` see whose it is.
func (m *Manifest) Render(v template.Vars, p Placement) (*unstructured.Unstructured, error) {
	obj := &unstructured.Unstructured{Object: renderValue(m.root, values(v)).(map[string]any)}
	if obj.GetName() == "" {
		obj.SetName(v.JobName)
	}
	if obj.GetNamespace() == "" {
		obj.SetNamespace(v.Namespace)
	}
	if err := checkIdentity(obj, v.SessionID); err != nil {
		return nil, fmt.Errorf("%s: %w", m.name, err)
	}
	labels := map[string]string{SessionLabel: v.SessionID, ToolLabel: template.ToolName, JobLabel: obj.GetName(),
		WorkerLabel: strconv.Itoa(p.Worker)}
	obj.SetLabels(merge(obj.GetLabels(), labels))
	for _, role := range []string{RoleDriver, RoleExecutor} {
		if err := applyPod(obj, role, labels, p); err != nil {
			return nil, fmt.Errorf("%s: spec.%s: %w", m.name, role, err)
		}
	}
	if p.TTLSeconds > 0 {
		if err := unstructured.SetNestedField(obj.Object, p.TTLSeconds, "spec", "timeToLiveSeconds"); err != nil {
			return nil, fmt.Errorf("%s: spec.timeToLiveSeconds: %w", m.name, err)
		}
	}
	return obj, nil
}

func checkIdentity(obj *unstructured.Unstructured, session string) error {
	name, ns := obj.GetName(), obj.GetNamespace()
	if session != "" && !strings.HasPrefix(name, session) {
		return fmt.Errorf("metadata.name %q does not start with the session id %q: use ${job_name} or ${session_id}-...", name, session)
	}
	if errs := validation.IsDNS1123Subdomain(name); len(errs) > 0 {
		return fmt.Errorf("metadata.name %q: %s", name, strings.Join(errs, "; "))
	}
	// The operator names the driver's UI service <name>-ui-svc (a DNS label).
	if len(name) > validation.DNS1123LabelMaxLength-len("-ui-svc") {
		return fmt.Errorf("metadata.name %q: longer than %d characters, too long for the driver's service name", name, validation.DNS1123LabelMaxLength-len("-ui-svc"))
	}
	if ns == "" {
		return fmt.Errorf("metadata.namespace is empty: give the job namespaces (--namespaces) or set it in the template")
	}
	return nil
}

// applyPod sets labels, node selectors, scheduler and service account on
// spec.driver or spec.executor.
func applyPod(obj *unstructured.Unstructured, role string, labels map[string]string, p Placement) error {
	spec, ok, err := unstructured.NestedMap(obj.Object, "spec", role)
	if err != nil || !ok {
		return fmt.Errorf("missing or not a mapping (%v)", err)
	}
	spec["labels"] = toAny(merge(stringMap(spec["labels"]), labels))
	sel := stringMap(spec["nodeSelector"])
	pool := p.DriverNodePool
	if role == RoleExecutor {
		pool = p.ExecutorNodePool
	}
	setIf(sel, ZoneKey, p.AZ)
	setIf(sel, NodePoolKey, pool)
	if len(sel) > 0 {
		spec["nodeSelector"] = toAny(sel)
	}
	if p.SchedulerName != "" {
		spec["schedulerName"] = p.SchedulerName
	}
	if p.ServiceAccount != "" {
		spec["serviceAccount"] = p.ServiceAccount
	}
	return unstructured.SetNestedMap(obj.Object, spec, "spec", role)
}

func setIf(m map[string]string, k, v string) {
	if v != "" {
		m[k] = v
	}
}

func stringMap(v any) map[string]string {
	out := map[string]string{}
	if m, ok := v.(map[string]any); ok {
		for k, x := range m {
			out[k] = fmt.Sprint(x)
		}
	}
	return out
}

func toAny(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func merge(dst, src map[string]string) map[string]string {
	if dst == nil {
		dst = map[string]string{}
	}
	for k, v := range src {
		dst[k] = v
	}
	return dst
}

// renderValue deep-copies a decoded YAML tree into unstructured's types
// (int64, float64, bool, string, nil, maps, slices), substituting variables
// in strings. Substitution happens on the tree, so a value cannot inject YAML.
func renderValue(v any, vals map[string]string) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = renderValue(e, vals)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = renderValue(e, vals)
		}
		return out
	case string:
		return substitute(x, vals)
	case int:
		return int64(x)
	case uint64:
		return int64(x)
	}
	return v
}
