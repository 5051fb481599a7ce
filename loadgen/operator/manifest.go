// Package operator is the load generator's SparkApplication target: it renders
// sparkoperator.k8s.io/v1beta2 SparkApplication manifests from a YAML template
// (the same ${variables} as the EMR target), creates them through client-go
// with raised QPS/burst, tracks them and their driver/executor pods with
// label-filtered informers (watch, never poll), times each job's phases from
// the server's objects and events, and deletes a session's objects on stop.
package operator

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	yaml "go.yaml.in/yaml/v3"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/template"
)

// The SparkApplication API this target speaks.
const (
	Group      = "sparkoperator.k8s.io"
	Version    = "v1beta2"
	Kind       = "SparkApplication"
	Resource   = "sparkapplications"
	APIVersion = Group + "/" + Version
)

// Variables are the template variables, the same as the EMR target's.
var Variables = []string{"session_id", "job_name", "job_index", "namespace", "virtual_cluster_id", "az",
	"execution_role_arn", "bucket", "release_label", "region", "account_id"}

// Manifest is a parsed, validated SparkApplication template; safe for
// concurrent Render.
type Manifest struct {
	name string
	root any // map[string]any / []any / scalars; strings may hold ${vars}
	used []string
}

// LoadManifest reads and parses the template file at path.
func LoadManifest(path string) (*Manifest, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading SparkApplication template: %w", err)
	}
	return ParseManifest(path, data)
}

// ParseManifest parses and validates a template; name prefixes every error
// position (name:line). Every problem is reported at once.
func ParseManifest(name string, data []byte) (*Manifest, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: not YAML: %w", name, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 || doc.Content[0].Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: want one YAML mapping (a SparkApplication), got something else", name)
	}
	c := &checker{name: name, used: map[string]bool{}}
	c.walk(doc.Content[0], "")
	c.shape(doc.Content[0])
	if len(c.errs) > 0 {
		return nil, errors.Join(c.errs...)
	}
	var root any
	if err := doc.Content[0].Decode(&root); err != nil {
		return nil, fmt.Errorf("%s: decoding: %w", name, err)
	}
	m := &Manifest{name: name, root: root}
	for _, v := range Variables {
		if c.used[v] {
			m.used = append(m.used, v)
		}
	}
	return m, nil
}

// Name is the name the template was parsed with.
func (m *Manifest) Name() string { return m.name }

// UsedVariables lists the variables the template uses, in Variables order.
func (m *Manifest) UsedVariables() []string { return append([]string(nil), m.used...) }

type checker struct {
	name string
	used map[string]bool
	errs []error
}

func (c *checker) errorf(n *yaml.Node, path, format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf("%s:%d: %s: %s", c.name, n.Line, path, fmt.Sprintf(format, args...)))
}

// walk checks every string scalar's variables and rejects YAML features
// that do not map to JSON (anchors with merge keys are fine once decoded).
func (c *checker) walk(n *yaml.Node, path string) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			c.walk(n.Content[i+1], joinPath(path, n.Content[i].Value))
		}
	case yaml.SequenceNode:
		for i, e := range n.Content {
			c.walk(e, path+"["+strconv.Itoa(i)+"]")
		}
	case yaml.ScalarNode:
		for _, v := range varRefs(n.Value) {
			if !isVariable(v) {
				c.errorf(n, path, "unknown variable ${%s}; known: ${%s}", v, strings.Join(Variables, "} ${"))
				continue
			}
			c.used[v] = true
		}
		if strings.Count(n.Value, "${") > len(varRefs(n.Value))+strings.Count(n.Value, "$${") {
			c.errorf(n, path, "unterminated variable in %q: close it with } (write $${ for a literal ${)", n.Value)
		}
	}
}

// shape checks what a SparkApplication needs before anything is rendered.
func (c *checker) shape(root *yaml.Node) {
	want := map[string]string{"apiVersion": APIVersion, "kind": Kind}
	for key, val := range want {
		n := member(root, key)
		if n == nil || n.Value != val {
			c.errorf(root, key, "want %q (the Spark Operator's %s)", val, Kind)
		}
	}
	spec := member(root, "spec")
	if spec == nil || spec.Kind != yaml.MappingNode {
		c.errorf(root, "spec", "missing: a SparkApplication needs spec.driver and spec.executor")
		return
	}
	for _, key := range []string{"driver", "executor"} {
		if n := member(spec, key); n == nil || n.Kind != yaml.MappingNode {
			c.errorf(spec, "spec."+key, "missing or not a mapping")
		}
	}
	if meta := member(root, "metadata"); meta != nil {
		if n := member(meta, "generateName"); n != nil {
			c.errorf(n, "metadata.generateName", "not supported: name jobs with metadata.name: ${job_name} (the default)")
		}
	}
}

func member(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// varRefs lists the variable names referenced in s (skipping $${ escapes).
func varRefs(s string) []string {
	var out []string
	for rest := s; ; {
		i := strings.Index(rest, "${")
		if i < 0 {
			return out
		}
		if i > 0 && rest[i-1] == '$' {
			rest = rest[i+2:]
			continue
		}
		end := strings.IndexByte(rest[i:], '}')
		if end < 0 {
			return out
		}
		out = append(out, rest[i+2:i+end])
		rest = rest[i+end+1:]
	}
}

func isVariable(v string) bool {
	for _, k := range Variables {
		if k == v {
			return true
		}
	}
	return false
}

// values maps each variable to its value for one job.
func values(v template.Vars) map[string]string {
	return map[string]string{"session_id": v.SessionID, "job_name": v.JobName,
		"job_index": strconv.FormatInt(v.JobIndex, 10), "namespace": v.Namespace,
		"virtual_cluster_id": v.VirtualClusterID, "az": v.AZ, "execution_role_arn": v.ExecutionRoleARN,
		"bucket": v.Bucket, "release_label": v.ReleaseLabel, "region": v.Region, "account_id": v.AccountID}
}

// substitute replaces ${var} in s; $${ stays a literal ${.
func substitute(s string, vals map[string]string) string {
	if !strings.Contains(s, "${") {
		return s
	}
	var b strings.Builder
	for rest := s; ; {
		i := strings.Index(rest, "${")
		if i < 0 {
			b.WriteString(rest)
			return b.String()
		}
		if i > 0 && rest[i-1] == '$' {
			b.WriteString(rest[:i-1] + "${")
			rest = rest[i+2:]
			continue
		}
		end := strings.IndexByte(rest[i:], '}')
		b.WriteString(rest[:i])
		b.WriteString(vals[rest[i+2:i+end]])
		rest = rest[i+end+1:]
	}
}
