package plan

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// presetStack is a preset's configuration as a stack without a stack file
// would have it.
func presetStack(t *testing.T, p stackconfig.Preset, region string) stackconfig.Config {
	t.Helper()
	cfg := stackconfig.Defaults(p)
	cfg.Region = region
	return cfg
}

// tpcds is the shipped heavy job: driver 2 cores / 2g, 30 executors of
// 2 cores / 6g (JVM: overhead max(384, 10 %)).
var tpcds = Job{Driver: Pod{2000, 2048 + 384}, Executor: Pod{2000, 6144 + 614}, Executors: 30, Submitter: 1}

// sparkPi is the shipped light job (Python: overhead 40 %): driver and two
// executors of 1 core / 1g + 409 MiB.
var sparkPi = Job{Driver: Pod{1000, 1024 + 409}, Executor: Pod{1000, 1024 + 409}, Executors: 2, Submitter: 1}

func constant(perMin float64, d time.Duration) Load {
	return Load{Model: "open: constant", Rate: func(time.Duration) float64 { return perMin / 60 }, Length: d}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./loadgen/plan -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./loadgen/plan -update, then review the diff):\n%s", name, got)
	}
}

func TestGoldenPerPreset(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		preset    stackconfig.Preset
		job       Job
		load      Load
		nodePools bool
	}{
		{"dev-spark-pi", stackconfig.PresetDev, sparkPi, constant(10, 20*time.Minute), true},
		{"scale-tpcds", stackconfig.PresetScale, tpcds, constant(60, time.Hour), false},
		{"scale-tpcds-nodepools", stackconfig.PresetScale, tpcds, constant(60, time.Hour), true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			p, err := Make(Input{Template: "t", Target: "emr", Job: c.job, Load: c.load, RunTime: 10 * time.Minute,
				Stack: presetStack(t, c.preset, "us-west-2"), StackSource: "preset " + string(c.preset), NodePools: c.nodePools})
			if err != nil {
				t.Fatal(err)
			}
			var text, js bytes.Buffer
			if err := p.WriteText(&text); err != nil {
				t.Fatal(err)
			}
			if err := p.WriteJSON(&js); err != nil {
				t.Fatal(err)
			}
			golden(t, c.name+".txt", text.Bytes())
			golden(t, c.name+".json", js.Bytes())
			var back Plan // bench/rehearse reads `loadgen plan --json` back
			if err := json.Unmarshal(js.Bytes(), &back); err != nil {
				t.Fatalf("the JSON does not decode into a Plan: %v", err)
			}
			if back.Load.Length != p.Load.Length || back.PeakConcurrent != p.PeakConcurrent || len(back.Pools) != len(p.Pools) {
				t.Errorf("decoded plan: length %v, %d jobs, %d pools; want %v, %d, %d",
					back.Load.Length, back.PeakConcurrent, len(back.Pools), p.Load.Length, p.PeakConcurrent, len(p.Pools))
			}
		})
	}
}
