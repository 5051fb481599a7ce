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
		{
			name: "monitoring and load generator outputs",
			in: `{"ampWorkspaceId":"ws-1","ampEndpoint":"https://aps-workspaces.us-west-2.amazonaws.com/workspaces/ws-1/",
			      "grafanaEndpoint":"g-1.grafana-workspace.us-west-2.amazonaws.com",
			      "grafanaService":{"namespace":"monitoring","name":"kps-grafana"},
			      "loadgenImageRepository":"123456789012.dkr.ecr.us-west-2.amazonaws.com/lg"}`,
			check: func(t *testing.T, s Stack) {
				if s.AMPWorkspaceID != "ws-1" || s.AMPEndpoint != "https://aps-workspaces.us-west-2.amazonaws.com/workspaces/ws-1/" {
					t.Errorf("AMP = %q, %q", s.AMPWorkspaceID, s.AMPEndpoint)
				}
				if s.GrafanaEndpoint != "g-1.grafana-workspace.us-west-2.amazonaws.com" ||
					s.GrafanaService["namespace"] != "monitoring" || s.GrafanaService["name"] != "kps-grafana" {
					t.Errorf("Grafana = %q, %v", s.GrafanaEndpoint, s.GrafanaService)
				}
				if s.LoadgenImageRepo != "123456789012.dkr.ecr.us-west-2.amazonaws.com/lg" {
					t.Errorf("loadgen repository = %q", s.LoadgenImageRepo)
				}
				if len(s.Extra) != 0 {
					t.Errorf("known outputs kept as extra: %v", s.Extra)
				}
			},
		},
		{name: "grafanaService must be an object", in: `{"grafanaService":"monitoring/kps-grafana"}`,
			wantErr: `stack output "grafanaService": want an object of strings`},
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
