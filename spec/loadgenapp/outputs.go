package loadgenapp

import (
	"encoding/json"
	"fmt"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/outputs"
)

// OutputValues are the stack outputs the workers read (the subset of
// internal/outputs the emr and operator targets need; no kubeconfig: in the
// cluster the workers use their ServiceAccount).
type OutputValues struct {
	ClusterName, Region, AccountID string
	JobNamespaces                  []string
	VirtualClusterIDs              map[string]string
	ExecutionRoleARN, Bucket       string
	ReleaseLabel, EMRImageAccount  string
	BenchmarkImage                 string
	SparkOperatorMode              string
	SparkOperatorNamespaces        []string
	AvailabilityZones              []string
}

// OutputsJSON renders the values as `pulumi stack output --json` would,
// keyed by the internal/outputs names, so loadgen's --outputs reads it.
func OutputsJSON(v OutputValues) (string, error) {
	m := map[string]any{
		outputs.ClusterName: v.ClusterName, outputs.Region: v.Region, outputs.AccountID: v.AccountID,
		outputs.JobNamespaces: nonNil(v.JobNamespaces), outputs.VirtualClusterIDs: v.VirtualClusterIDs,
		outputs.ExecutionRoleARN: v.ExecutionRoleARN, outputs.Bucket: v.Bucket,
		outputs.ReleaseLabel: v.ReleaseLabel, outputs.EMRImageAccount: v.EMRImageAccount,
		outputs.BenchmarkImage: v.BenchmarkImage, outputs.SparkOperatorMode: v.SparkOperatorMode,
		outputs.SparkOperatorNamespace: nonNil(v.SparkOperatorNamespaces),
		outputs.AvailabilityZones:      nonNil(v.AvailabilityZones),
	}
	if v.VirtualClusterIDs == nil {
		m[outputs.VirtualClusterIDs] = map[string]string{}
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return "", fmt.Errorf("rendering stack outputs: %w", err)
	}
	return string(b), nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
