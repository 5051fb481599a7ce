package monitoring

import (
	"strings"
	"testing"
)

func TestDefaultConfigIsValid(t *testing.T) {
	t.Parallel()
	if err := DefaultConfig().Validate(); err != nil {
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
		{"shards", func(c *Config) { c.RemoteWrite.MinShards = 10; c.RemoteWrite.MaxShards = 5 }, []string{"minShards 10 and maxShards 5"}},
		{"capacity", func(c *Config) { c.RemoteWrite.Capacity = 10 }, []string{"capacity 10"}},
		{"extra keep", func(c *Config) { c.ExtraKeep = []string{"ok_metric", "bad metric"} }, []string{`"bad metric" is not a metric name`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c := DefaultConfig()
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
