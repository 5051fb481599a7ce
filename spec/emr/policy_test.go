package emr

import (
	"reflect"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/golden"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/irsa"
)

// Values computed with the AWS CLI's own algorithm (awscli
// customizations/emrcontainers/base36.py) in Python.
func TestBase36MatchesAWSCLI(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"example_iam_role":              "609ftmrwo4ivym4h6hmdhdqhx",
		"load-test-cluster-10-emr-exec": "9qnm79rfuclwh1lbrl8uwwfjp1skxc9df90h7pcsor78j",
		"a":                             "2p",
		"":                              "0",
	} {
		if got := Base36(in); got != want {
			t.Errorf("Base36(%q) = %q, want %q", in, got, want)
		}
	}
}

func trustParams() TrustParams {
	return TrustParams{
		OIDCProviderARN: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-west-2.amazonaws.com/id/ABC",
		IssuerURL:       "https://oidc.eks.us-west-2.amazonaws.com/id/ABC",
		AccountID:       "123456789012",
		RoleName:        "load-test-cluster-10-emr-exec",
		Namespaces:      []string{"emr-job-0", "emr-job-1"},
	}
}

func TestExecutionTrustGolden(t *testing.T) {
	t.Parallel()
	for name, edit := range map[string]func(*TrustParams){
		"trust-emr-only": func(*TrustParams) {},
		"trust-with-spark-sa": func(p *TrustParams) {
			p.ServiceAccounts = []irsa.ServiceAccount{{Namespace: "emr-job-0", Name: "emr-containers-sa-spark"}}
		},
	} {
		p := trustParams()
		edit(&p)
		doc, err := ExecutionTrust(p)
		if err != nil {
			t.Fatal(err)
		}
		golden.Assert(t, name, []byte(doc.MustJSON()))
	}
}

func TestExecutionTrustConditionIsTheCLIs(t *testing.T) {
	t.Parallel()
	doc, err := ExecutionTrust(trustParams())
	if err != nil {
		t.Fatal(err)
	}
	// The patterns update-role-trust-policy writes for emr-job-0 and
	// emr-job-1, as one list (either matches).
	got := doc.Statement[0].Condition["StringLike"]["oidc.eks.us-west-2.amazonaws.com/id/ABC:sub"]
	want := []string{
		"system:serviceaccount:emr-job-0:emr-containers-sa-*-*-123456789012-9qnm79rfuclwh1lbrl8uwwfjp1skxc9df90h7pcsor78j",
		"system:serviceaccount:emr-job-1:emr-containers-sa-*-*-123456789012-9qnm79rfuclwh1lbrl8uwwfjp1skxc9df90h7pcsor78j",
	}
	if !reflect.DeepEqual(got, want) || len(doc.Statement) != 1 || len(doc.Statement[0].Condition) != 1 {
		t.Fatalf("condition = %v, want only StringLike %q", doc.Statement[0].Condition, want)
	}
}

// TestMaxNamespaceCountIsTheTrustPolicyBound: every job namespace adds a
// subject pattern and a driver service account to the execution role's
// trust policy, and IAM caps a trust policy at TrustPolicyMaxLength. With
// the shortest names the stack allows, MaxNamespaceCount namespaces fit and
// one more does not, so the bound is the real one (the stack checks the
// exact length of its own names).
func TestMaxNamespaceCountIsTheTrustPolicyBound(t *testing.T) {
	t.Parallel()
	length := func(n int) int {
		p := trustParams()
		p.RoleName = "a-b-emr-exec"
		p.Namespaces = NamespaceNames("a", n)
		p.OIDCProviderARN = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
		p.IssuerURL = "https://oidc.eks.us-east-1.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF"
		for _, ns := range p.Namespaces {
			p.ServiceAccounts = append(p.ServiceAccounts, irsa.ServiceAccount{Namespace: ns, Name: "emr-containers-sa-spark"})
		}
		l, err := TrustLength(p)
		if err != nil {
			t.Fatal(err)
		}
		return l
	}
	if l := length(MaxNamespaceCount); l > TrustPolicyMaxLength {
		t.Errorf("%d namespaces: trust policy %d characters, over IAM's %d", MaxNamespaceCount, l, TrustPolicyMaxLength)
	}
	if l := length(MaxNamespaceCount + 1); l <= TrustPolicyMaxLength {
		t.Errorf("%d namespaces still fit (%d characters): MaxNamespaceCount is not the bound", MaxNamespaceCount+1, l)
	}
}

func TestExecutionTrustRejectsMissingInputs(t *testing.T) {
	t.Parallel()
	p := trustParams()
	p.Namespaces = nil
	if _, err := ExecutionTrust(p); err == nil || !strings.Contains(err.Error(), "no job namespaces") {
		t.Fatalf("want 'no job namespaces', got %v", err)
	}
	p = trustParams()
	p.AccountID = ""
	if _, err := ExecutionTrust(p); err == nil {
		t.Fatal("want error for a missing account id")
	}
}

func TestExecutionPolicyGolden(t *testing.T) {
	t.Parallel()
	for name, key := range map[string]string{
		"policy-sse-s3":  "",
		"policy-sse-kms": "arn:aws:kms:us-west-2:123456789012:key/k",
	} {
		doc, err := ExecutionPolicy(PolicyParams{
			Partition: "aws", Bucket: "jobs", KMSKeyARN: key,
			LogGroupARN: "arn:aws:logs:us-west-2:123456789012:log-group:/emr-on-eks/c:*",
		})
		if err != nil {
			t.Fatal(err)
		}
		if w := doc.WildcardActions(); len(w) > 0 {
			t.Errorf("%s: wildcard actions %v", name, w)
		}
		golden.Assert(t, name, []byte(doc.MustJSON()))
	}
}

func TestPartition(t *testing.T) {
	t.Parallel()
	for region, want := range map[string]string{"us-west-2": "aws", "cn-north-1": "aws-cn", "us-gov-west-1": "aws-us-gov"} {
		if got := Partition(region); got != want {
			t.Errorf("Partition(%q) = %q, want %q", region, got, want)
		}
	}
}
