package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/engine"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/report"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/search"
)

const searchSynopsis = `loadgen search [flags]: find the highest arrival rate the target sustains.

Steps the rate up from --from (×--growth each step) until a step breaks an --slo or is unstable (the
backlog of jobs not yet running grows, or completions fall behind arrivals), then bisects between the
last good and the first bad rate to --precision. Every step discards a warm-up and measures a window.
The whole search is one session (loadgen stop --session cleans it up); it writes search.json and
search.html next to the session's journal, and the session's report.json, jobs.csv and report.html with
the search in them (loadgen report DIR rebuilds them all). With --budget-usd it stops before a step whose
estimated spend (priced by loadgen plan from --stack or --preset) would pass the budget. Ctrl-C reports
what was found so far (exit 3).`

// Search is `loadgen search`.
func Search(ctx context.Context, args []string, env Env) error {
	mine, rest := splitSearchArgs(args)
	sf := &searchFlags{}
	fs := newFlagSet("loadgen search", searchSynopsis, env.Stderr)
	sf.register(fs)
	if wantsHelp(rest) {
		fs.Usage()
		_, err := prepareAs(ctx, "loadgen search", "Target and job flags (shared with loadgen run):", []string{"--help"}, env)
		return err
	}
	if _, err := parse(fs, mine, env.getenv); err != nil {
		return err
	}
	if err := refuseOwnedFlags(rest); err != nil {
		return err
	}
	p, err := prepareAs(ctx, "loadgen search", searchSynopsis, append(rest, "--rate=1/s"), env)
	if err != nil {
		return err
	}
	defer p.tgt.close()
	cfg, err := sf.config(p.flags.maxJobs)
	if err == nil {
		err = searchTiming(&cfg, p)
	}
	if err == nil {
		cfg.Budget, err = searchBudget(sf, p, cfg, env.Stderr)
	}
	if err != nil {
		return err
	}
	return runSearch(ctx, p, cfg, env)
}

func wantsHelp(args []string) bool {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" || a == "--h" {
			return true
		}
	}
	return false
}

// searchTiming fills the warm-up, window and settle defaults.
func searchTiming(cfg *search.Config, p *prepared) error {
	if cfg.Warmup == 0 {
		if p.tgt.kind != "local" {
			return usagef("--step-warmup is required for the %s target: give at least a job's run time, e.g. 15m", p.tgt.kind)
		}
		lc, err := localConfig(p.flags.local)
		if err != nil {
			return err
		}
		cfg.Warmup = lc.QueueDelay.Max + lc.StartLatency.Max + lc.RunTime.Max
	}
	if cfg.Window == 0 {
		cfg.Window = 2 * cfg.Warmup
	}
	if cfg.Settle == 0 {
		cfg.Settle = max(2*p.flags.trackInterval, minSettle)
	}
	if cfg.Warmup <= 0 || cfg.Window <= 0 {
		return usagef("--step-warmup and --step-window must be positive")
	}
	return nil
}

func runSearch(ctx context.Context, p *prepared, cfg search.Config, env Env) error {
	p.cfg.Plan["model"] = "search from " + cfg.Plan.From.String()
	sys, err := search.StartEngine(ctx, p.cfg)
	if errors.Is(err, engine.ErrSessionExists) {
		return fmt.Errorf("%w: --session %s: %w", ErrUsage, p.cfg.Session, err)
	}
	if err != nil {
		return err
	}
	dir := sys.Session().Dir()
	fmt.Fprintf(env.Stderr, "session %s: target %s, search from %s, steps of %s warm-up + %s window; journal %s\n",
		p.cfg.Session, p.tgt.kind, cfg.Plan.From, cfg.Warmup, cfg.Window, dir)
	if b := cfg.Budget; b.LimitUSD > 0 {
		fmt.Fprintf(env.Stderr, "budget $%.2f: estimated spend = jobs × $%.4f + hours × $%.2f; from %s\n", b.LimitUSD, b.PerJobUSD, b.FixedPerHourUSD, b.Source)
	}
	cfg.OnStep = func(s search.Step) { stepLine(env.Stderr, s) }
	res := search.Run(ctx, cfg, sys)
	res.Session, res.Target = p.cfg.Session, p.tgt.kind
	closeErr := sys.Close()
	if err := writeSearch(dir, res, p, env); err != nil {
		return err
	}
	stopHint(env.Stderr, p, map[string]int{"live": searchLive(sys)})
	if res.Interrupted {
		return fmt.Errorf("session %s: %w (search results written to %s)", p.cfg.Session, ErrInterrupted, dir)
	}
	if closeErr != nil && ctx.Err() == nil {
		return fmt.Errorf("session %s: %w", p.cfg.Session, closeErr)
	}
	return nil
}

func searchLive(sys *search.EngineSystem) int {
	_, n := sys.Jobs().Backlog()
	return n
}

func stepLine(w io.Writer, s search.Step) {
	fmt.Fprintf(w, "step %d (%s) %.1f/min: %s", s.N, s.Phase, s.PerMin, s.Verdict)
	if s.Why != "" {
		fmt.Fprintf(w, ": %s", s.Why)
	}
	fmt.Fprintf(w, " [time_to_running_p95 %s, backlog slope %+.3f/s]\n", time.Duration(s.TimeToRunningP95*float64(time.Second)).Round(time.Millisecond), s.Stability.Slope)
}

// writeSearch writes search.json and search.html into dir, the table to
// out, then the session's usual reports (report.json, jobs.csv,
// report.html), which carry the search (searchSection). A failed-run or
// threshold verdict on the whole session is printed, not the search's exit
// code: the search judged each step itself.
func writeSearch(dir string, res search.Result, p *prepared, env Env) error {
	if err := res.WriteText(env.Stdout); err != nil {
		return err
	}
	if err := report.WriteSearch(dir, res); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "written: %s, %s\n", filepath.Join(dir, report.SearchFile), filepath.Join(dir, report.SearchHTMLFile))
	err := writeRunReport(dir, p.ths, float64(p.flags.verdict.maxErrorRatio), env, res.Interrupted)
	if err != nil && !errors.Is(err, ErrBreached) && !errors.Is(err, ErrRunFailed) {
		return err
	}
	return nil
}

// searchSection is `loadgen report`'s hook: a search session's record
// (search.json) for report.json and report.html, and search.html rebuilt
// from it; nil when dir holds no search.
func searchSection(dir string) (*search.Result, error) {
	r, err := report.ReadSearch(dir)
	if err != nil || r == nil {
		return nil, err
	}
	if err := report.WriteSearchPage(dir, *r); err != nil {
		return nil, err
	}
	return r, nil
}
