package monitoring

import (
	"strings"
	"testing"
)

func TestDefaultConfigIsValid(t *testing.T) {
	t.Parallel()
	c := DefaultConfig()
	c.GrafanaAdminPassword = testPassword
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestValidateNamesEveryBadKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		edit  func(*Config)
		wants []string
	}{
		{"namespace", func(c *Config) { c.Namespace = "Mon_itoring" }, []string{"namespace: "}},
		{"durations", func(c *Config) { c.Retention = "7 days"; c.ScrapeInterval = "" }, []string{"retention: ", "scrapeInterval: "}},
		{"storage", func(c *Config) { c.StorageGiB = 1; c.StorageClass = "" }, []string{"storageGiB: ", "storageClass: "}},
		{"shards", func(c *Config) { c.RemoteWrite.MinShards = 10; c.RemoteWrite.MaxShards = 5 }, []string{"remoteWrite.maxShards: 5 is out of range (allowed: 10..1000)"}},
		{"min shards", func(c *Config) { c.RemoteWrite.MinShards = 0 }, []string{"remoteWrite.minShards: 0 is out of range"}},
		{"capacity", func(c *Config) { c.RemoteWrite.Capacity = 10 }, []string{"remoteWrite.capacity: 10 is out of range"}},
		{"samples", func(c *Config) { c.RemoteWrite.MaxSamplesPerSend = 0 }, []string{"remoteWrite.maxSamplesPerSend: 0 is out of range"}},
		{"password missing", func(c *Config) { c.GrafanaAdminPassword = "" }, []string{"grafanaAdminPassword: required when the in-cluster Grafana is on"}},
		{"password short", func(c *Config) { c.GrafanaAdminPassword = "short" }, []string{"grafanaAdminPassword: shorter than 12"}},
		{"extra keep", func(c *Config) { c.ExtraKeep = []string{"ok_metric", "bad metric"} }, []string{`"bad metric" is not a metric name`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := DefaultConfig()
			c.GrafanaAdminPassword = testPassword
			tt.edit(&c)
			err := c.Validate()
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.wants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

// testPassword is a Grafana admin password the rules accept.
const testPassword = "s3cret-s3cret"
