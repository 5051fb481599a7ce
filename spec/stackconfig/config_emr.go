package stackconfig

import (
	"fmt"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/versions"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/emr"
)

// The EMR section is infra/emr.Config: its fields carry their keys, help
// and rules. The presets differ only in namespace count and in whether
// destroy empties the bucket.

// Keys the stack's cross-component checks and tests name (each is a key
// tag of emr.Config).
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

func emrPreset(count int, forceDestroy bool) emr.Config {
	c := emr.DefaultConfig()
	c.NamespaceCount, c.ForceDestroy = count, forceDestroy
	return c
}

// dev is disposable (destroy empties the bucket); scale keeps results
// unless emrForceDestroy is set.
var emrPresets = map[Preset]emr.Config{
	PresetDev:   emrPreset(emr.DefaultNamespaceCount, true),
	PresetScale: emrPreset(10, false),
}

var _ = registerComponent(emrPresets, keyJobNamespacePrefix)

// removedKeys are keys a stack file may still carry from older READMEs,
// each with why it went and what replaces it.
var removedKeys = map[string]string{
	"accessEntry": "EKS rejects access entries for service-linked roles; EMR on EKS now creates its own " +
		"access when each virtual cluster is created (docs/security.md); delete the key",
}

// EMRRegistryAccount returns the EMR image registry account for region:
// the override if set, else the entry of versions' table, else an error
// naming emrImageAccount as the fix.
func EMRRegistryAccount(c emr.Config, region string) (string, error) {
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
