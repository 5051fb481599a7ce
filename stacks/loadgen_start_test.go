package stacks

import (
	"strings"
	"testing"
)

// The in-cluster load test starts only when asked: loadgenApp declares
// the load generator, loadgenStart creates the Job that runs it.
func TestLoadgenStartsOnlyWhenAsked(t *testing.T) {
	for _, tc := range []struct {
		name string
		kv   map[string]string
		jobs int
	}{
		{"scale preset", map[string]string{"preset": "scale"}, 0},
		{"scale with loadgenStart", map[string]string{"preset": "scale", "loadgenStart": "true"}, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := deployed(t, tc.kv)
			if n := len(m.ByType(tJob)); n != tc.jobs {
				t.Errorf("jobs = %d, want %d", n, tc.jobs)
			}
			if n := len(m.ByType(tLoadgenApp)); n != 1 {
				t.Errorf("load generator components = %d, want 1", n)
			}
		})
	}
}

// emrBucketEncryption=kms: the load generator's role may use the bucket key.
func TestLoadgenRoleGetsTheBucketKeyWithKMS(t *testing.T) {
	m := deployed(t, map[string]string{"preset": "scale", "emrBucketEncryption": "kms"})
	found := false
	for _, p := range m.ByType("aws:iam/role:Role") {
		if !strings.Contains(p.Name, "loadgen") {
			continue
		}
		found = true
	}
	if !found {
		t.Fatal("no loadgen role")
	}
	for _, p := range m.ByType("aws:iam/rolePolicy:RolePolicy") {
		if strings.Contains(p.Name, "loadgen") {
			pol := p.String("policy")
			if !strings.Contains(pol, "kms:GenerateDataKey") || !strings.Contains(pol, "kms:Decrypt") {
				t.Errorf("loadgen policy lacks the bucket key: %s", pol)
			}
			return
		}
	}
	t.Error("no loadgen role policy")
}
