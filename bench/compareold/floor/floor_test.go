package floor

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/emrcontainers"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/localemr"
)

const tpcds = "../../../loadgen/templates/tpcds.json"

func TestConfigValidate(t *testing.T) {
	t.Parallel()
	ok := Config{Client: ClientHTTP, Endpoint: "http://x", VirtualClusterID: "vc", Template: "t", Jobs: 1, Rate: 1}
	tests := []struct {
		name   string
		change func(*Config)
		want   string // "" = valid
	}{
		{"valid", func(*Config) {}, ""},
		{"unknown client", func(c *Config) { c.Client = "curl" }, `--client "curl": want http or sdk`},
		{"no endpoint", func(c *Config) { c.Endpoint = "" }, "--endpoint, --virtual-cluster and --template are required"},
		{"no jobs", func(c *Config) { c.Jobs = 0 }, "--jobs 0"},
		{"no rate", func(c *Config) { c.Rate = -1 }, "--rate -1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := ok
			tc.change(&c)
			err := c.Validate()
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("Validate() = %v, want %q", err, tc.want)
			}
		})
	}
}

func TestPaceSendsEveryJobAndCountsFailures(t *testing.T) {
	t.Parallel()
	var sent []int
	r := pace(context.Background(), 8, 0, func(_ context.Context, i int) error {
		sent = append(sent, i)
		if i%4 == 1 {
			return errors.New("boom " + string(rune('0'+i)))
		}
		return nil
	})
	if len(sent) != 8 || sent[7] != 7 || r.Jobs != 8 || r.OK != 6 || r.Failed != 2 || r.Error != "boom 1" {
		t.Errorf("pace() sent %v, result %+v; want jobs 0..7 in order, 6 ok, 2 failed, first error boom 1", sent, r)
	}
}

func TestSummarizeNearestRank(t *testing.T) {
	t.Parallel()
	lat := make([]time.Duration, 200)
	for i := range lat {
		lat[i] = time.Duration(200-i) * time.Millisecond // 200ms .. 1ms, unsorted
	}
	r := summarize(Result{}, lat)
	if r.P50 != 100 || r.P99 != 198 {
		t.Errorf("p50, p99 = %g, %g ms, want 100, 198 (nearest rank of 1..200 ms)", r.P50, r.P99)
	}
	if r := summarize(Result{}, nil); r.P50 != 0 {
		t.Errorf("no calls: p50 = %g, want 0", r.P50)
	}
}

func TestClientsAreAcceptedByTheLocalEndpoint(t *testing.T) {
	t.Parallel()
	for _, client := range []string{ClientHTTP, ClientSDK} {
		t.Run(client, func(t *testing.T) {
			t.Parallel()
			url, vc, srv := startLocal(t)
			var out bytes.Buffer
			cfg := Config{Client: client, Endpoint: url, VirtualClusterID: vc, Template: tpcds, Jobs: 25, Rate: 500}
			if err := Run(context.Background(), cfg, &out); err != nil {
				t.Fatalf("Run: %v (output %s)", err, out.String())
			}
			var r Result
			if err := json.Unmarshal(out.Bytes(), &r); err != nil {
				t.Fatalf("output %q: %v", out.String(), err)
			}
			if r.OK != 25 || r.Failed != 0 || r.P50 <= 0 || r.P99 < r.P50 {
				t.Errorf("result %+v, want 25 ok and latencies", r)
			}
			if n := srv.Accepted(); n != 25 {
				t.Errorf("server accepted %d distinct jobs, want 25 (one clientToken per job)", n)
			}
		})
	}
}

func TestRunFailsNamingTheError(t *testing.T) {
	t.Parallel()
	url, _, _ := startLocal(t)
	var out bytes.Buffer
	err := Run(context.Background(), Config{Client: ClientHTTP, Endpoint: url, VirtualClusterID: "nosuchvc", Template: tpcds, Jobs: 2, Rate: 500}, &out)
	if err == nil || !strings.Contains(err.Error(), "2 of 2 submissions failed") || !strings.Contains(err.Error(), "404") {
		t.Errorf("Run() = %v, want both failures and the status named", err)
	}
}

// startLocal starts an in-process local endpoint with one virtual cluster.
func startLocal(t *testing.T) (url, vc string, srv *localemr.Server) {
	t.Helper()
	cfg := localemr.DefaultConfig()
	cfg.VirtualClusters = localemr.LocalVirtualClusters(1)
	srv, err := localemr.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	if url, err = srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	c := emrcontainers.New(emrcontainers.Options{Region: "us-east-1", BaseEndpoint: aws.String(url),
		Credentials: credentials.NewStaticCredentialsProvider("local", "local", "")})
	out, err := c.ListVirtualClusters(context.Background(), &emrcontainers.ListVirtualClustersInput{})
	if err != nil || len(out.VirtualClusters) != 1 {
		t.Fatalf("ListVirtualClusters: %v, %+v", err, out)
	}
	return url, aws.ToString(out.VirtualClusters[0].Id), srv
}
