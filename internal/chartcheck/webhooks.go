package chartcheck

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// How a webhook's CA bundle gets into its configuration.
const (
	CASet      = "set"      // clientConfig.caBundle is in the manifest
	CAInjected = "injected" // cert-manager's cainjector fills it (annotation)
	CAEmpty    = "empty"    // nothing in the manifest provides it: only the controller itself (or a hook) can
)

// Webhook is one admission webhook a render registers.
type Webhook struct {
	Configuration string // Kind/name of the configuration object
	Name          string // the webhook's name
	Mutating      bool
	// Rules, one per rule: "OPS group/version/resources scope", e.g.
	// "CREATE,UPDATE core/v1/services *".
	Rules             []string
	NamespaceSelector string // compact JSON; "" selects every namespace
	ObjectSelector    string // compact JSON; "" selects every object
	FailurePolicy     string // "Fail" when unset (the admissionregistration/v1 default)
	CA                string // CASet, CAInjected or CAEmpty
	Service           string // namespace/name of the webhook's Service, or its URL
}

// cert-manager's cainjector annotations.
var injectAnnotations = []string{"cert-manager.io/inject-ca-from", "cert-manager.io/inject-ca-from-secret", "cert-manager.io/inject-apiserver-ca"}

// Webhooks lists every webhook of every Mutating- and
// ValidatingWebhookConfiguration among objs, in render order.
func Webhooks(objs []*unstructured.Unstructured) []Webhook {
	var out []Webhook
	for _, o := range objs {
		kind := o.GetKind()
		if kind != "MutatingWebhookConfiguration" && kind != "ValidatingWebhookConfiguration" {
			continue
		}
		injected := false
		for _, a := range injectAnnotations {
			_, ok := o.GetAnnotations()[a]
			injected = injected || ok
		}
		for _, w := range maps(o.Object, "webhooks") {
			out = append(out, webhook(kind+"/"+o.GetName(), kind == "MutatingWebhookConfiguration", injected, w))
		}
	}
	return out
}

func webhook(conf string, mutating, injected bool, w map[string]any) Webhook {
	h := Webhook{Configuration: conf, Name: str(w, "name"), Mutating: mutating,
		FailurePolicy: str(w, "failurePolicy"), CA: CAEmpty,
		NamespaceSelector: selector(sub(w, "namespaceSelector")), ObjectSelector: selector(sub(w, "objectSelector"))}
	if h.FailurePolicy == "" {
		h.FailurePolicy = "Fail"
	}
	cc := sub(w, "clientConfig")
	switch {
	case str(cc, "caBundle") != "":
		h.CA = CASet
	case injected:
		h.CA = CAInjected
	}
	if svc := sub(cc, "service"); svc != nil {
		h.Service = str(svc, "namespace") + "/" + str(svc, "name")
	} else {
		h.Service = str(cc, "url")
	}
	for _, r := range maps(w, "rules") {
		h.Rules = append(h.Rules, rule(r))
	}
	return h
}

func rule(r map[string]any) string {
	groups := strs(r, "apiGroups")
	for i, g := range groups {
		if g == "" {
			groups[i] = "core"
		}
	}
	scope := str(r, "scope")
	if scope == "" {
		scope = "*"
	}
	return fmt.Sprintf("%s %s/%s/%s %s", strings.Join(strs(r, "operations"), ","), strings.Join(groups, ","),
		strings.Join(strs(r, "apiVersions"), ","), strings.Join(strs(r, "resources"), ","), scope)
}

// selector is a label selector as compact JSON with sorted keys, "" when
// it selects everything.
func selector(s map[string]any) string {
	if len(s) == 0 {
		return ""
	}
	b, _ := json.Marshal(s) // maps marshal with sorted keys
	return string(b)
}

func strs(m map[string]any, key string) []string {
	list, _ := m[key].([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}

// WebhookTable is a Markdown table of webhooks, one row each, sorted by
// configuration and name: the form docs/charts.md lists them in.
func WebhookTable(hooks []Webhook) string {
	sorted := append([]Webhook(nil), hooks...)
	sort.SliceStable(sorted, func(i, j int) bool {
		return sorted[i].Configuration+sorted[i].Name < sorted[j].Configuration+sorted[j].Name
	})
	var b strings.Builder
	b.WriteString("| configuration | webhook | rules (operations group/version/resources scope) | namespaceSelector | objectSelector | failurePolicy | CA |\n")
	b.WriteString("|---|---|---|---|---|---|---|\n")
	if len(sorted) == 0 {
		b.WriteString("| (none) | | | | | | |\n")
	}
	for _, h := range sorted {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", h.Configuration, h.Name,
			cell(strings.Join(h.Rules, "; ")), cell(orAll(h.NamespaceSelector)), cell(orAll(h.ObjectSelector)), h.FailurePolicy, h.CA)
	}
	return b.String()
}

func orAll(s string) string {
	if s == "" {
		return "(all)"
	}
	return "`" + s + "`"
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
