package twin

import (
	"os"
	"strings"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/testenv"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/stackconfig"
)

// The real kube-scheduler, ServiceAccount admission and the controller
// manager, as on EKS.
func TestMain(m *testing.M) {
	os.Exit(testenv.Main(m, testenv.Options{Kwok: true, ServiceAccountAdmission: true}))
}

func config(p stackconfig.Preset, edit func(*stackconfig.Config)) stackconfig.Config {
	cfg := stackconfig.Defaults(p)
	cfg.Region = Region
	if edit != nil {
		edit(&cfg)
	}
	return cfg
}

// fitErr is Validate's verdict on fit alone: the errors naming the keys
// of the fit check.
func fitErr(cfg stackconfig.Config) []string {
	err := cfg.Validate()
	if err == nil {
		return nil
	}
	var out []string
	for _, line := range strings.Split(err.Error(), "\n") {
		if strings.Contains(line, "opsNodeCount") || strings.Contains(line, "opsInstanceTypes") {
			out = append(out, line)
		}
	}
	return out
}

// Each preset's Kubernetes half becomes ready on its own operational
// nodes, and Validate agrees: accept <=> ready. The last case is one
// Validate rejects; the twin must show it cannot be placed.
func TestTwin(t *testing.T) {
	cp := testenv.Get(t)
	charts := Prepare(t, cp)
	tests := []struct {
		name      string
		cfg       stackconfig.Config
		wantReady bool
	}{
		{"dev", config(stackconfig.PresetDev, nil), true},
		{"scale", config(stackconfig.PresetScale, nil), true},
		{"dev on two m5.large (the old preset)", config(stackconfig.PresetDev, func(c *stackconfig.Config) {
			c.NodeGroups.OpsNodeCount = 2
		}), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := Run(t, cp, tt.cfg, charts)
			fit := fitErr(tt.cfg)
			t.Logf("twin: %v\nValidate (fit): %q", rep, fit)
			if rep.Ready() != tt.wantReady {
				t.Errorf("twin ready = %v, want %v:\n%v", rep.Ready(), tt.wantReady, rep)
			}
			if accepted := len(fit) == 0; accepted != rep.Ready() {
				t.Errorf("Validate and the twin disagree: Validate accepts = %v, twin ready = %v\n%v\n%q", accepted, rep.Ready(), rep, fit)
			}
		})
	}
}
