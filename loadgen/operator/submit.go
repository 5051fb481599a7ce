package operator

import (
	"context"
	"fmt"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/dynamic"

	jobstate "github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
)

// Result is what one create produced; Outcome is a stats.Outcome* value so
// that reports treat both targets alike.
type Result struct {
	ID       string // namespace/name when accepted (the tracker's key)
	UID      string
	Outcome  string
	Attempts int
	Err      error
}

// Key is the tracker's key of an object: namespace/name.
func Key(namespace, name string) string { return namespace + "/" + name }

// Submit creates one SparkApplication with strict field validation (an
// unknown field in the template is rejected by the real CRD schema).
// client-go's rate limiter applies; the call is not retried: a throttled or
// failed create is counted, not hidden.
func Submit(ctx context.Context, dyn dynamic.Interface, obj *unstructured.Unstructured) Result {
	out, err := dyn.Resource(GVR).Namespace(obj.GetNamespace()).Create(ctx, obj,
		metav1.CreateOptions{FieldValidation: metav1.FieldValidationStrict})
	if err != nil {
		return Result{Outcome: Classify(err), Attempts: 1,
			Err: fmt.Errorf("creating SparkApplication %s: %w", Key(obj.GetNamespace(), obj.GetName()), err)}
	}
	return Result{ID: Key(out.GetNamespace(), out.GetName()), UID: string(out.GetUID()),
		Outcome: jobstate.OutcomeAccepted, Attempts: 1}
}

// DryRun creates obj with dryRun=All: the API server validates it against
// the installed CRD (schema, admission, quota) and stores nothing.
func DryRun(ctx context.Context, dyn dynamic.Interface, obj *unstructured.Unstructured) error {
	_, err := dyn.Resource(GVR).Namespace(obj.GetNamespace()).Create(ctx, obj, metav1.CreateOptions{
		DryRun: []string{metav1.DryRunAll}, FieldValidation: metav1.FieldValidationStrict})
	if apierrors.IsNotFound(err) {
		return fmt.Errorf("the %s API is not served in namespace %q: install the Spark Operator CRDs and create the namespace: %w",
			GVR.GroupResource(), obj.GetNamespace(), err)
	}
	if err != nil {
		return fmt.Errorf("dry-run create of %s: %w", Key(obj.GetNamespace(), obj.GetName()), err)
	}
	return nil
}

// Classify maps a create error to a stats outcome: 429 throttled (API
// priority and fairness or a quota), 403 access denied, 400/404/409/422
// validation (the template or namespace is wrong), quota exhaustion as
// queue full (load shed), anything else other.
func Classify(err error) string {
	switch {
	case err == nil:
		return jobstate.OutcomeAccepted
	case apierrors.IsTooManyRequests(err):
		return jobstate.OutcomeThrottled
	case apierrors.IsForbidden(err) && isQuota(err):
		return jobstate.OutcomeQueueFull
	case apierrors.IsForbidden(err), apierrors.IsUnauthorized(err):
		return jobstate.OutcomeAccessDenied
	case apierrors.IsInvalid(err), apierrors.IsBadRequest(err), apierrors.IsNotFound(err),
		apierrors.IsAlreadyExists(err), apierrors.IsConflict(err):
		return jobstate.OutcomeValidation
	}
	return jobstate.OutcomeOther
}

// isQuota reports a ResourceQuota refusal ("exceeded quota"): the namespace
// is full, which is load shed, not a tool error.
func isQuota(err error) bool {
	return strings.Contains(err.Error(), "exceeded quota")
}
