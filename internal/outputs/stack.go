package outputs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
)

// Stack is what loadgen needs from `pulumi stack output --json --show-secrets`.
// Fields absent from the JSON stay zero; Validate says which ones a target needs.
type Stack struct {
	ClusterName          string            `json:"clusterName"`
	Region               string            `json:"region"`
	AccountID            string            `json:"accountId"`
	Kubeconfig           KubeconfigJSON    `json:"kubeconfig"`
	OIDCProviderARN      string            `json:"oidcProviderArn"`
	OIDCIssuerURL        string            `json:"oidcIssuerUrl"`
	VPCID                string            `json:"vpcId"`
	AvailabilityZones    []string          `json:"availabilityZones"`
	PrivateSubnetIDsByAZ map[string]string `json:"privateSubnetIdsByAz"`
	PublicSubnetIDsByAZ  map[string]string `json:"publicSubnetIdsByAz"`
	PodSubnetIDsByAZ     map[string]string `json:"podSubnetIdsByAz"`
	NodeGroupNames       []string          `json:"nodeGroupNames"`
	AutoscalingMode      string            `json:"autoscalingMode"`
	JobNamespaces        []string          `json:"jobNamespaces"`
	VirtualClusterIDs    map[string]string `json:"virtualClusterIds"`
	ExecutionRoleARN     string            `json:"emrExecutionRoleArn"`
	Bucket               string            `json:"emrBucket"`
	ReleaseLabel         string            `json:"emrReleaseLabel"`
	EMRImageAccount      string            `json:"emrImageAccount"`
	BenchmarkImage       string            `json:"benchmarkImage"`
	SparkOperatorMode    string            `json:"sparkOperatorMode"`
	SparkOperatorNS      []string          `json:"sparkOperatorNamespaces"`
	SchedulerName        string            `json:"schedulerName"`
	KarpenterNodePools   map[string]string `json:"karpenterNodePools"`
	AMPWorkspaceID       string            `json:"ampWorkspaceId"`
	AMPEndpoint          string            `json:"ampEndpoint"`
	GrafanaEndpoint      string            `json:"grafanaEndpoint"`
	GrafanaService       map[string]string `json:"grafanaService"`
	LoadgenImageRepo     string            `json:"loadgenImageRepository"`
	Extra                map[string]any    `json:"-"`
}

// KubeconfigJSON holds the cluster's kubeconfig as JSON text. The stack exports it
// as a secret string; `--show-secrets` prints it either as that string or, for
// older stacks, as an object. Both decode here. Without --show-secrets Pulumi
// prints "[secret]", which is rejected with a hint.
type KubeconfigJSON string

// ErrHiddenSecret means the outputs were read without --show-secrets.
var ErrHiddenSecret = errors.New(`output "kubeconfig" is "[secret]": run pulumi stack output --json --show-secrets`)

// UnmarshalJSON accepts a JSON string or a JSON object.
func (k *KubeconfigJSON) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		if s == "[secret]" {
			return ErrHiddenSecret
		}
		*k = KubeconfigJSON(s)
		return nil
	}
	if len(bytes.TrimSpace(b)) > 0 && bytes.TrimSpace(b)[0] == '{' {
		*k = KubeconfigJSON(bytes.TrimSpace(b))
		return nil
	}
	return fmt.Errorf("output %q must be a string or an object", Kubeconfig)
}

// Decode reads the JSON object that `pulumi stack output --json` prints.
// Outputs this version does not know are kept in Extra (a newer stack may
// export more); a known output of the wrong type is an error naming it.
func Decode(r io.Reader) (Stack, error) {
	raw := map[string]json.RawMessage{}
	dec := json.NewDecoder(r)
	if err := dec.Decode(&raw); err != nil {
		return Stack{}, fmt.Errorf("stack outputs: not a JSON object (expected the output of `pulumi stack output --json --show-secrets`): %w", err)
	}
	var st Stack
	var errs []error
	known := knownFields()
	st.Extra = map[string]any{}
	for _, name := range sortedKeys(raw) {
		field, ok := known[name]
		if !ok {
			var v any
			_ = json.Unmarshal(raw[name], &v)
			st.Extra[name] = v
			continue
		}
		if err := field(&st, raw[name]); err != nil {
			errs = append(errs, fmt.Errorf("stack output %q: %w", name, err))
		}
	}
	return st, errors.Join(errs...)
}

func sortedKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
