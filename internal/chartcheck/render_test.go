package chartcheck

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes"
	helmv4 "github.com/pulumi/pulumi-kubernetes/sdk/v4/go/kubernetes/helm/v4"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/pulumitest"
)

// hookChart is a minimal chart shaped like kube-prometheus-stack's
// operator: a Deployment mounting a Secret that only a pre-install hook
// Job (and the hook's own ServiceAccount) would create.
var hookChart = map[string]string{
	"Chart.yaml": "apiVersion: v2\nname: hooked\nversion: 0.1.0\n",
	"templates/deployment.yaml": `apiVersion: apps/v1
kind: Deployment
metadata: {name: {{ .Release.Name }}-op}
spec:
  selector: {matchLabels: {app: op}}
  template:
    metadata: {labels: {app: op}}
    spec:
      containers: [{name: op, image: op}]
      volumes: [{name: tls, secret: {secretName: {{ .Release.Name }}-admission}}]
`,
	"templates/hook.yaml": `apiVersion: batch/v1
kind: Job
metadata:
  name: {{ .Release.Name }}-create-secret
  annotations: {helm.sh/hook: pre-install}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: create, image: kube-webhook-certgen}]
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ .Release.Name }}-hook
  annotations: {helm.sh/hook: pre-install}
`,
	"templates/kube.yaml": `apiVersion: v1
kind: ConfigMap
metadata: {name: {{ .Release.Name }}-kube}
data: {version: "{{ .Capabilities.KubeVersion.Version }}"}
`,
}

// The real engine and provider drop Helm hooks from a helm/v4 Chart, so
// the Deployment's Secret, which only the hook would create, is missing:
// the defect class this package exists to catch.
func TestRenderDropsHooks(t *testing.T) {
	chart := filepath.Join(t.TempDir(), "hooked")
	for name, body := range hookChart {
		path := filepath.Join(chart, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dir := pulumitest.Render(t, func(ctx *pulumi.Context, k8s *kubernetes.Provider) error {
		_, err := helmv4.NewChart(ctx, "hooked", &helmv4.ChartArgs{
			Chart: pulumi.String(chart), Namespace: pulumi.String("mon"),
		}, pulumi.Provider(k8s))
		return err
	}, pulumitest.RenderOptions{})
	objs := MustLoad(t, dir)
	if hooks := Hooks(objs); len(hooks) != 0 {
		t.Errorf("hooks rendered: %v (helm/v4.Chart should drop them)", hooks)
	}
	if len(Find(objs, "Job")) != 0 || len(Find(objs, "ServiceAccount")) != 0 {
		t.Errorf("the hook's Job or ServiceAccount was rendered: %v", objs)
	}
	missing := MissingReferences(objs)
	want := Ref{Kind: Secret, Namespace: "mon", Name: "hooked-admission"}
	if len(missing) != 1 || missing[0].Want != want {
		t.Errorf("missing references %v, want only %v", missing, want)
	}
	cm := Find(objs, "ConfigMap")
	if len(cm) != 1 {
		t.Fatalf("ConfigMaps %v", cm)
	}
	// Without a cluster Helm's built-in capabilities apply, as
	// RenderOptions documents (the provider refuses a kubeconfig in render mode).
	if v := cm[0].Object["data"].(map[string]any)["version"]; v != "v1.20.0" {
		t.Errorf("rendered without a cluster for Kubernetes %v; RenderOptions says v1.20.0", v)
	}
}
