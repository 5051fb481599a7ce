// Package testenv runs the tests of this repository against a real local
// Kubernetes control plane: etcd, kube-apiserver, kube-controller-manager,
// kube-scheduler and kwok (simulated nodes, no kubelets), built from the Go
// module proxy by scripts/testbin.sh and cached outside the repo.
//
// A test package starts one control plane in TestMain and its tests get it
// with Get:
//
//	func TestMain(m *testing.M) {
//		os.Exit(testenv.Main(m, testenv.Options{Kwok: true}))
//	}
//
//	func TestX(t *testing.T) {
//		cp := testenv.Get(t) // skips (or fails under CI / REQUIRE_INTEGRATION=1) without binaries
//		ns := cp.Namespace(t)
//		...
//	}
//
// Options make a binpacking scheduler (SchedulerConfig, a
// KubeSchedulerConfiguration) and kwok with the project's Stage file
// (scripts/kwok/stages.yaml: pods Running at once, and Succeeded/Failed after
// the duration in the annotations SucceedAfterAnnotation/FailAfterAnnotation)
// a one-field choice. CRDs come from real Go modules (ModuleDir) and are
// installed with InstallCRDs, which waits until they accept objects.
package testenv

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Versions of the binaries; they must match scripts/testbin.sh (a test checks).
const (
	KubernetesVersion       = "v1.34.4"
	EtcdVersion             = "v3.6.16"
	KwokVersion             = "v0.8.0"
	PulumiVersion           = "v3.274.1"
	PulumiKubernetesVersion = "v4.25.0"
)

// Annotations read by the project's kwok stages (scripts/kwok/stages.yaml).
// The value is a Go duration ("30s"), counted from the moment the pod is Ready.
const (
	SucceedAfterAnnotation = "kwok.emr-eks-loadtest.io/succeed-after"
	FailAfterAnnotation    = "kwok.emr-eks-loadtest.io/fail-after"
)

// Binary names in BinDir.
const (
	Etcd                     = "etcd"
	KubeAPIServer            = "kube-apiserver"
	KubeControllerManager    = "kube-controller-manager"
	KubeScheduler            = "kube-scheduler"
	Kubectl                  = "kubectl"
	Kwok                     = "kwok"
	Pulumi                   = "pulumi"
	PulumiResourceKubernetes = "pulumi-resource-kubernetes"
)

// CacheKey names the cache folder of this set of versions.
func CacheKey() string {
	v := func(s string) string { return strings.TrimPrefix(s, "v") }
	return fmt.Sprintf("k8s%s-etcd%s-kwok%s-pulumi%s-pk8s%s", v(KubernetesVersion), v(EtcdVersion),
		v(KwokVersion), v(PulumiVersion), v(PulumiKubernetesVersion))
}

// BinDir is where scripts/testbin.sh puts the binaries: $TESTBIN_DIR, else
// ${XDG_CACHE_HOME:-$HOME/.cache}/emr-eks-loadtest/testbin/<CacheKey>.
func BinDir() string {
	if d := os.Getenv("TESTBIN_DIR"); d != "" {
		return d
	}
	cache, err := os.UserCacheDir() // $XDG_CACHE_HOME, else $HOME/.cache
	if err != nil {
		cache = filepath.Join(os.TempDir(), "cache")
	}
	return filepath.Join(cache, "emr-eks-loadtest", "testbin", CacheKey())
}

// Bin is the path of one binary in BinDir.
func Bin(name string) string { return filepath.Join(BinDir(), name) }

// ErrMissingBinaries is wrapped by the error of Start and MissingBinaries
// when a binary is absent: tests skip on it unless Required.
var ErrMissingBinaries = errors.New("test binaries missing")

// MissingBinaries returns an error wrapping ErrMissingBinaries that names the
// absent binaries and how to build them, or nil.
func MissingBinaries(names ...string) error {
	var missing []string
	for _, n := range names {
		if st, err := os.Stat(Bin(n)); err != nil || st.IsDir() || st.Mode()&0o111 == 0 {
			missing = append(missing, n)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return fmt.Errorf("%w: %s not in %s (build them: scripts/testbin.sh build, or run scripts/test.sh)",
		ErrMissingBinaries, strings.Join(missing, ", "), BinDir())
}

// Required reports whether tests needing the binaries must fail instead of
// skipping: CI is set (and not "false"/"0") or REQUIRE_INTEGRATION=1.
func Required() bool {
	if os.Getenv("REQUIRE_INTEGRATION") == "1" {
		return true
	}
	ci := os.Getenv("CI")
	return ci != "" && ci != "false" && ci != "0"
}

// RepoRoot finds the repository root (the folder with this module's go.mod)
// from the working directory upwards: go test runs in the package folder.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && strings.Contains(string(b), "module github.com/emr-eks-loadtest/emr-eks-loadtest\n") {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("testenv: repository root (go.mod of github.com/emr-eks-loadtest/emr-eks-loadtest) not found above the working directory")
		}
		dir = parent
	}
}
