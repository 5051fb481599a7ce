package sparksim

import (
	"fmt"
	"strings"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

// The SparkApplication resource and the labels the Kubeflow Spark Operator
// (v2, github.com/kubeflow/spark-operator/v2 pkg/common) puts on the pods it launches.
var SparkApplicationGVR = schema.GroupVersionResource{Group: "sparkoperator.k8s.io", Version: "v1beta2", Resource: "sparkapplications"}

const (
	LabelOperatorAppName      = "sparkoperator.k8s.io/app-name"
	LabelLaunchedByOperator   = "sparkoperator.k8s.io/launched-by-spark-operator"
	LabelOperatorSubmissionID = "sparkoperator.k8s.io/submission-id"
	sparkApplicationKind      = "SparkApplication"
)

// podFields maps SparkApplication spec.<role> fields to the Spark properties
// the operator passes to spark-submit for them (the operator's
// internal/controller/sparkapplication/submission.go).
var podFields = []struct{ field, prop string }{
	{"cores", "spark.%s.cores"},
	{"coreRequest", "spark.kubernetes.%s.request.cores"},
	{"coreLimit", "spark.kubernetes.%s.limit.cores"},
	{"memory", "spark.%s.memory"},
	{"memoryOverhead", "spark.%s.memoryOverhead"},
	{"image", "spark.kubernetes.%s.container.image"},
	{"schedulerName", "spark.kubernetes.%s.scheduler.name"},
	{"serviceAccount", "spark.kubernetes.authenticate.%s.serviceAccountName"},
}

// OperatorApp resolves the Spark configuration of a SparkApplication as the
// Spark Operator's spark-submit would: spec.sparkConf first, then the
// fields of spec.driver and spec.executor (and spec.nodeSelector, spec.image,
// spec.executor.instances, spec.dynamicAllocation) over it.
func OperatorApp(u *unstructured.Unstructured) (App, error) {
	spec, _, _ := unstructured.NestedMap(u.Object, "spec")
	conf := Conf{}
	sc, _, err := unstructured.NestedStringMap(spec, "sparkConf")
	if err != nil {
		return App{}, fmt.Errorf("spec.sparkConf: %w", err)
	}
	for k, v := range sc {
		conf[k] = v
	}
	if img, ok := spec["image"].(string); ok && img != "" {
		conf["spark.kubernetes.container.image"] = img
	}
	sel, _, _ := unstructured.NestedStringMap(spec, "nodeSelector")
	for k, v := range sel {
		conf["spark.kubernetes.node.selector."+k] = v
	}
	for _, role := range []string{RoleDriver, RoleExecutor} {
		if err := conf.setRole(spec, role); err != nil {
			return App{}, err
		}
	}
	if n, ok, _ := unstructured.NestedFieldNoCopy(spec, "executor", "instances"); ok {
		conf["spark.executor.instances"] = fmt.Sprint(n)
	}
	if on, _, _ := unstructured.NestedBool(spec, "dynamicAllocation", "enabled"); on {
		conf["spark.dynamicAllocation.enabled"] = "true"
		for field, prop := range map[string]string{"initialExecutors": "initialExecutors", "minExecutors": "minExecutors"} {
			if n, ok, _ := unstructured.NestedFieldNoCopy(spec, "dynamicAllocation", field); ok {
				conf["spark.dynamicAllocation."+prop] = fmt.Sprint(n)
			}
		}
	}
	typ, _, _ := unstructured.NestedString(spec, "type")
	return App{Conf: conf, NonJVM: strings.EqualFold(typ, "Python") || strings.EqualFold(typ, "R")}, nil
}

// setRole copies spec.<role>'s resource, placement, label and annotation fields.
func (c Conf) setRole(spec map[string]any, role string) error {
	pod, _, err := unstructured.NestedMap(spec, role)
	if err != nil {
		return fmt.Errorf("spec.%s: %w", role, err)
	}
	for _, f := range podFields {
		if v, ok := pod[f.field]; ok && v != nil {
			c[fmt.Sprintf(f.prop, role)] = fmt.Sprint(v)
		}
	}
	for field, prefix := range map[string]string{"nodeSelector": "node.selector.", "labels": "label.", "annotations": "annotation."} {
		m, _, err := unstructured.NestedStringMap(pod, field)
		if err != nil {
			return fmt.Errorf("spec.%s.%s: %w", role, field, err)
		}
		for k, v := range m {
			c["spark.kubernetes."+role+"."+prefix+k] = v
		}
	}
	return nil
}

// operatorMeta is the driver pod's metadata as the operator sets it.
func operatorMeta(u *unstructured.Unstructured, submissionID string, tol OperatorOptions) PodMeta {
	name := u.GetName()
	if p, _, _ := unstructured.NestedString(u.Object, "spec", "driver", "podName"); p != "" && strings.HasSuffix(p, DriverSuffix) {
		name = strings.TrimSuffix(p, DriverSuffix)
	}
	labels := map[string]string{LabelOperatorAppName: u.GetName(), LabelLaunchedByOperator: "true", LabelOperatorSubmissionID: submissionID}
	return PodMeta{
		Namespace: u.GetNamespace(), Name: name + DriverSuffix, AppID: "spark-" + strings.ReplaceAll(submissionID, "-", ""),
		Labels: labels, ExecutorLabels: labels, Tolerations: tol.Tolerations, Image: "spark:simulated",
		Owner: &metav1.OwnerReference{APIVersion: SparkApplicationGVR.GroupVersion().String(), Kind: sparkApplicationKind,
			Name: u.GetName(), UID: u.GetUID(), Controller: ptr(true), BlockOwnerDeletion: ptr(true)},
	}
}
