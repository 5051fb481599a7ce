// Package template parses and renders job templates: a StartJobRun request in the exact shape
// `aws emr-containers start-job-run --cli-input-json` takes, with ${variables} allowed inside
// JSON string values. A user's plain request file works unchanged: loadgen takes over only
// what it must own (the job name's session prefix, a per-job clientToken, the virtual
// cluster, the session tags) and says so (Explain). Templates are validated strictly when parsed (unknown fields, missing
// required fields, wrong types, unknown variables: each an error naming the field path and
// file:line), so a bad template fails before the first submission. Substitution happens on
// the parsed tree, never on text, so a variable value cannot inject JSON.
package template

import (
	"fmt"
	"os"

	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/job"
)

// Vars are the values of the template variables for one job (job.Vars:
// each field is the variable named in its comment; an empty value renders
// as an empty string).
type Vars = job.Vars

// Placement pins a job's pods (job.Placement); an empty field sets
// nothing. It is applied to the spark-defaults classification of
// configurationOverrides.applicationConfiguration: AZ as
// spark.kubernetes.node.selector.topology.kubernetes.io/zone, the node
// pools as spark.kubernetes.{driver,executor}.node.selector.karpenter.sh/nodepool,
// SchedulerName as spark.kubernetes.scheduler.name.
type Placement = job.Placement

// Tags added to every rendered job: the session id and the tool, so that `loadgen stop`
// and people browsing the console can find what a session created.
const (
	SessionTag = "emr-eks-loadtest/session"
	ToolTag    = "emr-eks-loadtest/tool"
	ToolName   = "loadgen"
)

// Template is a parsed, validated job template; it is immutable and safe for concurrent Render.
type Template struct {
	name  string
	root  *node
	vars  []string
	added []string  // members the template left out and loadgen filled (name, virtualClusterId)
	over  Overrides // command-line values replacing fixed ones
}

// Load reads and parses the template file at path.
func Load(path string) (*Template, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading job template: %w", err)
	}
	return Parse(path, data)
}

// Parse parses and validates a template; name (usually the file path) prefixes every error
// position as name:line. All problems are reported at once (errors.Join).
func Parse(name string, data []byte) (*Template, error) {
	return parse(name, data)
}

// Name is the name the template was parsed with (usually its file path).
func (t *Template) Name() string { return t.name }

// Variables lists the variables the template uses, sorted, without ${}: e.g. "job_name".
func (t *Template) Variables() []string { return append([]string(nil), t.vars...) }

// Render builds the StartJobRun request for one job: variables filled in, what loadgen owns
// taken over (the job name, a per-job clientToken, the virtual cluster, the session tags,
// command-line overrides; see Explain), the placement applied. It fails when a name the
// template starts with ${job_name} or ${session_id} renders without the session id, or is
// longer than the API allows. The result shares nothing mutable with the template or with
// other renders.
func (t *Template) Render(v Vars, p Placement) (*emrcontainers.StartJobRunInput, error) {
	return t.render(v, p, nil)
}

// Explain is Render that also lists every value loadgen set differently from the template,
// and why (for `loadgen validate`).
func (t *Template) Explain(v Vars, p Placement) (*emrcontainers.StartJobRunInput, []Change, error) {
	rec := &recorder{}
	in, err := t.render(v, p, rec)
	return in, rec.changes, err
}
