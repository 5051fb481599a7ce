package outputs

import (
	"errors"
	"strings"
	"testing"
)

func TestDecode(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      string
		wantErr string
		check   func(t *testing.T, s Stack)
	}{
		{
			name: "full outputs with kubeconfig as string",
			in: `{"clusterName":"load-test-cluster-10","region":"us-west-2","kubeconfig":"{\"apiVersion\":\"v1\"}",
			      "availabilityZones":["us-west-2a","us-west-2b"],"virtualClusterIds":{"emr-ns-1":"vc1"},"futureOutput":3}`,
			check: func(t *testing.T, s Stack) {
				if s.ClusterName != "load-test-cluster-10" || s.Region != "us-west-2" {
					t.Errorf("got %+v", s)
				}
				if s.Kubeconfig != `{"apiVersion":"v1"}` {
					t.Errorf("kubeconfig = %q", s.Kubeconfig)
				}
				if len(s.AvailabilityZones) != 2 || s.VirtualClusterIDs["emr-ns-1"] != "vc1" {
					t.Errorf("got %+v", s)
				}
				if s.Extra["futureOutput"] != float64(3) {
					t.Errorf("unknown output not kept: %v", s.Extra)
				}
			},
		},
		{
			name: "kubeconfig as object",
			in:   `{"kubeconfig":{"apiVersion":"v1"}}`,
			check: func(t *testing.T, s Stack) {
				if s.Kubeconfig != `{"apiVersion":"v1"}` {
					t.Errorf("kubeconfig = %q", s.Kubeconfig)
				}
			},
		},
		{name: "hidden secret", in: `{"kubeconfig":"[secret]"}`, wantErr: "--show-secrets"},
		{name: "not an object", in: `[1,2]`, wantErr: "not a JSON object"},
		{name: "wrong types all reported", in: `{"region":5,"availabilityZones":"us-west-2a"}`,
			wantErr: `stack output "availabilityZones": want a list of strings`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := Decode(strings.NewReader(tt.in))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, s)
		})
	}
}

func TestDecodeReportsEveryBadOutput(t *testing.T) {
	t.Parallel()
	_, err := Decode(strings.NewReader(`{"region":5,"availabilityZones":"x","kubeconfig":"[secret]"}`))
	for _, name := range []string{`"region"`, `"availabilityZones"`, `"kubeconfig"`} {
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("error %v does not name %s", err, name)
		}
	}
	if !errors.Is(err, ErrHiddenSecret) {
		t.Errorf("errors.Is(err, ErrHiddenSecret) = false")
	}
}
