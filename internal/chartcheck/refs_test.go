package chartcheck

import (
	"reflect"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/yaml"
)

func obj(t *testing.T, doc string) *unstructured.Unstructured {
	t.Helper()
	m := map[string]any{}
	if err := yaml.Unmarshal([]byte(doc), &m); err != nil {
		t.Fatal(err)
	}
	return &unstructured.Unstructured{Object: m}
}

const deployment = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: op, namespace: mon}
spec:
  template:
    spec:
      serviceAccountName: op-sa
      imagePullSecrets: [{name: pull}]
      volumes:
      - {name: tls, secret: {secretName: op-admission}}
      - {name: opt, secret: {secretName: maybe, optional: true}}
      - {name: cfg, configMap: {name: op-config}}
      - {name: data, persistentVolumeClaim: {claimName: op-data}}
      - name: proj
        projected:
          sources:
          - secret: {name: proj-secret}
          - configMap: {name: kube-root-ca.crt}
      initContainers:
      - name: init
        envFrom: [{secretRef: {name: init-env}}, {configMapRef: {name: init-opt, optional: true}}]
      containers:
      - name: main
        env:
        - {name: A, valueFrom: {secretKeyRef: {name: env-secret, key: a}}}
        - {name: B, valueFrom: {configMapKeyRef: {name: env-cm, key: b}}}
        - {name: C, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
`

func TestMissingReferences(t *testing.T) {
	t.Parallel()
	want := func(kind, name, field string) Missing {
		return Missing{Want: Ref{kind, "mon", name}, From: Ref{"Deployment", "mon", "op"}, Field: field}
	}
	all := []Missing{
		want(ServiceAccount, "op-sa", "serviceAccountName"),
		want(Secret, "pull", "imagePullSecrets"),
		want(Secret, "op-admission", "volumes[tls].secret"),
		want(ConfigMap, "op-config", "volumes[cfg].configMap"),
		want(PersistentVolumeClaim, "op-data", "volumes[data].persistentVolumeClaim"),
		want(Secret, "proj-secret", "volumes[proj].projected.secret"),
		want(Secret, "init-env", "initContainers[init].envFrom"),
		want(Secret, "env-secret", "containers[main].env[A]"),
		want(ConfigMap, "env-cm", "containers[main].env[B]"),
	}
	sa := `{apiVersion: v1, kind: ServiceAccount, metadata: {name: op-sa, namespace: mon}}`
	otherNS := `{apiVersion: v1, kind: ServiceAccount, metadata: {name: op-sa, namespace: other}}`
	tests := []struct {
		name     string
		docs     []string
		provided []Ref
		want     []Missing
	}{
		{name: "every reference kind, none present", docs: []string{deployment}, want: all},
		{name: "rendered service account", docs: []string{deployment, sa}, want: all[1:]},
		{name: "same name in another namespace does not count", docs: []string{deployment, otherNS}, want: all},
		{name: "provided by the stack", docs: []string{deployment}, provided: []Ref{{Secret, "mon", "op-admission"}}, want: append(all[:2:2], all[3:]...)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var objs []*unstructured.Unstructured
			for _, d := range tt.docs {
				objs = append(objs, obj(t, d))
			}
			if got := MissingReferences(objs, tt.provided...); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got\n%v\nwant\n%v", got, tt.want)
			}
		})
	}
}

func TestMissingReferencesWorkloadKinds(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, doc string }{
		{"Pod", `{kind: Pod, metadata: {name: w, namespace: ns1}, spec: {serviceAccountName: x}}`},
		{"Pod deprecated serviceAccount", `{kind: Pod, metadata: {name: w, namespace: ns1}, spec: {serviceAccount: x}}`},
		{"StatefulSet", `{kind: StatefulSet, metadata: {name: w, namespace: ns1}, spec: {template: {spec: {serviceAccountName: x}}}}`},
		{"DaemonSet", `{kind: DaemonSet, metadata: {name: w, namespace: ns1}, spec: {template: {spec: {serviceAccountName: x}}}}`},
		{"Job", `{kind: Job, metadata: {name: w, namespace: ns1}, spec: {template: {spec: {serviceAccountName: x}}}}`},
		{"CronJob", `{kind: CronJob, metadata: {name: w, namespace: ns1}, spec: {jobTemplate: {spec: {template: {spec: {serviceAccountName: x}}}}}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := MissingReferences([]*unstructured.Unstructured{obj(t, tt.doc)})
			if len(got) != 1 || got[0].Want != (Ref{ServiceAccount, "ns1", "x"}) {
				t.Errorf("got %v, want the missing ServiceAccount ns1/x", got)
			}
		})
	}
	if got := MissingReferences([]*unstructured.Unstructured{obj(t, `{kind: Pod, metadata: {name: w, namespace: ns1}, spec: {}}`)}); len(got) != 0 {
		t.Errorf("default service account reported missing: %v", got)
	}
}

func TestHooks(t *testing.T) {
	t.Parallel()
	objs := []*unstructured.Unstructured{
		obj(t, `{kind: Job, metadata: {name: patch, namespace: n, annotations: {helm.sh/hook: post-install}}}`),
		obj(t, `{kind: Job, metadata: {name: plain, namespace: ns1}}`),
	}
	if got := Hooks(objs); len(got) != 1 || got[0].Name != "patch" {
		t.Errorf("Hooks = %v", got)
	}
}

func TestCheckReleaseName(t *testing.T) {
	t.Parallel()
	long := "a23456789-123456789-123456789-123456789-123456789-123"
	tests := []struct {
		name string
		ok   bool
	}{
		{long, true}, {long + "4", false}, {"Karpenter", false}, {"-x", false}, {"kps.v1", true},
	}
	for _, tt := range tests {
		if err := CheckReleaseName(tt.name); (err == nil) != tt.ok {
			t.Errorf("CheckReleaseName(%q) = %v, want ok=%v", tt.name, err, tt.ok)
		}
	}
}
