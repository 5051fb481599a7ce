package iampolicy

import (
	"slices"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/golden"
)

func TestDocumentJSON(t *testing.T) {
	t.Parallel()
	doc := New(
		Allow("Read", []string{"s3:GetObject", "s3:ListBucket"}, []string{"arn:aws:s3:::b", "arn:aws:s3:::b/*"}),
		Statement{Effect: "Deny", Action: []string{"s3:DeleteBucket"}, Resource: []string{"*"}},
	)
	golden.Assert(t, "document", []byte(doc.MustJSON()+"\n"))
}

func TestWildcardActions(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		doc  Document
		want []string
	}{
		{"none", New(Allow("a", []string{"ec2:DescribeVpcs"}, []string{"*"})), nil},
		{"star and prefix", New(Allow("a", []string{"*", "ec2:Describe*", "s3:GetObject"}, []string{"*"})), []string{"*", "ec2:Describe*"}},
		{"deny ignored", New(Statement{Effect: "Deny", Action: []string{"*"}}), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.doc.WildcardActions(); !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}
