package compare

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/bench/compareold/floor"
)

// Run builds loadgen (unless c.Loadgen is set) and the floor command, runs the submission
// scenarios (old path, loadgen open and closed, the two floors) and the tracking scenario
// (old poll, loadgen polling, loadgen's pod watch against a local control plane it starts),
// each against a fresh `loadgen serve-local`, and returns the results. Progress goes to log.
func Run(ctx context.Context, c Config, log io.Writer) (Results, error) {
	c = c.Defaults()
	if err := c.Validate(); err != nil {
		return Results{}, err
	}
	if err := checkOldPath(c); err != nil {
		return Results{}, err
	}
	if err := checkControlPlane(); err != nil {
		return Results{}, err
	}
	log = &syncWriter{w: log}
	fmt.Fprintln(log, "building loadgen and the floor command ...")
	bins, err := buildBinaries(ctx, c)
	if err != nil {
		return Results{}, err
	}
	r := Results{Config: c, Date: time.Now(), Machine: machine(), Commit: commit(ctx, c.Repo), LoadBefore: loadAvg()}
	if !c.TrackingOnly {
		if r.Subs, err = runSubmissions(ctx, c, bins, log); err != nil {
			return r, err
		}
	}
	if r.Track, err = runTracking(ctx, c, bins.loadgen, log); err != nil {
		return r, fmt.Errorf("tracking: %w", err)
	}
	r.LoadAfter = loadAvg()
	return r, nil
}

// runSubmissions runs the submission scenarios, the old path last (it heats the machine);
// in the result: old, loadgen open, loadgen closed, floor HTTP, floor SDK.
func runSubmissions(ctx context.Context, c Config, bins binaries, log io.Writer) ([]Submission, error) {
	loadgen := bins.loadgen
	var subs []Submission
	lo, hi := c.Think()
	fmt.Fprintf(log, "comparing %d submissions at %g/s (closed model: %d users, think %s-%s); load average %s\n",
		c.Jobs, c.Rate, c.Users, lo, hi, loadAvg())
	steps := []struct {
		name string
		run  func() (Submission, error)
	}{
		{ToolLoadgenOpen, func() (Submission, error) { return runLoadgen(ctx, c, loadgen, false) }},
		{ToolLoadgenClose, func() (Submission, error) { return runLoadgen(ctx, c, loadgen, true) }},
		{ToolFloorHTTP, func() (Submission, error) { return runFloor(ctx, c, bins, floor.ClientHTTP) }},
		{ToolFloorSDK, func() (Submission, error) { return runFloor(ctx, c, bins, floor.ClientSDK) }},
		{ToolOld, func() (Submission, error) { return runOld(ctx, c, loadgen) }},
	}
	for _, s := range steps {
		fmt.Fprintf(log, "running %s ...\n", s.name)
		sub, err := s.run()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", s.name, err)
		}
		fmt.Fprintf(log, "  %d accepted at %.2f/s, CPU %.2fs, peak RSS %s, wall %s\n", sub.Accepted, sub.AchievedRate,
			sub.Usage.CPU.Seconds(), mib(sub.Usage.PeakTreeRSS), sub.Usage.Wall.Round(100*time.Millisecond))
		subs = append(subs, sub)
	}
	return append(subs[len(subs)-1:], subs[:len(subs)-1]...), nil // old first in the table
}

// checkOldPath fails early, naming the package to install, when the old path cannot run.
func checkOldPath(c Config) error {
	need := []struct{ path, pkg string }{{c.AWS, "awscli"}, {c.Python, "python3"}} // the state poll uses awscli's botocore
	if !c.TrackingOnly {
		need = append(need, struct{ path, pkg string }{c.Locust, "python3-locust"})
	}
	for _, b := range need {
		if _, err := exec.LookPath(b.path); err != nil {
			return fmt.Errorf("%s not found: apt-get install -y %s (or pass its path)", b.path, b.pkg)
		}
	}
	return nil
}

// binaries are the programs a run starts.
type binaries struct{ loadgen, floor string }

// buildBinaries builds ./loadgen (unless c.Loadgen is set) and the floor command once with
// `go build -o` into the work dir.
func buildBinaries(ctx context.Context, c Config) (binaries, error) {
	b := binaries{loadgen: c.Loadgen, floor: filepath.Join(c.WorkDir, "bin", "floor")}
	if b.loadgen == "" {
		b.loadgen = filepath.Join(c.WorkDir, "bin", "loadgen")
		if err := goBuild(ctx, c.Repo, b.loadgen, "./loadgen"); err != nil {
			return b, err
		}
	}
	return b, goBuild(ctx, c.Repo, b.floor, floorPkg)
}

func goBuild(ctx context.Context, repo, out, pkg string) error {
	cmd := exec.CommandContext(ctx, "go", "build", "-o", out, pkg)
	cmd.Dir = repo
	if b, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("go build %s: %w\n%s", pkg, err, b)
	}
	return nil
}

func machine() string {
	cpu := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(l, ":"); ok && strings.TrimSpace(k) == "model name" {
				cpu = strings.TrimSpace(v)
				break
			}
		}
	}
	host, _ := os.Hostname()
	return fmt.Sprintf("%s, %d CPUs (%s), %s/%s, %s", host, runtime.NumCPU(), cpu, runtime.GOOS, runtime.GOARCH, runtime.Version())
}

func commit(ctx context.Context, repo string) string {
	b, err := exec.CommandContext(ctx, "git", "-C", repo, "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(b))
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
