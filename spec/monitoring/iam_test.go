package monitoring

import (
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/golden"
)

func TestIAMGolden(t *testing.T) {
	t.Parallel()
	ws := "arn:aws:aps:eu-west-1:111122223333:workspace/ws-1"
	for file, doc := range map[string]interface{ MustJSON() string }{
		"remote-write-policy.json.golden":    RemoteWritePolicy(ws),
		"managed-grafana-policy.json.golden": ManagedGrafanaPolicy(ws),
		"managed-grafana-trust.json.golden":  ManagedGrafanaTrust("eu-west-1", "111122223333"),
	} {
		golden.AssertFile(t, file, []byte(doc.MustJSON()+"\n"))
	}
}

func TestRemoteWritePolicyHasNoWildcard(t *testing.T) {
	t.Parallel()
	if w := RemoteWritePolicy("arn:x").WildcardActions(); len(w) != 0 {
		t.Errorf("wildcard actions: %v", w)
	}
	if w := ManagedGrafanaPolicy("arn:x").WildcardActions(); len(w) != 0 {
		t.Errorf("wildcard actions: %v", w)
	}
}

// The AMG docs prescribe both aws:SourceAccount and aws:SourceArn (the
// workspaces of this account and Region) on the workspace role's trust:
// the confused-deputy guard. The role exists before the workspace, so the
// ARN is the account's workspace pattern.
func TestManagedGrafanaTrustNamesSourceArnPerPartition(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ partition, region, arn string }{
		{"aws", "eu-west-1", "arn:aws:grafana:eu-west-1:111122223333:/workspaces/*"},
		{"aws-cn", "cn-north-1", "arn:aws-cn:grafana:cn-north-1:111122223333:/workspaces/*"},
		{"aws-us-gov", "us-gov-west-1", "arn:aws-us-gov:grafana:us-gov-west-1:111122223333:/workspaces/*"},
	} {
		t.Run(tc.partition, func(t *testing.T) {
			t.Parallel()
			doc := ManagedGrafanaTrust(tc.region, "111122223333")
			if len(doc.Statement) != 1 {
				t.Fatalf("statements = %d", len(doc.Statement))
			}
			c := doc.Statement[0].Condition
			if c["StringEquals"]["aws:SourceAccount"] != "111122223333" || c["StringLike"]["aws:SourceArn"] != tc.arn {
				t.Errorf("trust conditions = %v, want SourceAccount 111122223333 and SourceArn %s", c, tc.arn)
			}
		})
	}
}
