package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/emr"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/journal"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stop"
)

const stopSynopsis = `loadgen stop --session ID | --cluster NAME [--dry-run]: cancel live job runs of a session (found in
runs/<session>/journal.jsonl when present, cancelled by id, and through ListJobRuns by the exact session tag,
or the exact job-run name <session>-<index> for runs without tags), wait for them
to end, delete session-owned virtual clusters. --cluster does this for everything loadgen created on that
EKS cluster. Safe to repeat: a second run finds nothing.`

// Stop is `loadgen stop`.
func Stop(ctx context.Context, args []string, env Env) error {
	fs := newFlagSet("loadgen stop", stopSynopsis, env.Stderr)
	var tf targetFlags
	tf.register(fs)
	session := fs.String("session", "", "session id to stop")
	cluster := fs.String("cluster", "", "EKS cluster `name`: stop everything loadgen created on it")
	dry := fs.Bool("dry-run", false, "print what would be done, change nothing")
	runsDir := fs.String("runs-dir", DefaultRunsDir, "where session journals live")
	wait := fs.Duration("wait", 5*time.Minute, "how long to wait for cancelled job runs to end")
	var of operatorStopFlags
	of.register(fs)
	if _, err := parse(fs, args, env.getenv); err != nil {
		return err
	}
	if (*session == "") == (*cluster == "") {
		return usagef("give exactly one of --session ID or --cluster NAME")
	}
	if *session != "" && !stop.SessionRe.MatchString(*session) {
		return usagef("--session %q: not a valid session id (3-40 characters of a-z, 0-9 and -, starting with a letter or digit)", *session)
	}
	if of.target == "operator" {
		return stopOperator(ctx, of, splitList(tf.namespaces), *session, *dry, *wait, env)
	}
	opts := stop.Options{Session: *session, Cluster: *cluster, DryRun: *dry, Wait: *wait, Out: env.Stdout}
	if *session != "" {
		d, err := readJournalIfAny(filepath.Join(*runsDir, *session))
		if err != nil {
			return err
		}
		opts.Journal = d
	}
	st, have, err := loadOutputs(ctx, tf, env.Stdin)
	if err != nil {
		return err
	}
	region := firstNonEmpty(tf.region, st.Region)
	if !have && tf.endpoint == "" && region == "" {
		return usagef("stop needs a target: --outputs/--stack, --region (AWS), or --endpoint (a serve-local instance)")
	}
	// stop makes no StartJobRun: all of it goes through the control client.
	cs, err := emr.NewClients(ctx, emr.ClientConfig{Region: firstNonEmpty(region, localRegion), Endpoint: tf.endpoint, MaxAttempts: tf.maxAttempts, RetryMode: tf.retryMode})
	if err != nil {
		return err
	}
	_, err = stop.Run(ctx, cs.Control, opts)
	return err
}

// readJournalIfAny derives a session's journal; no journal is fine (another
// machine), a corrupt one is an error.
func readJournalIfAny(dir string) (*journal.Derived, error) {
	if _, err := os.Stat(filepath.Join(dir, journal.FileName)); errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	d, err := journal.ReadDir(dir)
	if errors.Is(err, journal.ErrCorrupt) {
		return nil, errors.Join(ErrUsage, err)
	}
	return d, err
}
