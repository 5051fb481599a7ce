// Package loadgenapp holds the configuration of the in-cluster load
// generator component (Config, its defaults and Validate) and the pure
// builders of what it deploys: the workers' command line, environment and
// results-upload script, the IRSA role's policy, the job namespaces' RBAC
// rules, the stack outputs document and the job template the ConfigMap
// ships. infra/loadgenapp creates them with Pulumi; nothing here imports
// Pulumi, so `loadgen` reads a stack's configuration without linking the
// Pulumi SDKs.
package loadgenapp

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/placement"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/internal/validate"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/flagnames"
	"github.com/emr-eks-loadtest/emr-eks-loadtest/spec/nodegroups"
)

// Defaults of Config.
const (
	DefaultNamespace     = "loadgen"
	DefaultWorkers       = 4
	DefaultTarget        = "emr"
	DefaultTemplate      = "spark-pi"
	DefaultWebPort       = 8089
	DefaultResultsPrefix = "loadgen-results/"
	DefaultCPURequest    = "1"
	DefaultMemoryRequest = "1Gi"
	DefaultMemoryLimit   = "2Gi"
	MaxWorkers           = 100
	// UploaderImage copies results to S3 (a native sidecar: it syncs every
	// 30 s and once more when the worker has exited, and exits with that
	// last upload's status).
	UploaderImage = "public.ecr.aws/aws-cli/aws-cli:2.17.0"
)

// Config is the preview-time configuration of the load generator.
type Config struct {
	// Enabled declares the component (off in dev, on in scale): repository,
	// role, RBAC, ConfigMaps. It starts no load by itself.
	Enabled bool `json:"enabled" key:"loadgenApp" help:"declare the in-cluster load generator (repository, role, RBAC, config); starts nothing"`
	// Start declares the Indexed Job, which starts the load test at once.
	// Later changes to the Job (args, image, workers) are ignored so that
	// no `pulumi up` re-runs a load by accident: set Start false and up
	// (deletes the Job), then true and up, to run again.
	Start bool `json:"start" key:"loadgenStart" help:"start the in-cluster load test now (creates the Indexed Job; needs loadgenApp and a pushed image; later changes are ignored: set false, up, true, up to run again)"`
	// Namespace the workers run in.
	Namespace string `json:"namespace"`
	// Workers is the Indexed Job's completions and parallelism; each worker
	// takes its share of the load by index (JOB_COMPLETION_INDEX).
	Workers int `json:"workers" key:"loadgenWorkers" help:"load generator workers (Indexed Job completions, 1..100)"`
	// Image overrides the worker image; empty means this stack's repository
	// at versions.LoadgenImageTag.
	Image string `json:"image" key:"loadgenImage" help:"load generator image; empty = the stack's repository (built with ko)"`
	// Target is loadgen's --target: "emr" (StartJobRun) or "operator"
	// (SparkApplication objects).
	Target string `json:"target" key:"loadgenTarget" help:"load generator --target: emr or operator"`
	// Template names a shipped template (spark-pi, tpcds) or holds a whole
	// template file's content (JSON) to ship in the ConfigMap.
	Template string `json:"template" key:"loadgenTemplate" help:"job template: spark-pi, tpcds, or a JSON file path"`
	// Args are further `loadgen run` flags, e.g. ["--rate=150/min", "--duration=30m"].
	Args []string `json:"args" key:"loadgenArgs" help:"further loadgen run flags (e.g. [\"--rate=150/min\",\"--duration=30m\"])"`
	// WebPort serves /metrics (and the live page).
	WebPort int `json:"webPort"`
	// ResultsPrefix is the bucket prefix each worker's run directory is copied under.
	ResultsPrefix string `json:"resultsPrefix"`
	// Resources of each worker.
	CPURequest    string `json:"cpuRequest"`
	MemoryRequest string `json:"memoryRequest"`
	MemoryLimit   string `json:"memoryLimit"`
	// Placement puts the workers on nodes (the operational node group's by
	// default, nodegroups.OperationalPlacement).
	Placement placement.Placement `json:"placement"`
}

// checkArgs refuses args that are not --flags and flags the component sets.
func checkArgs(args []string) []error {
	var errs []error
	for i, a := range args {
		if !flagArg.MatchString(a) {
			errs = append(errs, validate.Errorf(fmt.Sprintf("args[%d]", i), "%q must be a --flag or --flag=value", a))
			continue
		}
		name, _, _ := strings.Cut(strings.TrimPrefix(a, "--"), "=")
		if key, owned := ownedFlags[name]; owned {
			instead := "it is always set"
			if key != "" {
				instead = "use loadgenApp." + key + " instead"
			}
			errs = append(errs, validate.Errorf(fmt.Sprintf("args[%d]", i), "%s is set by the stack; %s", flagnames.Flag(name), instead))
		}
	}
	return errs
}

// DefaultConfig returns the defaults (disabled).
func DefaultConfig() Config {
	return Config{
		Namespace: DefaultNamespace, Workers: DefaultWorkers, Target: DefaultTarget, Template: DefaultTemplate,
		WebPort: DefaultWebPort, ResultsPrefix: DefaultResultsPrefix, CPURequest: DefaultCPURequest,
		MemoryRequest: DefaultMemoryRequest, MemoryLimit: DefaultMemoryLimit,
		Placement: nodegroups.OperationalPlacement(),
	}
}

var (
	flagArg = regexp.MustCompile(`^--[a-z][a-z0-9-]*(=.*)?$`)
	// Flags the component sets itself (loadgen's names); setting them in
	// args would fight it. Each maps to the key that sets it instead.
	ownedFlags = map[string]string{
		flagnames.Outputs: "", flagnames.Template: "template", flagnames.Target: "target", flagnames.WorkerIndex: "",
		flagnames.Workers: "workers", flagnames.RunsDir: "", flagnames.WebAddr: "webPort",
	}
)

// Validate reports every problem at once, each a *validate.FieldError
// naming its field by json path (infra/loadgenapp's New nests them under
// loadgenApp). It checks also when the component is off, so a stack that
// turns it on later meets no old mistake.
func (c Config) Validate() error {
	errs := []error{
		validate.DNSLabel("namespace", c.Namespace, validate.DNSLabelMax),
		validate.Range("workers", c.Workers, 1, MaxWorkers),
		validate.OneOf("target", c.Target, "emr", "operator"),
		validate.ImageRef("image", c.Image),
		validate.Range("webPort", c.WebPort, 1024, 65535),
	}
	if c.Start && !c.Enabled {
		errs = append(errs, validate.Errorf("start", "true needs enabled (key loadgenApp) true: the Job runs the load generator the component declares"))
	}
	if c.Template == "" {
		errs = append(errs, validate.Errorf("template", "empty; name a shipped template (spark-pi, tpcds) or a template file"))
	}
	errs = append(errs, checkArgs(c.Args)...)
	if c.ResultsPrefix == "" || !strings.HasSuffix(c.ResultsPrefix, "/") || strings.HasPrefix(c.ResultsPrefix, "/") {
		errs = append(errs, validate.Errorf("resultsPrefix", "%q must be a relative prefix ending in '/'", c.ResultsPrefix))
	}
	for _, q := range []struct{ field, v string }{{"cpuRequest", c.CPURequest}, {"memoryRequest", c.MemoryRequest}, {"memoryLimit", c.MemoryLimit}} {
		errs = append(errs, validate.Quantity(q.field, q.v))
	}
	return errors.Join(errs...)
}
