package localemr

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"strings"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/sparksim"
)

// EMR on EKS runs spark-submit for every job run in a pod of its own, the job submitter
// (or job-runner) pod, which creates the driver and waits for it to end. The pod backend
// creates one per job run with the driver and deletes it once the driver has ended or is
// gone, so a rehearsal holds the pods EMR would (and `loadgen plan` counts: a pod slot and
// an IP per job, no requests).
const (
	// ComponentSubmitter is LabelComponent's value on job submitter pods, as EMR sets it.
	ComponentSubmitter = "job.submitter"
	// LabelResourceType is EMR on EKS's label on every pod of a job run.
	LabelResourceType = "emr-containers.amazonaws.com/resource.type"
	// ResourceTypeJobRun is LabelResourceType's value.
	ResourceTypeJobRun = "job.run"
	// SubmitterContainerName is the submitter pod's only container.
	SubmitterContainerName = "job-runner"
	// SubmitterClassification is the configuration classification that places the
	// submitter pod (EMR 6.10+), its node selectors under submitterSelectorPrefix.
	SubmitterClassification = "emr-job-submitter"
	submitterSelectorPrefix = "jobsubmitter.node.selector."
)

// SubmitterPodName is the job submitter pod of job run jobRunID. EMR names it after the
// Kubernetes Job it runs in (the job run id and a random suffix); a fixed suffix keeps the
// create idempotent.
func SubmitterPodName(jobRunID string) string { return strings.ToLower(jobRunID) + "-submitter" }

// submitterPod is the job submitter pod beside driver: EMR's labels and no spark-role (no
// driver watch selects it), no resource requests (EMR does not publish them), the default
// scheduler, the backend's tolerations, and node selectors only from the template's
// emr-job-submitter classification: without them EMR places it on any node that admits it.
func (b *PodBackend) submitterPod(jobID, vcID string, overrides []byte, driver *corev1.Pod) (*corev1.Pod, error) {
	sel, err := submitterSelectors(overrides)
	if err != nil {
		return nil, err
	}
	labels := map[string]string{LabelJobID: jobID, LabelVirtualClusterID: vcID,
		LabelComponent: ComponentSubmitter, LabelResourceType: ResourceTypeJobRun}
	return &corev1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: SubmitterPodName(jobID), Namespace: driver.Namespace, Labels: labels},
		Spec: corev1.PodSpec{
			RestartPolicy: corev1.RestartPolicyNever, NodeSelector: sel, Tolerations: b.opts.Tolerations,
			Containers: []corev1.Container{{Name: SubmitterContainerName, Image: driver.Spec.Containers[0].Image}},
		},
	}, nil
}

// submitterSelectors are the jobsubmitter.node.selector.* properties of the
// emr-job-submitter classification in a StartJobRun's configurationOverrides (nil: none).
func submitterSelectors(overrides []byte) (map[string]string, error) {
	if len(overrides) == 0 {
		return nil, nil
	}
	var in struct {
		ApplicationConfiguration []struct {
			Classification string            `json:"classification"`
			Properties     map[string]string `json:"properties"`
		} `json:"applicationConfiguration"`
	}
	if err := json.Unmarshal(overrides, &in); err != nil {
		return nil, fmt.Errorf("configurationOverrides: %w", err)
	}
	var sel map[string]string
	for _, c := range in.ApplicationConfiguration {
		if c.Classification != SubmitterClassification {
			continue
		}
		for k, v := range maps.All(c.Properties) {
			if key, ok := strings.CutPrefix(k, submitterSelectorPrefix); ok {
				if sel == nil {
					sel = map[string]string{}
				}
				sel[key] = v
			}
		}
	}
	return sel, nil
}

// deleteSubmitter deletes a job run's submitter pod once its driver ended or is gone (a
// pod already gone is fine).
func (b *PodBackend) deleteSubmitter(ctx context.Context, ns, jobID string) error {
	err := b.client.CoreV1().Pods(ns).Delete(ctx, SubmitterPodName(jobID), sparksim.DeleteOptions())
	if err != nil && !apierrors.IsNotFound(err) {
		return fmt.Errorf("deleting job submitter pod %s/%s: %w", ns, SubmitterPodName(jobID), err)
	}
	return nil
}

// driverEnded reports whether a driver pod event means its job's submitter is done.
func driverEnded(p *corev1.Pod, deleted bool) bool {
	return deleted || p.DeletionTimestamp != nil || p.Status.Phase == corev1.PodSucceeded || p.Status.Phase == corev1.PodFailed
}
