package stacks

import (
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// EMRConfig shapes EMR on EKS.
type EMRConfig struct {
	// JobNamespaceCount is how many job namespaces (and virtual clusters)
	// to create (the old toolkit's SPARK_JOB_NS_NUM).
	JobNamespaceCount int
	// ReleaseLabel is the EMR release of the job runs, e.g. emr-7.9.0.
	ReleaseLabel string
	// ImageAccount overrides the EMR image registry account; empty means
	// the one of the stack's region from emrImageAccounts.
	ImageAccount string
}

const (
	keyJobNamespaceCount = "jobNamespaceCount"
	keyEMRReleaseLabel   = "emrReleaseLabel"
	keyEMRImageAccount   = "emrImageAccount"
)

// emrImageAccounts is the ECR registry account of the EMR on EKS base
// images per region, from the EMR on EKS Development Guide ("How to select a
// base image URI"). A region missing here is an error, never a silent
// default: set emrImageAccount for it.
var emrImageAccounts = map[string]string{
	"ap-northeast-1": "059004520145",
	"ap-northeast-2": "996579266876",
	"ap-south-1":     "235914868574",
	"ap-southeast-1": "671219180197",
	"ap-southeast-2": "038297999601",
	"ca-central-1":   "351826393999",
	"eu-central-1":   "107292555468",
	"eu-north-1":     "830386416364",
	"eu-west-1":      "483788554619",
	"eu-west-2":      "118780647275",
	"eu-west-3":      "307523725174",
	"sa-east-1":      "052806832358",
	"us-east-1":      "755674844232",
	"us-east-2":      "711395599931",
	"us-west-1":      "608033475327",
	"us-west-2":      "895885662937",
}

var emrPresets = map[Preset]EMRConfig{
	PresetDev:   {JobNamespaceCount: 2, ReleaseLabel: "emr-7.9.0"},
	PresetScale: {JobNamespaceCount: 10, ReleaseLabel: "emr-7.9.0"},
}

func (c *EMRConfig) setPreset(p Preset) { *c = pick(emrPresets, p) }

func (c *EMRConfig) bind(b *binder) {
	b.Int(keyJobNamespaceCount, "job namespaces / virtual clusters to create (1..50)", &c.JobNamespaceCount)
	b.String(keyEMRReleaseLabel, "EMR release label of the job runs (emr-<major>.<minor>.<patch>)", &c.ReleaseLabel)
	b.String(keyEMRImageAccount, "EMR image registry account; empty = looked up for aws:region", &c.ImageAccount)
}

var (
	releaseLabelRE = regexp.MustCompile(`^emr-\d+\.\d+\.\d+(-latest|-\d{8})?$`)
	accountRE      = regexp.MustCompile(`^\d{12}$`)
)

// Validate checks the count, the label and the account's form.
func (c *EMRConfig) Validate() error {
	errs := []error{checkRange(keyJobNamespaceCount, c.JobNamespaceCount, 1, 50)}
	if !releaseLabelRE.MatchString(c.ReleaseLabel) {
		errs = append(errs, keyErr(keyEMRReleaseLabel, "%q is not an EMR release label (e.g. emr-7.9.0)", c.ReleaseLabel))
	}
	if c.ImageAccount != "" && !accountRE.MatchString(c.ImageAccount) {
		errs = append(errs, keyErr(keyEMRImageAccount, "%q is not a 12-digit AWS account id", c.ImageAccount))
	}
	return errors.Join(errs...)
}

// RegistryAccount returns the EMR image registry account for region: the
// override if set, else the table's entry, else an error listing the
// regions the table knows.
func (c *EMRConfig) RegistryAccount(region string) (string, error) {
	if c.ImageAccount != "" {
		return c.ImageAccount, nil
	}
	if acct, ok := emrImageAccounts[region]; ok {
		return acct, nil
	}
	known := make([]string, 0, len(emrImageAccounts))
	for r := range emrImageAccounts {
		known = append(known, r)
	}
	sort.Strings(known)
	return "", fmt.Errorf("%s: no EMR image registry account known for region %q (known: %s); set %s:%s",
		regionKey, region, strings.Join(known, ", "), Namespace, keyEMRImageAccount)
}
