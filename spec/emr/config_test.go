package emr

import (
	"reflect"
	"strings"
	"testing"
)

func validConfig() Config { return DefaultConfig() }

func TestValidate(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		edit  func(*Config)
		wants []string // substrings of the error; none means valid
	}{
		{name: "defaults", edit: func(*Config) {}},
		{name: "kms", edit: func(c *Config) { c.Encryption = EncryptionKMS }},
		{name: "zero namespaces", edit: func(c *Config) { c.NamespaceCount = 0 }, wants: []string{"namespaceCount: 0 is out of range"}},
		{name: "bad prefix", edit: func(c *Config) { c.NamespacePrefix = "Jobs_" }, wants: []string{"namespacePrefix"}},
		{name: "long prefix", edit: func(c *Config) { c.NamespacePrefix = strings.Repeat("a", 62) }, wants: []string{"fits in 63"}},
		{name: "release", edit: func(c *Config) { c.ReleaseLabel = "7.9.0" }, wants: []string{"releaseLabel"}},
		{name: "encryption", edit: func(c *Config) { c.Encryption = "aes" }, wants: []string{`encryption: "aes"`, "kms"}},
		{name: "log prefix", edit: func(c *Config) { c.LogPrefix = "logs" }, wants: []string{"logPrefix"}},
		{name: "retention", edit: func(c *Config) { c.LogRetentionDays = 10 }, wants: []string{"logRetentionDays: 10"}},
		{name: "image account", edit: func(c *Config) { c.ImageAccount = "12345" }, wants: []string{`imageAccount: "12345" is not a 12-digit`}},
		{name: "benchmark image", edit: func(c *Config) { c.BenchmarkImage = "spark" }, wants: []string{"benchmarkImage", "pinned image reference"}},
		{name: "benchmark image pinned", edit: func(c *Config) { c.BenchmarkImage = "123456789012.dkr.ecr.us-west-2.amazonaws.com/b:1.0" }},
		{name: "all at once", edit: func(c *Config) { c.NamespaceCount, c.Encryption, c.LogExpirationDays = 101, "x", 0 },
			wants: []string{"namespaceCount: 101 is out of range", "encryption", "logExpirationDays"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := validConfig()
			tc.edit(&c)
			err := c.Validate()
			if len(tc.wants) == 0 {
				if err != nil {
					t.Fatalf("want valid, got %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("want error containing %q, got nil", tc.wants)
			}
			for _, w := range tc.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func TestNamespaceNames(t *testing.T) {
	t.Parallel()
	got := NamespaceNames("emr-job", 3)
	want := []string{"emr-job-0", "emr-job-1", "emr-job-2"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}
