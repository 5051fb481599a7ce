// Package emr holds the configuration of the EMR on EKS component (Config,
// its defaults and Validate, the job namespace names) and the pure builders
// of what it deploys: the execution role's trust and identity policies and
// the job bucket's TLS-only policy. infra/emr creates them with Pulumi;
// nothing here imports Pulumi, so `loadgen` reads a stack's configuration
// without linking the Pulumi SDKs.
package emr

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate"
)

// Defaults of Config.
const (
	DefaultNamespaceCount    = 2
	DefaultNamespacePrefix   = "emr-job"
	DefaultEncryption        = EncryptionS3
	DefaultLogExpirationDays = 30
	DefaultLogRetentionDays  = 30
	DefaultLogPrefix         = "logs/"
	// MaxNamespaceCount bounds the job namespaces (and virtual clusters)
	// one stack declares. The binding limit is not EMR's virtual-cluster
	// quota but IAM's: every namespace adds a subject to the execution
	// role's trust policy, which IAM caps at TrustPolicyMaxLength; with the
	// shortest names 24 fit (TestMaxNamespaceCountIsTheTrustPolicyBound),
	// and the stack checks the exact length of its own names.
	MaxNamespaceCount = 24
)

// Bucket encryption modes.
const (
	EncryptionS3  = "s3"  // SSE-S3 (AES256)
	EncryptionKMS = "kms" // SSE-KMS with a key of this stack
)

// Config is the preview-time configuration of the EMR component. A field's
// key tag is the stack config key bound to it (stacks maps validation
// errors to keys through it).
type Config struct {
	// NamespaceCount is how many job namespaces (and virtual clusters) to declare.
	NamespaceCount int `json:"namespaceCount" key:"jobNamespaceCount" help:"job namespaces / virtual clusters to create (1..24; the EMR execution role's trust policy must fit IAM's limit, see docs/stack.md)"`
	// NamespacePrefix names them: "<prefix>-<i>", i from 0 (see NamespaceNames).
	NamespacePrefix string `json:"namespacePrefix" key:"jobNamespacePrefix" help:"job namespaces are <prefix>-0, <prefix>-1, ..."`
	// ReleaseLabel is the EMR release the job templates use.
	ReleaseLabel string `json:"releaseLabel" key:"emrReleaseLabel" help:"EMR release label of the job runs (emr-<major>.<minor>.<patch>[-latest])"`
	// ImageAccount overrides the EMR image registry account; empty means
	// the Region's entry in versions.EMRImageAccount's table.
	ImageAccount string `json:"imageAccount" key:"emrImageAccount" help:"EMR image registry account; empty = looked up for aws:region"`
	// Encryption is the bucket's SSE mode: "s3" or "kms".
	Encryption string `json:"encryption" key:"emrBucketEncryption" help:"job bucket encryption: s3 (SSE-S3) or kms"`
	// ForceDestroy lets `pulumi destroy` delete a bucket that still holds
	// objects (the benchmark ECR repository is always force-deleted).
	ForceDestroy bool `json:"forceDestroy" key:"emrForceDestroy" help:"pulumi destroy deletes the job bucket even if it holds objects (results); the benchmark repository is always deleted"`
	// LogExpirationDays expires objects under LogPrefix after this many days.
	LogExpirationDays int `json:"logExpirationDays" key:"emrLogExpirationDays" help:"days before job logs in the bucket expire"`
	// LogRetentionDays is the retention of the jobs' CloudWatch log group.
	LogRetentionDays int `json:"logRetentionDays" key:"emrLogRetentionDays" help:"CloudWatch retention of the job log group (a CloudWatch value: 1, 3, 5, 7, 14, 30, ...)"`
	// BenchmarkImage overrides the heavy template's image; empty means the
	// stack's benchmark repository at versions.BenchmarkImageTag.
	BenchmarkImage string `json:"benchmarkImage" key:"benchmarkImage" help:"heavy template's Spark image (repo:tag or @digest); empty = the stack's benchmark repository"`
	// LogPrefix is the bucket prefix the job templates write logs under.
	LogPrefix string `json:"logPrefix"`
}

// DefaultConfig returns the defaults.
func DefaultConfig() Config {
	return Config{
		NamespaceCount:    DefaultNamespaceCount,
		NamespacePrefix:   DefaultNamespacePrefix,
		ReleaseLabel:      versions.EMRReleaseLabel,
		Encryption:        DefaultEncryption,
		LogExpirationDays: DefaultLogExpirationDays,
		LogPrefix:         DefaultLogPrefix,
		LogRetentionDays:  DefaultLogRetentionDays,
	}
}

var (
	iamRoleName = regexp.MustCompile(`^[\w+=,.@-]{1,64}$`)
	accountID   = regexp.MustCompile(`^\d{12}$`)
	// CloudWatch Logs accepts these retention values only.
	logRetentions = map[int]bool{1: true, 3: true, 5: true, 7: true, 14: true, 30: true, 60: true,
		90: true, 120: true, 150: true, 180: true, 365: true, 400: true, 545: true, 731: true,
		1096: true, 1827: true, 2192: true, 2557: true, 2922: true, 3288: true, 3653: true}
)

// Validate reports every problem at once, each a *validate.FieldError
// naming its field by json key and saying what is allowed.
func (c Config) Validate() error {
	errs := []error{validate.Range("namespaceCount", c.NamespaceCount, 1, MaxNamespaceCount)}
	if longest := fmt.Sprintf("%s-%d", c.NamespacePrefix, c.NamespaceCount-1); !validate.IsDNSLabel(longest, validate.DNSLabelMax) || !validate.IsDNSLabel(c.NamespacePrefix, validate.DNSLabelMax) {
		errs = append(errs, validate.Errorf("namespacePrefix", "%q must be a DNS label (lowercase letters, digits, '-') short enough that %q fits in 63 characters", c.NamespacePrefix, longest))
	}
	errs = append(errs, validate.EMRReleaseLabel("releaseLabel", c.ReleaseLabel, versions.EMRReleaseLabel),
		validate.OneOf("encryption", c.Encryption, EncryptionS3, EncryptionKMS))
	if c.LogExpirationDays < 1 {
		errs = append(errs, validate.Errorf("logExpirationDays", "%d must be at least 1", c.LogExpirationDays))
	}
	if c.LogPrefix == "" || c.LogPrefix[len(c.LogPrefix)-1] != '/' || c.LogPrefix[0] == '/' {
		errs = append(errs, validate.Errorf("logPrefix", "%q must be a relative prefix ending in '/', e.g. %q", c.LogPrefix, DefaultLogPrefix))
	}
	if !logRetentions[c.LogRetentionDays] {
		errs = append(errs, validate.Errorf("logRetentionDays", "%d is not a CloudWatch Logs retention; use 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...", c.LogRetentionDays))
	}
	if c.ImageAccount != "" && !accountID.MatchString(c.ImageAccount) {
		errs = append(errs, validate.Errorf("imageAccount", "%q is not a 12-digit AWS account id", c.ImageAccount))
	}
	errs = append(errs, validate.ImageRef("benchmarkImage", c.BenchmarkImage))
	return errors.Join(errs...)
}

// JobNamespaces are the job namespaces' names (NamespaceNames of the
// prefix and count).
func (c Config) JobNamespaces() []string { return NamespaceNames(c.NamespacePrefix, c.NamespaceCount) }

// ExecutionRoleName is the job execution role's IAM name for a cluster.
// It must be known at preview: the trust condition embeds its base36
// encoding.
func ExecutionRoleName(cluster string) string { return cluster + "-emr-exec" }

// CheckRoleName checks an IAM role name (the execution role's: the
// component validates it with its Config).
func CheckRoleName(v string) error {
	if !iamRoleName.MatchString(v) {
		return validate.Errorf("executionRoleName", "%q must be 1-64 characters of letters, digits and +=,.@_-", v)
	}
	return nil
}

// NamespaceNames is the documented job namespace pattern: "<prefix>-<i>"
// for i in 0..count-1, e.g. emr-job-0, emr-job-1.
func NamespaceNames(prefix string, count int) []string {
	out := make([]string, count)
	for i := range out {
		out[i] = fmt.Sprintf("%s-%d", prefix, i)
	}
	return out
}
