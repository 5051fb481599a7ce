package outputs

import (
	"encoding/json"
	"errors"
	"fmt"
)

type fieldDecoder func(*Stack, json.RawMessage) error

func into[T any](get func(*Stack) *T, want string) fieldDecoder {
	return func(s *Stack, b json.RawMessage) error {
		if err := json.Unmarshal(b, get(s)); err != nil {
			if errors.Is(err, ErrHiddenSecret) {
				return err
			}
			return fmt.Errorf("want %s, got %s", want, abbreviate(b))
		}
		return nil
	}
}

func abbreviate(b []byte) string {
	if len(b) > 60 {
		return string(b[:57]) + "..."
	}
	return string(b)
}

func knownFields() map[string]fieldDecoder {
	str := func(get func(*Stack) *string) fieldDecoder { return into(get, "a string") }
	list := func(get func(*Stack) *[]string) fieldDecoder { return into(get, "a list of strings") }
	dict := func(get func(*Stack) *map[string]string) fieldDecoder {
		return into(get, "an object of strings")
	}
	return map[string]fieldDecoder{
		ClusterName:            str(func(s *Stack) *string { return &s.ClusterName }),
		Region:                 str(func(s *Stack) *string { return &s.Region }),
		AccountID:              str(func(s *Stack) *string { return &s.AccountID }),
		Kubeconfig:             into(func(s *Stack) *KubeconfigJSON { return &s.Kubeconfig }, "a kubeconfig"),
		OIDCProviderARN:        str(func(s *Stack) *string { return &s.OIDCProviderARN }),
		OIDCIssuerURL:          str(func(s *Stack) *string { return &s.OIDCIssuerURL }),
		VPCID:                  str(func(s *Stack) *string { return &s.VPCID }),
		AvailabilityZones:      list(func(s *Stack) *[]string { return &s.AvailabilityZones }),
		PrivateSubnetIDsByAZ:   dict(func(s *Stack) *map[string]string { return &s.PrivateSubnetIDsByAZ }),
		PublicSubnetIDsByAZ:    dict(func(s *Stack) *map[string]string { return &s.PublicSubnetIDsByAZ }),
		PodSubnetIDsByAZ:       dict(func(s *Stack) *map[string]string { return &s.PodSubnetIDsByAZ }),
		NodeGroupNames:         list(func(s *Stack) *[]string { return &s.NodeGroupNames }),
		AutoscalingMode:        str(func(s *Stack) *string { return &s.AutoscalingMode }),
		JobNamespaces:          list(func(s *Stack) *[]string { return &s.JobNamespaces }),
		VirtualClusterIDs:      dict(func(s *Stack) *map[string]string { return &s.VirtualClusterIDs }),
		ExecutionRoleARN:       str(func(s *Stack) *string { return &s.ExecutionRoleARN }),
		Bucket:                 str(func(s *Stack) *string { return &s.Bucket }),
		ReleaseLabel:           str(func(s *Stack) *string { return &s.ReleaseLabel }),
		EMRImageAccount:        str(func(s *Stack) *string { return &s.EMRImageAccount }),
		BenchmarkImage:         str(func(s *Stack) *string { return &s.BenchmarkImage }),
		SparkOperatorMode:      str(func(s *Stack) *string { return &s.SparkOperatorMode }),
		SparkOperatorNamespace: list(func(s *Stack) *[]string { return &s.SparkOperatorNS }),
		SchedulerName:          str(func(s *Stack) *string { return &s.SchedulerName }),
		KarpenterNodePools:     dict(func(s *Stack) *map[string]string { return &s.KarpenterNodePools }),
		AMPWorkspaceID:         str(func(s *Stack) *string { return &s.AMPWorkspaceID }),
		AMPEndpoint:            str(func(s *Stack) *string { return &s.AMPEndpoint }),
		GrafanaEndpoint:        str(func(s *Stack) *string { return &s.GrafanaEndpoint }),
		GrafanaService:         dict(func(s *Stack) *map[string]string { return &s.GrafanaService }),
		LoadgenImageRepository: str(func(s *Stack) *string { return &s.LoadgenImageRepo }),
	}
}
