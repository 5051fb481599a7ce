package template

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
)

// Change is one value loadgen set in a rendered request instead of what the
// template said (or left out), with the reason: `loadgen validate` prints
// them, so a user's own request is never changed silently.
type Change struct {
	Field string // JSON path in the request, e.g. "name" or "tags.emr-eks-loadtest/session"
	From  string // the template's value ("" when the template did not set it)
	To    string // the value sent
	Why   string
}

// Overrides are values given explicitly on the command line; each replaces
// the template's fixed value of its field (a field written with its
// ${variable} gets the flag's value anyway). Values from stack outputs are
// not overrides: a role or release label the user wrote into the request on
// purpose is kept.
type Overrides struct {
	ExecutionRoleARN string // --execution-role-arn
	ReleaseLabel     string // --release-label
}

// Reasons printed with each Change.
const (
	whyName        = "loadgen owns the job name: the session id and job index come first so that tracking, reports and `loadgen stop` find every job of the session; your name follows"
	whyToken       = "a fixed clientToken would make StartJobRun answer every later job with the first one (idempotency): loadgen sends one token per job"
	whyVC          = "loadgen spreads jobs over the run's virtual clusters (--virtual-clusters or the stack outputs)"
	whyTag         = "loadgen tags every job with its session and tool, so that `loadgen stop` and the console can find what a session started"
	whyOverride    = "given on the command line, which wins over the value written in the template"
	whyPlacement   = "placement from --azs, --driver-nodepool, --executor-nodepool or --scheduler-name"
	maxNameLen     = 64 // StartJobRun name: 1-64 characters (ResourceNameString)
	nameSeparator  = "-"
	nameReplaceble = '-'
)

// WithOverrides returns a copy of t whose fixed executionRoleArn and
// releaseLabel are replaced by the non-empty values of o.
func (t *Template) WithOverrides(o Overrides) *Template {
	c := *t
	c.over = o
	return &c
}

// nameIsOwnedByUser reports whether the template's name already starts with
// the session (${job_name} or ${session_id}): loadgen then sends it as
// rendered. Any other name is the user's, and loadgen prefixes it.
func (t *Template) nameIsOwnedByUser() bool {
	n := t.root.member("name")
	return n != nil && sessionPrefixed(n)
}

// JobName is the job-run name job v is sent with: the template's name when it
// starts with ${job_name} or ${session_id}; otherwise v.JobName (session id and
// job index) followed by the template's own name, cut to the API's 64
// characters, with characters the API refuses replaced by '-'.
func (t *Template) JobName(v Vars) string {
	r := &renderer{vals: values(v)}
	return t.jobName(r, v)
}

func (t *Template) jobName(r *renderer, v Vars) string {
	n := t.root.member("name")
	if n == nil || t.nameIsOwnedByUser() {
		return r.text(n)
	}
	user := sanitizeName(r.text(n))
	if user == "" {
		return v.JobName
	}
	name := v.JobName + nameSeparator + user
	if len(name) > maxNameLen {
		name = strings.TrimRight(name[:maxNameLen], nameSeparator)
	}
	return name
}

// sanitizeName keeps the characters a job-run name may hold (A-Z a-z 0-9 . - _ / #).
func sanitizeName(s string) string {
	return strings.Map(func(c rune) rune {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', strings.ContainsRune(".-_/#", c):
			return c
		}
		return nameReplaceble
	}, s)
}

// recorder collects Changes; a nil recorder (the submission path) records nothing.
type recorder struct{ changes []Change }

func (c *recorder) add(field, from, to, why string) {
	if c != nil && from != to {
		c.changes = append(c.changes, Change{Field: field, From: from, To: to, Why: why})
	}
}

// own sets what loadgen owns in a rendered request, recording each change.
func (t *Template) own(in *emrcontainers.StartJobRunInput, r *renderer, v Vars, rec *recorder) {
	name := t.jobName(r, v)
	if !t.nameIsOwnedByUser() || t.wasAdded("name") {
		rec.add("name", t.written(r, "name"), name, whyName)
	}
	in.Name = &name
	if n := t.root.member("clientToken"); n != nil && !perJob(n) {
		rec.add("clientToken", r.text(n), name, whyToken)
		in.ClientToken = aws.String(name)
	}
	if n := t.root.member("virtualClusterId"); n != nil && (n.segs == nil || t.wasAdded("virtualClusterId")) && v.VirtualClusterID != "" {
		rec.add("virtualClusterId", t.written(r, "virtualClusterId"), v.VirtualClusterID, whyVC)
		in.VirtualClusterId = aws.String(v.VirtualClusterID)
	}
	t.override(r, "executionRoleArn", t.over.ExecutionRoleARN, &in.ExecutionRoleArn, rec)
	t.override(r, "releaseLabel", t.over.ReleaseLabel, &in.ReleaseLabel, rec)
}

// override replaces a fixed (variable-free) field with a command-line value.
func (t *Template) override(r *renderer, field, value string, dst **string, rec *recorder) {
	n := t.root.member(field)
	if value == "" || n == nil || n.segs != nil {
		return
	}
	rec.add(field, r.text(n), value, whyOverride)
	*dst = aws.String(value)
}

// written is what the template itself says for a top-level string field ("" when loadgen added it).
func (t *Template) written(r *renderer, field string) string {
	if t.wasAdded(field) {
		return ""
	}
	return r.text(t.root.member(field))
}

func (t *Template) wasAdded(field string) bool {
	for _, f := range t.added {
		if f == field {
			return true
		}
	}
	return false
}

// Fixed is the value a top-level string field is written with when it holds no
// variable (e.g. a role ARN in a user's own request), else "".
func (t *Template) Fixed(field string) string {
	n := t.root.member(field)
	if n == nil || n.kind != kString || n.segs != nil {
		return ""
	}
	return n.str
}
