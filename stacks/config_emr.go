package stacks

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
)

// EMRConfig shapes EMR on EKS: job namespaces and virtual clusters, the
// job bucket and log group, the benchmark image. Defaults come from
// infra/emr.DefaultConfig; the presets differ only in namespace count and
// in whether destroy empties the bucket.
type EMRConfig struct {
	// JobNamespaceCount is how many job namespaces (and virtual clusters)
	// to create (the old toolkit's SPARK_JOB_NS_NUM).
	JobNamespaceCount int
	// NamespacePrefix names them "<prefix>-<i>", i from 0.
	NamespacePrefix string
	// ReleaseLabel is the EMR release of the job runs, e.g. emr-7.9.0-latest.
	ReleaseLabel string
	// ImageAccount overrides the EMR image registry account; empty means
	// the one of the stack's region from versions.EMRImageAccount.
	ImageAccount string
	// BucketEncryption is s3 (SSE-S3) or kms (a key of this stack).
	BucketEncryption string
	// ForceDestroy lets `pulumi destroy` delete a non-empty bucket (the
	// benchmark repository is always force-deleted: it holds only images
	// rebuilt from this repository).
	ForceDestroy bool
	// LogExpirationDays expires job logs in the bucket.
	LogExpirationDays int
	// LogRetentionDays is the CloudWatch retention of the job log group.
	LogRetentionDays int
	// BenchmarkImage overrides the heavy template's image (empty: the
	// stack's benchmark repository at versions.BenchmarkImageTag).
	BenchmarkImage string
}

const (
	keyJobNamespaceCount    = "jobNamespaceCount"
	keyJobNamespacePrefix   = "jobNamespacePrefix"
	keyEMRReleaseLabel      = "emrReleaseLabel"
	keyEMRImageAccount      = "emrImageAccount"
	keyEMRBucketEncryption  = "emrBucketEncryption"
	keyEMRForceDestroy      = "emrForceDestroy"
	keyEMRLogExpirationDays = "emrLogExpirationDays"
	keyEMRLogRetentionDays  = "emrLogRetentionDays"
	keyBenchmarkImage       = "benchmarkImage"
)

func emrPreset(count int, forceDestroy bool) EMRConfig {
	d := emr.DefaultConfig()
	return EMRConfig{
		JobNamespaceCount: count, NamespacePrefix: d.NamespacePrefix, ReleaseLabel: d.ReleaseLabel,
		BucketEncryption: d.Encryption, ForceDestroy: forceDestroy,
		LogExpirationDays: d.LogExpirationDays, LogRetentionDays: d.LogRetentionDays,
	}
}

// dev is disposable (destroy empties the bucket); scale keeps results
// unless emrForceDestroy is set.
var emrPresets = map[Preset]EMRConfig{
	PresetDev:   emrPreset(emr.DefaultNamespaceCount, true),
	PresetScale: emrPreset(10, false),
}

func (c *EMRConfig) setPreset(p Preset) { *c = pick(emrPresets, p) }

func (c *EMRConfig) bind(b *binder) {
	b.Int(keyJobNamespaceCount, fmt.Sprintf("job namespaces / virtual clusters to create (1..%d; the EMR execution role's trust policy must fit IAM's limit, see docs/stack.md)", emr.MaxNamespaceCount), &c.JobNamespaceCount)
	b.String(keyJobNamespacePrefix, "job namespaces are <prefix>-0, <prefix>-1, ...", &c.NamespacePrefix)
	b.String(keyEMRReleaseLabel, "EMR release label of the job runs (emr-<major>.<minor>.<patch>[-latest])", &c.ReleaseLabel)
	b.String(keyEMRImageAccount, "EMR image registry account; empty = looked up for aws:region", &c.ImageAccount)
	b.String(keyEMRBucketEncryption, "job bucket encryption: s3 (SSE-S3) or kms", &c.BucketEncryption)
	b.Bool(keyEMRForceDestroy, "pulumi destroy deletes the job bucket even if it holds objects (results); the benchmark repository is always deleted", &c.ForceDestroy)
	b.Int(keyEMRLogExpirationDays, "days before job logs in the bucket expire", &c.LogExpirationDays)
	b.Int(keyEMRLogRetentionDays, "CloudWatch retention of the job log group (a CloudWatch value: 1, 3, 5, 7, 14, 30, ...)", &c.LogRetentionDays)
	b.String(keyBenchmarkImage, "heavy template's Spark image (repo:tag or @digest); empty = the stack's benchmark repository", &c.BenchmarkImage)
}

var (
	accountRE = regexp.MustCompile(`^\d{12}$`)
	// imageRefRE is a pinned image reference: registry/repo with a tag or digest.
	imageRefRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._/-]*[a-z0-9](:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$`)
)

// removedKeys are keys a stack file may still carry from older READMEs,
// each with why it went and what replaces it.
var removedKeys = map[string]string{
	"accessEntry": "EKS rejects access entries for service-linked roles; EMR on EKS now creates its own " +
		"access when each virtual cluster is created (docs/security.md); delete the key",
}

// emrKeys maps infra/emr's Config fields (json paths) to stack keys.
var emrKeys = fieldKeys(emr.Config{})

// Validate checks the stack's rules, then the component's own (namespace
// count and prefix, release label, encryption, log settings).
func (c *EMRConfig) Validate() error {
	var errs []error
	if c.ImageAccount != "" && !accountRE.MatchString(c.ImageAccount) {
		errs = append(errs, keyErr(keyEMRImageAccount, "%q is not a 12-digit AWS account id", c.ImageAccount))
	}
	errs = append(errs, checkImageRef(keyBenchmarkImage, c.BenchmarkImage))
	// The role name only matters at deploy time; any valid one will do here.
	errs = append(errs, keyedErrors(c.Component("validation").Validate(), emrKeys, keyJobNamespacePrefix)...)
	return errors.Join(errs...)
}

// Component returns infra/emr's config; the execution role is named after
// the cluster.
func (c *EMRConfig) Component(clusterName string) emr.Config {
	e := emr.DefaultConfig()
	e.NamespaceCount, e.NamespacePrefix, e.ReleaseLabel = c.JobNamespaceCount, c.NamespacePrefix, c.ReleaseLabel
	e.Encryption, e.ForceDestroy, e.ImageAccount = c.BucketEncryption, c.ForceDestroy, c.ImageAccount
	e.LogExpirationDays, e.LogRetentionDays, e.BenchmarkImage = c.LogExpirationDays, c.LogRetentionDays, c.BenchmarkImage
	e.ExecutionRoleName = clusterName + "-emr-exec"
	return e
}

// JobNamespaces are the job namespaces' names.
func (c *EMRConfig) JobNamespaces() []string {
	return emr.NamespaceNames(c.NamespacePrefix, c.JobNamespaceCount)
}

// RegistryAccount returns the EMR image registry account for region: the
// override if set, else the entry of versions' table, else an error naming
// emrImageAccount as the fix.
func (c *EMRConfig) RegistryAccount(region string) (string, error) {
	if c.ImageAccount != "" {
		return c.ImageAccount, nil
	}
	acct, err := versions.EMRImageAccount(region)
	if err != nil {
		return "", fmt.Errorf("%s: %w; set %s:%s to the EMR on EKS registry account of the region",
			regionKey, err, Namespace, keyEMRImageAccount)
	}
	return acct, nil
}

// checkImageRef accepts "" (use the stack's repository) or a pinned image.
func checkImageRef(key, v string) error {
	if v != "" && !imageRefRE.MatchString(v) {
		return keyErr(key, "%q is not a pinned image reference (e.g. 123456789012.dkr.ecr.us-west-2.amazonaws.com/repo:1.0)", v)
	}
	return nil
}
