package loadgenapp

import (
	"strconv"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/flagnames"
)

// Names other components match on (the monitoring PodMonitor selects the
// workers by NameLabel=Name and scrapes the port named MetricsPortName).
const (
	Name            = "loadgen"
	NameLabel       = "app.kubernetes.io/name"
	MetricsPortName = "metrics"
	ConfigDir       = "/etc/loadgen"
	RunsDir         = "/work/runs"

	// JobUIDEnv carries the Job's uid to every worker (downward API); loadgen
	// derives the shared session id from it (cli.SessionFromJobUID).
	JobUIDEnv = flagnames.JobUIDEnv
)

// UploadScript copies the worker's run directory to
// s3://$BUCKET/$PREFIX/worker-<index>/ every 30 s and once more on SIGTERM,
// which Kubernetes sends a native sidecar after the worker has exited. A
// periodic upload that fails is retried at the next tick; the last one's
// status is the sidecar's exit status, so a lost upload shows as a failed
// container (and in the pod's events) instead of a clean exit.
const UploadScript = `dest="s3://${BUCKET}/${PREFIX}worker-${JOB_COMPLETION_INDEX}/"
upload() { aws s3 sync ` + RunsDir + ` "$dest" --only-show-errors; }
trap 'upload; status=$?; [ "$status" -eq 0 ] || echo "final results upload to $dest failed ($status)" >&2; exit "$status"' TERM
while true; do sleep 30 & wait $!; upload || echo "results upload failed; retrying in 30 s" >&2; done`

// CommandArgs is the worker's command line: loadgen run with the ConfigMap's
// outputs and template, then the configured flags. The worker split comes
// from the environment (LOADGEN_WORKERS, JOB_COMPLETION_INDEX).
func CommandArgs(cfg Config) []string {
	set := func(name, value string) string { return flagnames.Flag(name) + "=" + value }
	return append([]string{"run", set(flagnames.Outputs, ConfigDir+"/outputs.json"),
		set(flagnames.Template, ConfigDir+"/"+TemplateKey(cfg.Target)), set(flagnames.RunsDir, RunsDir)}, cfg.Args...)
}

// Env is the worker's environment: loadgen reads LOADGEN_<FLAG>.
func Env(cfg Config) map[string]string {
	return map[string]string{
		flagnames.EnvName(flagnames.Target):  cfg.Target,
		flagnames.EnvName(flagnames.Workers): strconv.Itoa(cfg.Workers),
		flagnames.EnvName(flagnames.WebAddr): ":" + strconv.Itoa(cfg.WebPort),
	}
}
