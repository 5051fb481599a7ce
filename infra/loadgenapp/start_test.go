package loadgenapp

import (
	"encoding/json"
	"testing"

	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/loadgenapp"
)

// Deploying the load generator must not start a load test: the Job (which
// starts one at once) exists only with Start. Everything else is declared
// either way, so the image can be pushed before the run.
func TestJobOnlyWithStart(t *testing.T) {
	for _, tc := range []struct {
		name  string
		start bool
		jobs  int
	}{
		{"deployed, not started", false, 0},
		{"started", true, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := enabled()
			cfg.Start = tc.start
			rec := deployApp(t, cfg)
			if n := len(rec.ByType("kubernetes:batch/v1:Job")); n != tc.jobs {
				t.Errorf("jobs = %d, want %d", n, tc.jobs)
			}
			for _, typ := range []string{"kubernetes:core/v1:ConfigMap", "kubernetes:core/v1:ServiceAccount", "aws:ecr/repository:Repository"} {
				if len(rec.ByType(typ)) != 1 {
					t.Errorf("%s missing with start=%v", typ, tc.start)
				}
			}
		})
	}
}

// With emrBucketEncryption=kms every PutObject needs kms:GenerateDataKey
// and every GetObject kms:Decrypt on the bucket key: without them the
// results upload is denied.
func TestPolicyGrantsTheBucketKey(t *testing.T) {
	t.Parallel()
	base := spec.PolicyParams{
		Partition: "aws", Region: "us-west-2", AccountID: "123456789012", VirtualClusterIDs: []string{"vc1"},
		ExecutionRoleARN: "arn:aws:iam::123456789012:role/exec", Bucket: "jobs", ResultsPrefix: spec.DefaultResultsPrefix,
	}
	const key = "arn:aws:kms:us-west-2:123456789012:key/k"
	for _, tc := range []struct {
		name string
		key  string
	}{{"sse-s3", ""}, {"sse-kms", key}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := base
			p.KMSKeyARN = tc.key
			doc, err := spec.Policy(p)
			if err != nil {
				t.Fatal(err)
			}
			granted := map[string]bool{}
			for _, s := range doc.Statement {
				for _, a := range s.Action {
					for _, r := range s.Resource {
						granted[a+" "+r] = true
					}
				}
			}
			for _, a := range []string{"kms:GenerateDataKey", "kms:Decrypt"} {
				if got, want := granted[a+" "+key], tc.key != ""; got != want {
					b, _ := json.Marshal(doc)
					t.Errorf("%s on the bucket key granted = %v, want %v: %s", a, got, want, b)
				}
			}
		})
	}
}
