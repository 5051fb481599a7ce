package emr

import (
	"encoding/json"
	"testing"

	spec "github.com/emr-eks-loadtest/emr-eks-loadtest/spec/emr"
)

// The job bucket refuses plain-HTTP requests: a Deny of s3:* on the bucket
// and its objects whenever aws:SecureTransport is false, for every
// principal (AWS's documented TLS-only bucket policy).
func TestBucketPolicyDeniesNonTLS(t *testing.T) {
	for _, enc := range []string{spec.EncryptionS3, spec.EncryptionKMS} {
		t.Run(enc, func(t *testing.T) {
			cfg := validConfig()
			cfg.Encryption = enc
			rec, _ := deployEMR(t, cfg)
			pols := rec.ByType("aws:s3/bucketPolicy:BucketPolicy")
			if len(pols) != 1 {
				t.Fatalf("bucket policies = %d, want 1", len(pols))
			}
			var doc struct {
				Statement []struct {
					Effect    string
					Principal any
					Action    []string
					Resource  []string
					Condition map[string]map[string]any
				}
			}
			if err := json.Unmarshal([]byte(pols[0].String("policy")), &doc); err != nil {
				t.Fatalf("policy JSON: %v", err)
			}
			found := false
			for _, s := range doc.Statement {
				if s.Effect != "Deny" || len(s.Action) != 1 || s.Action[0] != "s3:*" {
					continue
				}
				if s.Condition["Bool"]["aws:SecureTransport"] != "false" {
					continue
				}
				res := map[string]bool{}
				for _, r := range s.Resource {
					res[r] = true
				}
				found = res["arn:aws:s3:::emr-bucket-bucket"] && res["arn:aws:s3:::emr-bucket-bucket/*"] && isEveryone(s.Principal)
			}
			if !found {
				t.Errorf("no Deny s3:* on bucket and objects when aws:SecureTransport=false for everyone: %s", pols[0].String("policy"))
			}
		})
	}
}

func isEveryone(p any) bool {
	if p == "*" {
		return true
	}
	m, ok := p.(map[string]any)
	if !ok {
		return false
	}
	aws, _ := m["AWS"].([]any)
	return len(aws) == 1 && aws[0] == "*"
}

// The benchmark image repository holds only images rebuilt from this
// repository: destroy deletes it even when it holds images, in every
// preset (results live in the bucket, whose emptying forceDestroy decides).
func TestBenchmarkRepositoryIsDeletedWithImages(t *testing.T) {
	cfg := validConfig()
	cfg.ForceDestroy = false
	rec, _ := deployEMR(t, cfg)
	repos := rec.ByType("aws:ecr/repository:Repository")
	if len(repos) != 1 || repos[0].Get("forceDelete") != true {
		t.Fatalf("benchmark repository forceDelete = %v, want true", repos[0].Get("forceDelete"))
	}
	b := rec.ByType("aws:s3/bucketV2:BucketV2")[0]
	if b.Get("forceDestroy") != false {
		t.Errorf("bucket forceDestroy = %v with ForceDestroy off", b.Get("forceDestroy"))
	}
}
