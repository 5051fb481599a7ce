package testenv

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
)

// ModuleDir returns the folder of a Go module version in the module cache,
// downloading it from the module proxy when needed, e.g.
// ModuleDir(ctx, "github.com/kubeflow/spark-operator/v2@v2.3.0") to read its
// config/crd/bases. It runs `go mod download -json` outside this module, so
// go.mod and go.sum are not touched.
func ModuleDir(ctx context.Context, moduleAtVersion string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", "mod", "download", "-json", moduleAtVersion)
	cmd.Dir = os.TempDir()
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GO111MODULE=on")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(stdout.Bytes(), &info); err != nil || info.Error != "" || info.Dir == "" {
		return "", fmt.Errorf("testenv: go mod download %s: %v %s %s", moduleAtVersion, runErr, info.Error, stderr.String())
	}
	return info.Dir, nil
}
