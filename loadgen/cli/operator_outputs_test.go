package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/outputs"
)

// stackOutputsFile writes a stack outputs file, keyed by the contract's names.
func stackOutputsFile(t *testing.T) string {
	t.Helper()
	b, err := json.Marshal(map[string]any{
		outputs.JobNamespaces: []string{"spark-from-outputs", "spark-second"}, outputs.AvailabilityZones: []string{"us-west-2c"},
		outputs.Bucket: "bucket-from-outputs", outputs.Region: "us-west-2", outputs.SchedulerName: "binpack-from-outputs"})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "outputs.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// The operator target takes its namespaces (and AZs, bucket, scheduler)
// from --outputs when the flags leave them out; a flag wins. validate's
// first job used to land in "default" whatever the outputs said.
func TestValidateOperatorTakesNamespacesFromOutputs(t *testing.T) {
	t.Parallel()
	out := stackOutputsFile(t)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"from the outputs", nil, []string{"namespace: spark-from-outputs", "topology.kubernetes.io/zone: us-west-2c",
			"s3://bucket-from-outputs/", "schedulerName: binpack-from-outputs"}},
		{"--namespaces wins", []string{"--namespaces", "spark-flag"}, []string{"namespace: spark-flag"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			args := append([]string{"--target", "operator", "--outputs", out, "--session", "lg-outputs",
				"--scheduler-name", "outputs", "--template", "tpcds"}, tt.args...)
			got, err := validateCLI(t, args...)
			if err != nil {
				t.Fatalf("validate: %v\n%s", err, got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("first job lacks %q:\n%s", w, got)
				}
			}
		})
	}
}

// `loadgen run --target operator --outputs FILE` checks its first
// SparkApplication on the cluster (a server dry run) in the first namespace
// of the outputs. The "cluster" is a recording HTTP server that refuses it,
// so the run stops there having sent nothing else.
func TestRunOperatorTakesNamespacesFromOutputs(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var paths []string
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		paths = append(paths, r.Method+" "+r.URL.Path+"?"+r.URL.RawQuery)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","code":403,"message":"recorded"}`)
	}))
	defer api.Close()
	kubeconfig := filepath.Join(t.TempDir(), "kubeconfig")
	kc := fmt.Sprintf("apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: %q}}]\n"+
		"contexts: [{name: c, context: {cluster: c, user: u}}]\ncurrent-context: c\nusers: [{name: u, user: {}}]\n", api.URL)
	if err := os.WriteFile(kubeconfig, []byte(kc), 0o600); err != nil {
		t.Fatal(err)
	}
	_, errOut, err := runCLI(t, t.Context(), "--target", "operator", "--outputs", stackOutputsFile(t), "--kubeconfig", kubeconfig,
		"--session", "lg-op-outputs", "--runs-dir", t.TempDir(), "--web=false", "--rate", "1/s", "--max-jobs", "1")
	if err == nil || !strings.Contains(err.Error(), "recorded") {
		t.Fatalf("run: %v, want the recording server's refusal\n%s", err, errOut)
	}
	mu.Lock()
	defer mu.Unlock()
	want := "POST /apis/sparkoperator.k8s.io/v1beta2/namespaces/spark-from-outputs/sparkapplications?"
	if len(paths) != 1 || !strings.HasPrefix(paths[0], want) || !strings.Contains(paths[0], "dryRun=All") {
		t.Errorf("requests %q, want one dry-run create starting %q", paths, want)
	}
}
