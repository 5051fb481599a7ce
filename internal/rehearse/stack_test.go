package rehearse

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A stack file is read as `pulumi up` reads it: preset, then its keys,
// strictly; encrypted values are left out with a note.
func TestLoadStack(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := `config:
  aws:region: us-west-2
  emr-eks-loadtest:preset: dev
  emr-eks-loadtest:grafanaAdminPassword:
    secure: AAABAI...
`
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.dev.yaml"), []byte(file), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, notes, err := LoadStack(dir, "dev")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Region != "us-west-2" || len(notes) != 1 || !strings.Contains(notes[0], "grafanaAdminPassword") {
		t.Errorf("region %q notes %q", cfg.Region, notes)
	}
	bad := strings.Replace(file, "preset: dev", "preset: dev\n  emr-eks-loadtest:noSuchKey: 1", 1)
	if err := os.WriteFile(filepath.Join(dir, "Pulumi.bad.yaml"), []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, _, err := LoadStack(dir, "bad"); err == nil || !strings.Contains(err.Error(), "noSuchKey") {
		t.Errorf("unknown key: err %v, want one naming noSuchKey", err)
	}
	if _, _, err := LoadStack(dir, "absent"); err == nil || !strings.Contains(err.Error(), "--stack absent") {
		t.Errorf("missing file: err %v", err)
	}
}

// The repository's own stack file rehearses.
func TestLoadRepoStack(t *testing.T) {
	t.Parallel()
	if _, _, err := LoadStack("../..", "dev"); err != nil {
		t.Fatal(err)
	}
}
