package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/progress"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/scaleout"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/threshold"
)

// Env is what a command gets from its process; tests fill it in-process.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

func (e Env) getenv(k string) string {
	if e.Getenv == nil {
		return getenv(k)
	}
	return e.Getenv(k)
}

const runSynopsis = `loadgen [run] [flags]: submit Spark jobs to EMR on EKS and report how the platform held up.

With no --outputs/--stack/--endpoint/--virtual-clusters it runs against the in-process local target
(no AWS account needed). Load models: closed (--users, --spawn-rate, --think-time; the default) or open
(--rate or --stages). Reports go to <runs-dir>/<session>/: journal.jsonl, report.json, jobs.csv, report.html.
Exit codes: 0 ok, 1 runtime error, 2 bad input, 3 interrupted (Ctrl-C; report written), 4 threshold breached.`

// prepared is a validated run, ready to start.
type prepared struct {
	flags *runFlags
	cfg   engine.Config
	tgt   *target
	emr   *emr.Target // the emr and local targets' (nil for operator)
	ths   []threshold.Threshold
}

// prepare parses and validates everything a run needs; nothing is submitted.
func prepare(ctx context.Context, args []string, env Env) (*prepared, error) {
	return prepareAs(ctx, "loadgen run", runSynopsis, args, env)
}

// prepareAs is prepare for a subcommand that takes the run's flags
// (validate), so its --help names that subcommand.
func prepareAs(ctx context.Context, name, synopsis string, args []string, env Env) (*prepared, error) {
	r := &runFlags{fromEnv: map[string]bool{}}
	fs := newFlagSet(name, synopsis, env.Stderr)
	r.register(fs)
	set, err := parse(fs, args, envRecorder(env.getenv, r.fromEnv, fs))
	if err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usagef("unexpected argument %q (flags start with --)", fs.Arg(0))
	}
	load, err := loadModel(r, set)
	if err != nil {
		return nil, err
	}
	ths, err := threshold.ParseAll(r.thresholds)
	if err != nil {
		return nil, fmt.Errorf("%w: --threshold: %w", ErrUsage, err)
	}
	w, err := r.scaleOut.worker(env.getenv)
	if err != nil {
		return nil, err
	}
	load = splitLoad(w, load)
	if r.session, err = resolveSession(r.session, set["session"], w, env.getenv); err != nil {
		return nil, err
	}
	if err := checkTarget(r.targetKind); err != nil {
		return nil, err
	}
	if err := checkTrackPods(r.trackPods); err != nil {
		return nil, err
	}
	p, err := prepareTarget(ctx, r, set, fs, load, env)
	return withWorker(p, w, ths), err
}

func withWorker(p *prepared, w scaleout.Worker, ths []threshold.Threshold) *prepared {
	if p != nil {
		p.ths, p.cfg.Worker, p.cfg.Workers = ths, w.Index, w.Count
		if w.Scaled() {
			p.cfg.Plan["worker"] = fmt.Sprintf("%d of %d", w.Index, w.Count)
		}
	}
	return p
}

// Run is `loadgen run`: submit, track, report.
func Run(ctx context.Context, args []string, env Env) error {
	p, err := prepare(ctx, args, env)
	if err != nil {
		return err
	}
	defer p.tgt.close()
	live, err := startLive(p, env.Stderr)
	if err != nil {
		return err
	}
	defer live.close()
	s, err := engine.New(p.cfg)
	if errors.Is(err, engine.ErrSessionExists) {
		return fmt.Errorf("%w: --session %s: %w", ErrUsage, p.cfg.Session, err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stderr, "session %s: target %s, %d virtual clusters, journal %s%s\n", p.cfg.Session, p.tgt.kind,
		len(p.cfg.VCs), s.Dir(), trackingNote(s.Tracking()))
	stopProgress := showProgress(env.Stderr, p.flags, live.progressView(s))
	stopNotice := context.AfterFunc(ctx, func() { interruptNotice(env.Stderr, live.callsInFlight(s), s.Dir()) })
	runErr := s.Run(ctx)
	stopNotice()
	stopProgress()
	interrupted := errors.Is(ctx.Err(), context.Canceled)
	if runErr != nil {
		return fmt.Errorf("session %s: %w", p.cfg.Session, runErr)
	}
	// The session is not used past here, so its tracker (every live job) is
	// garbage while the report is built from the journal.
	dir, stillLive := s.Dir(), s.Snapshot().Live
	reportErr := writeRunReport(dir, p.ths, float64(p.flags.verdict.maxErrorRatio), env, interrupted)
	live.done(dir, engine.Dir(p.cfg.RunsDir, p.cfg.Session))
	stopHint(env.Stderr, p, stillLive)
	if err := uploadResults(ctx, p, dir, env.Stderr); err != nil {
		return err
	}
	if interrupted { // exit 3 even when a threshold is breached: the run is incomplete
		return errors.Join(interruptedRun(p.cfg.Session, "report written to "+dir), reportErr)
	}
	return reportErr
}

// showProgress prints the run's progress view until the returned func is
// called (then once more).
func showProgress(w io.Writer, r *runFlags, view func() progress.View) func() {
	f, ok := w.(*os.File)
	tty := ok && term.IsTerminal(int(f.Fd()))
	every := r.live.progressEvery
	if tty {
		every = time.Second
	}
	pr := &progress.Printer{W: w, TTY: tty, Session: r.session}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { pr.RunView(ctx, every, view) })
	return func() { cancel(); wg.Wait() }
}
