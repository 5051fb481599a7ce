package template

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers/types"
)

// Spark properties set by Placement, in the spark-defaults classification.
const (
	SparkDefaults       = "spark-defaults"
	ZoneSelectorKey     = "spark.kubernetes.node.selector.topology.kubernetes.io/zone"
	DriverNodePoolKey   = "spark.kubernetes.driver.node.selector.karpenter.sh/nodepool"
	ExecutorNodePoolKey = "spark.kubernetes.executor.node.selector.karpenter.sh/nodepool"
	SchedulerNameKey    = "spark.kubernetes.scheduler.name"
	// The job submitter pod is placed too when the template has an emr-job-submitter
	// classification (EMR 6.10+); it is never created, since older releases reject it.
	JobSubmitter         = "emr-job-submitter"
	SubmitterZoneKey     = "jobsubmitter.node.selector.topology.kubernetes.io/zone"
	SubmitterNodePoolKey = "jobsubmitter.node.selector.karpenter.sh/nodepool"
	defaultNameVar       = "${job_name}"
	defaultVirtualClsVar = "${virtual_cluster_id}"
)

// jobNameRe is the StartJobRun name constraint of the API model.
var jobNameRe = regexp.MustCompile(`^[.\-_/#A-Za-z0-9]{1,64}$`)

func newTemplate(name string, root *node, used map[string]bool) *Template {
	p := &parser{used: used}
	var added []string
	if root.member("name") == nil {
		root.keys, root.vals = append(root.keys, "name"), append(root.vals, p.stringNode("name", root.line, defaultNameVar))
		added = append(added, "name")
	}
	if root.member("virtualClusterId") == nil {
		root.keys, root.vals = append(root.keys, "virtualClusterId"), append(root.vals, p.stringNode("virtualClusterId", root.line, defaultVirtualClsVar))
		added = append(added, "virtualClusterId")
	}
	vars := make([]string, 0, len(used))
	for v := range used {
		vars = append(vars, v)
	}
	sort.Strings(vars)
	return &Template{name: name, root: root, vars: vars, added: added}
}

// values returns the variable values in varNames order.
func values(v Vars) [11]string {
	return [11]string{v.SessionID, v.JobName, strconv.FormatInt(v.JobIndex, 10), v.Namespace,
		v.VirtualClusterID, v.AZ, v.ExecutionRoleARN, v.Bucket, v.ReleaseLabel, v.Region, v.AccountID}
}

type renderer struct{ vals [11]string }

func (r *renderer) text(n *node) string {
	if n.segs == nil {
		return n.str
	}
	size := 0
	for _, s := range n.segs {
		size += len(s.lit)
		if s.v >= 0 {
			size += len(r.vals[s.v])
		}
	}
	var b strings.Builder
	b.Grow(size)
	for _, s := range n.segs {
		if s.v >= 0 {
			b.WriteString(r.vals[s.v])
		} else {
			b.WriteString(s.lit)
		}
	}
	return b.String()
}

func (r *renderer) ptr(n *node) *string {
	s := r.text(n)
	return &s
}

func (t *Template) render(v Vars, p Placement, rec *recorder) (*emrcontainers.StartJobRunInput, error) {
	if v.SessionID == "" {
		return nil, fmt.Errorf("rendering %s: the session id is empty", t.name)
	}
	r := &renderer{vals: values(v)}
	in := r.input(t.root)
	t.own(in, r, v, rec)
	name := *in.Name
	if !strings.HasPrefix(name, v.SessionID) {
		return nil, fmt.Errorf("rendering %s: job name %q does not start with the session id %q: start `name` with ${job_name} or ${session_id} so that every job of the session can be found and stopped", t.name, name, v.SessionID)
	}
	if !jobNameRe.MatchString(name) {
		return nil, fmt.Errorf("rendering %s: job name %q must be 1-64 characters of letters, digits and . - _ / #: shorten `name`", t.name, name)
	}
	if in.Tags == nil {
		in.Tags = make(map[string]string, 2)
	}
	rec.add("tags."+SessionTag, in.Tags[SessionTag], v.SessionID, whyTag)
	rec.add("tags."+ToolTag, in.Tags[ToolTag], ToolName, whyTag)
	in.Tags[SessionTag] = v.SessionID
	in.Tags[ToolTag] = ToolName
	applyPlacement(in, p, rec)
	return in, nil
}

func (r *renderer) input(root *node) *emrcontainers.StartJobRunInput {
	in := &emrcontainers.StartJobRunInput{}
	for i, k := range root.keys {
		n := root.vals[i]
		switch k {
		case "name":
			in.Name = r.ptr(n)
		case "virtualClusterId":
			in.VirtualClusterId = r.ptr(n)
		case "clientToken":
			in.ClientToken = r.ptr(n)
		case "executionRoleArn":
			in.ExecutionRoleArn = r.ptr(n)
		case "releaseLabel":
			in.ReleaseLabel = r.ptr(n)
		case "jobTemplateId":
			in.JobTemplateId = r.ptr(n)
		case "jobDriver":
			in.JobDriver = r.jobDriver(n)
		case "configurationOverrides":
			in.ConfigurationOverrides = r.overrides(n)
		case "tags":
			in.Tags = r.stringMap(n)
		case "jobTemplateParameters":
			in.JobTemplateParameters = r.stringMap(n)
		case "retryPolicyConfiguration":
			in.RetryPolicyConfiguration = &types.RetryPolicyConfiguration{MaxAttempts: int32p(n.member("maxAttempts"))}
		}
	}
	return in
}

func int32p(n *node) *int32 {
	v, _ := n.num.Int64() // range-checked by the schema
	i := int32(v)
	return &i
}

func (r *renderer) stringMap(n *node) map[string]string {
	m := make(map[string]string, len(n.keys)+2)
	for i, k := range n.keys {
		m[k] = r.text(n.vals[i])
	}
	return m
}

func (r *renderer) opt(n *node, key string) *string {
	if m := n.member(key); m != nil {
		return r.ptr(m)
	}
	return nil
}

func (r *renderer) jobDriver(n *node) *types.JobDriver {
	d := &types.JobDriver{}
	if s := n.member("sparkSubmitJobDriver"); s != nil {
		d.SparkSubmitJobDriver = &types.SparkSubmitJobDriver{
			EntryPoint: r.opt(s, "entryPoint"), SparkSubmitParameters: r.opt(s, "sparkSubmitParameters"),
		}
		if args := s.member("entryPointArguments"); args != nil {
			d.SparkSubmitJobDriver.EntryPointArguments = make([]string, len(args.vals))
			for i, a := range args.vals {
				d.SparkSubmitJobDriver.EntryPointArguments[i] = r.text(a)
			}
		}
	}
	if s := n.member("sparkSqlJobDriver"); s != nil {
		d.SparkSqlJobDriver = &types.SparkSqlJobDriver{EntryPoint: r.opt(s, "entryPoint"), SparkSqlParameters: r.opt(s, "sparkSqlParameters")}
	}
	return d
}

func (r *renderer) overrides(n *node) *types.ConfigurationOverrides {
	o := &types.ConfigurationOverrides{}
	if l := n.member("applicationConfiguration"); l != nil {
		o.ApplicationConfiguration = r.configurations(l)
	}
	if m := n.member("monitoringConfiguration"); m != nil {
		o.MonitoringConfiguration = r.monitoring(m)
	}
	return o
}

func (r *renderer) configurations(l *node) []types.Configuration {
	out := make([]types.Configuration, len(l.vals))
	for i, c := range l.vals {
		out[i].Classification = r.opt(c, "classification")
		if p := c.member("properties"); p != nil {
			out[i].Properties = r.stringMap(p)
		}
		if sub := c.member("configurations"); sub != nil {
			out[i].Configurations = r.configurations(sub)
		}
	}
	return out
}

func (r *renderer) monitoring(n *node) *types.MonitoringConfiguration {
	m := &types.MonitoringConfiguration{}
	if v := n.member("persistentAppUI"); v != nil {
		m.PersistentAppUI = types.PersistentAppUI(v.str)
	}
	if c := n.member("cloudWatchMonitoringConfiguration"); c != nil {
		m.CloudWatchMonitoringConfiguration = &types.CloudWatchMonitoringConfiguration{
			LogGroupName: r.opt(c, "logGroupName"), LogStreamNamePrefix: r.opt(c, "logStreamNamePrefix")}
	}
	if c := n.member("s3MonitoringConfiguration"); c != nil {
		m.S3MonitoringConfiguration = &types.S3MonitoringConfiguration{LogUri: r.opt(c, "logUri")}
	}
	if c := n.member("containerLogRotationConfiguration"); c != nil {
		m.ContainerLogRotationConfiguration = &types.ContainerLogRotationConfiguration{
			RotationSize: r.opt(c, "rotationSize"), MaxFilesToKeep: int32p(c.member("maxFilesToKeep"))}
	}
	if c := n.member("managedLogs"); c != nil {
		m.ManagedLogs = &types.ManagedLogs{EncryptionKeyArn: r.opt(c, "encryptionKeyArn")}
		if v := c.member("allowAWSToRetainLogs"); v != nil {
			m.ManagedLogs.AllowAWSToRetainLogs = types.AllowAWSToRetainLogs(v.str)
		}
	}
	return m
}

// applyPlacement sets the placement properties on the spark-defaults classification,
// creating it only when there is something to set.
func applyPlacement(in *emrcontainers.StartJobRunInput, p Placement, rec *recorder) {
	props := [...][2]string{
		{ZoneSelectorKey, p.AZ}, {DriverNodePoolKey, p.DriverNodePool},
		{ExecutorNodePoolKey, p.ExecutorNodePool}, {SchedulerNameKey, p.SchedulerName},
	}
	if p == (Placement{}) {
		return
	}
	if in.ConfigurationOverrides == nil {
		in.ConfigurationOverrides = &types.ConfigurationOverrides{}
	}
	cfg := sparkDefaults(in.ConfigurationOverrides)
	setProps(cfg, props[:], rec)
	if sub := findClassification(in.ConfigurationOverrides, JobSubmitter); sub != nil {
		setProps(sub, [][2]string{{SubmitterZoneKey, p.AZ}, {SubmitterNodePoolKey, p.DriverNodePool}}, rec)
	}
}

func setProps(c *types.Configuration, kvs [][2]string, rec *recorder) {
	for _, kv := range kvs {
		if kv[1] == "" {
			continue
		}
		if rec != nil {
			rec.add("configurationOverrides.applicationConfiguration["+aws.ToString(c.Classification)+"].properties."+kv[0],
				c.Properties[kv[0]], kv[1], whyPlacement)
		}
		if c.Properties == nil {
			c.Properties = make(map[string]string, len(kvs))
		}
		c.Properties[kv[0]] = kv[1]
	}
}

func findClassification(o *types.ConfigurationOverrides, name string) *types.Configuration {
	for i := range o.ApplicationConfiguration {
		if c := o.ApplicationConfiguration[i].Classification; c != nil && *c == name {
			return &o.ApplicationConfiguration[i]
		}
	}
	return nil
}

func sparkDefaults(o *types.ConfigurationOverrides) *types.Configuration {
	if c := findClassification(o, SparkDefaults); c != nil {
		return c
	}
	name := SparkDefaults
	o.ApplicationConfiguration = append(o.ApplicationConfiguration, types.Configuration{Classification: &name})
	return &o.ApplicationConfiguration[len(o.ApplicationConfiguration)-1]
}
