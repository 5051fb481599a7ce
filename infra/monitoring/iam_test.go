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
		"managed-grafana-trust.json.golden":  ManagedGrafanaTrust("111122223333"),
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
