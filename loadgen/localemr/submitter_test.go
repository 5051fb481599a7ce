package localemr

import (
	"context"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/kubernetes/fake"
)

// Every job run gets EMR's job submitter pod beside its driver: EMR's
// labels, no spark-role (the driver watches do not see it), no requests,
// the node selectors of the emr-job-submitter classification; it is deleted
// once the driver has ended, and the job's state still follows the driver.
func TestJobSubmitterPodBesideTheDriver(t *testing.T) {
	t.Parallel()
	kube := fake.NewClientset()
	pb, err := NewPodBackendForClient(kube, "fake", PodBackendOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pb.Close)
	srv, api, _ := startServer(t, Config{PodBackend: pb})
	if err := pb.Start(t.Context()); err != nil {
		t.Fatal(err)
	}
	in := startInput("vc1", "a")
	in.ConfigurationOverrides = &types.ConfigurationOverrides{ApplicationConfiguration: []types.Configuration{{
		Classification: aws.String(SubmitterClassification),
		Properties:     map[string]string{"jobsubmitter.node.selector.karpenter.sh/nodepool": "spark-driver"},
	}}}
	out, err := api.StartJobRun(t.Context(), in)
	if err != nil {
		t.Fatal(err)
	}
	id, pods := aws.ToString(out.Id), kube.CoreV1().Pods("emr-jobs-1")
	var sub *corev1.Pod
	waitFor(t, time.Minute, "submitter and driver pods", func() bool {
		_, derr := pods.Get(t.Context(), DriverPodName(id), metav1.GetOptions{})
		sub, err = pods.Get(t.Context(), SubmitterPodName(id), metav1.GetOptions{})
		return err == nil && derr == nil
	})
	want := map[string]string{LabelJobID: id, LabelVirtualClusterID: "vc1", LabelComponent: ComponentSubmitter, LabelResourceType: ResourceTypeJobRun}
	for k, v := range want {
		if sub.Labels[k] != v {
			t.Errorf("submitter label %s=%q, want %q", k, sub.Labels[k], v)
		}
	}
	if _, has := sub.Labels[LabelSparkRole]; has {
		t.Errorf("submitter has %s: a driver watch would take it for the driver", LabelSparkRole)
	}
	if r := sub.Spec.Containers[0].Resources.Requests; len(r) != 0 {
		t.Errorf("submitter requests %v, want none (as loadgen plan counts it)", r)
	}
	if sub.Spec.NodeSelector["karpenter.sh/nodepool"] != "spark-driver" || sub.Spec.SchedulerName != "" {
		t.Errorf("submitter placement %v scheduler %q, want the classification's selector and the default scheduler", sub.Spec.NodeSelector, sub.Spec.SchedulerName)
	}
	finishDriver(t, kube, id)
	waitFor(t, time.Minute, "submitter deleted after the driver ended", func() bool {
		_, err := pods.Get(t.Context(), SubmitterPodName(id), metav1.GetOptions{})
		return apierrors.IsNotFound(err)
	})
	waitFor(t, time.Minute, "job COMPLETED", func() bool {
		for _, j := range srv.Truth() {
			if j.ID == id {
				return j.State == stateCompleted
			}
		}
		return false
	})
}

func finishDriver(t *testing.T, kube kubernetes.Interface, id string) {
	t.Helper()
	d, err := kube.CoreV1().Pods("emr-jobs-1").Get(t.Context(), DriverPodName(id), metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	d.Status.Phase = corev1.PodSucceeded
	if _, err := kube.CoreV1().Pods("emr-jobs-1").UpdateStatus(context.WithoutCancel(t.Context()), d, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// Without the classification the submitter has no node selector (EMR places
// it on any node that admits it); a malformed override is an error.
func TestSubmitterSelectors(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, overrides string
		want            map[string]string
		wantErr         bool
	}{
		{"none", ``, nil, false},
		{"spark-defaults only", `{"applicationConfiguration":[{"classification":"spark-defaults","properties":{"jobsubmitter.node.selector.a":"b"}}]}`, nil, false},
		{"classification", `{"applicationConfiguration":[{"classification":"emr-job-submitter","properties":{"jobsubmitter.node.selector.topology.kubernetes.io/zone":"us-west-2a","jobsubmitter.logging.image":"x"}}]}`,
			map[string]string{"topology.kubernetes.io/zone": "us-west-2a"}, false},
		{"malformed", `{"applicationConfiguration":7}`, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := submitterSelectors([]byte(tc.overrides))
			if (err != nil) != tc.wantErr {
				t.Fatalf("err %v, want error %v", err, tc.wantErr)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("selectors %v, want %v", got, tc.want)
			}
			for k, v := range tc.want {
				if got[k] != v {
					t.Errorf("selector %s=%q, want %q", k, got[k], v)
				}
			}
		})
	}
}
