package cli

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/metrics"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/progress"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/scaleout"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/web"
)

// liveView is the run's live page and /metrics (nil parts when --web=false).
type liveView struct {
	live *web.Live
	srv  *web.Server
}

// startLive registers the metrics, hooks the live state to the journal and
// serves the page. With --web=false the state is still kept (it is cheap)
// but nothing is served.
func startLive(p *prepared, stderr io.Writer) (*liveView, error) {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	v := &liveView{live: web.NewLive(metrics.Register(reg))}
	// One live state fed by the journal's record stream; the page, /metrics
	// and the progress line (progressView) present it.
	p.cfg.Observe = journal.Observers{v.live}.Observe
	if p.cfg.Load.Pacer == nil {
		v.live.SetUsers(p.cfg.Load.Users)
	}
	if !p.flags.live.web {
		return v, nil
	}
	dir := filepath.Join(p.cfg.RunsDir, p.cfg.Session)
	opts := web.Options{Addr: p.flags.live.webAddr, Gatherer: reg, ReportsDir: dir}
	srv, err := web.Start(v.live, opts)
	if err != nil && opts.Addr == web.DefaultAddr {
		// The default port is taken (another run, Locust): take a free one
		// rather than refuse to run; an explicit --web-addr is never changed.
		fmt.Fprintf(stderr, "live page: %s is in use, using a free port\n", web.DefaultAddr)
		opts.Addr = web.FallbackAddr
		srv, err = web.Start(v.live, opts)
	}
	if err != nil {
		return nil, usagef("%v", err)
	}
	v.srv = srv
	fmt.Fprintf(stderr, "live page: %s (metrics at %smetrics)\n", srv.URL(), srv.URL())
	return v, nil
}

// progressView is the progress line's view of the run: the live state's
// counts, and the engine's numbers the journal does not carry.
func (v *liveView) progressView(s *engine.Session) func() progress.View {
	return func() progress.View { return progress.Compose(v.live.Progress(), s.Snapshot()) }
}

// callsInFlight is the calls sent and not answered, as the page shows them
// ("calling"), less those cut by a deadline and being looked up. It does
// not reset the slowest submit the next progress line shows.
func (v *liveView) callsInFlight(s *engine.Session) int {
	return max(v.live.Snapshot().InFlight["calling"]-s.Snapshot().Unknown, 0)
}

// done links the reports on the page; the server stays up until close.
func (v *liveView) done(runDir, sessionDir string) {
	rel, err := filepath.Rel(sessionDir, runDir)
	if err != nil {
		rel = "."
	}
	var links []web.Link
	for _, f := range []string{"report.html", "report.json", "jobs.csv", "journal.jsonl"} {
		links = append(links, web.Link{Name: f, Href: filepath.ToSlash(filepath.Join("reports", rel, f))})
	}
	v.live.SetReports(links)
}

func (v *liveView) close() {
	if v != nil && v.srv != nil {
		_ = v.srv.Close()
	}
}

// uploadResults copies the worker's run directory to --results.
func uploadResults(ctx context.Context, p *prepared, runDir string, stderr io.Writer) error {
	if p.flags.scaleOut.results == "" {
		return nil
	}
	dest, err := scaleout.ParseDestination(p.flags.scaleOut.results)
	if err != nil {
		return usageFrom(err, scaleout.ErrUsage)
	}
	var api scaleout.PutObjectAPI
	if dest.IsS3() {
		cfg, err := config.LoadDefaultConfig(ctx)
		if err != nil {
			return fmt.Errorf("loading AWS configuration for --results: %w", err)
		}
		api = s3.NewFromConfig(cfg)
	}
	rel := p.cfg.Session
	if p.cfg.Workers > 1 {
		rel = filepath.Join(rel, filepath.Base(runDir))
	}
	names, err := scaleout.Upload(ctx, api, runDir, dest, rel)
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "results: %d files copied to %s/%s\n", len(names), dest, filepath.ToSlash(rel))
	return nil
}
