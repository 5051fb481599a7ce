package chartcheck

import (
	"reflect"
	"strings"
	"testing"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

func TestWebhooks(t *testing.T) {
	t.Parallel()
	objs := []*unstructured.Unstructured{
		obj(t, `
kind: MutatingWebhookConfiguration
metadata: {name: lbc}
webhooks:
- name: mservice.elbv2.k8s.aws
  failurePolicy: Fail
  clientConfig: {caBundle: Zm9v, service: {namespace: kube-system, name: lbc-webhook}}
  objectSelector: {matchExpressions: [{key: app.kubernetes.io/name, operator: NotIn, values: [lbc]}]}
  rules: [{operations: [CREATE], apiGroups: [""], apiVersions: [v1], resources: [services]}]
- name: mpod.elbv2.k8s.aws
  clientConfig: {service: {namespace: kube-system, name: lbc-webhook}}
  namespaceSelector: {matchLabels: {elbv2.k8s.aws/pod-readiness-gate-inject: enabled}}
  rules: [{operations: [CREATE, UPDATE], apiGroups: [""], apiVersions: [v1], resources: [pods], scope: Namespaced}]
`),
		obj(t, `
kind: ValidatingWebhookConfiguration
metadata: {name: v, annotations: {cert-manager.io/inject-ca-from: ns/cert}}
webhooks:
- name: v.example
  failurePolicy: Ignore
  clientConfig: {url: "https://example"}
`),
		obj(t, `{kind: Service, metadata: {name: lbc-webhook, namespace: kube-system}}`),
	}
	got := Webhooks(objs)
	want := []Webhook{
		{Configuration: "MutatingWebhookConfiguration/lbc", Name: "mservice.elbv2.k8s.aws", Mutating: true,
			Rules:          []string{"CREATE core/v1/services *"},
			ObjectSelector: `{"matchExpressions":[{"key":"app.kubernetes.io/name","operator":"NotIn","values":["lbc"]}]}`,
			FailurePolicy:  "Fail", CA: CASet, Service: "kube-system/lbc-webhook"},
		{Configuration: "MutatingWebhookConfiguration/lbc", Name: "mpod.elbv2.k8s.aws", Mutating: true,
			Rules:             []string{"CREATE,UPDATE core/v1/pods Namespaced"},
			NamespaceSelector: `{"matchLabels":{"elbv2.k8s.aws/pod-readiness-gate-inject":"enabled"}}`,
			FailurePolicy:     "Fail", CA: CAEmpty, Service: "kube-system/lbc-webhook"},
		{Configuration: "ValidatingWebhookConfiguration/v", Name: "v.example", FailurePolicy: "Ignore", CA: CAInjected, Service: "https://example"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got\n%#v\nwant\n%#v", got, want)
	}
	table := WebhookTable(got)
	for _, s := range []string{"| MutatingWebhookConfiguration/lbc | mpod.elbv2.k8s.aws | CREATE,UPDATE core/v1/pods Namespaced |", "| Ignore | injected |"} {
		if !strings.Contains(table, s) {
			t.Errorf("table lacks %q:\n%s", s, table)
		}
	}
	if !strings.Contains(WebhookTable(nil), "(none)") {
		t.Error("empty table does not say (none)")
	}
}
