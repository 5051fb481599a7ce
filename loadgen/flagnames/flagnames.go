// Package flagnames holds the names of the load generator's command-line
// flags and environment variables that other programs set: the stack's
// in-cluster load generator (infra/loadgenapp) writes its workers' command
// lines and environment from these constants, never from strings of its own,
// and loadgen/cli's tests check each one is a flag `loadgen run` takes.
// A leaf package: importing it pulls in nothing of the load generator.
package flagnames

import "strings"

// Flags of `loadgen run` (without the leading --).
const (
	Outputs     = "outputs"      // stack outputs file, or - for stdin
	Template    = "template"     // job template: a shipped name or a file
	Target      = "target"       // emr, local or operator
	RunsDir     = "runs-dir"     // where runs/<session>/ is written
	WebAddr     = "web-addr"     // listen address of the live page and /metrics
	WorkerIndex = "worker-index" // this worker's index of a scaled-out run
	Workers     = "workers"      // workers sharing the plan
)

// RunFlags lists the flags above (loadgen/cli's tests check each is a flag of
// `loadgen run`; a program writing loadgen command lines checks it uses only these).
func RunFlags() []string {
	return []string{Outputs, Template, Target, RunsDir, WebAddr, WorkerIndex, Workers}
}

// JobUIDEnv carries a Kubernetes Job's uid to every worker; loadgen derives
// the shared session id from it.
const JobUIDEnv = "LOADGEN_JOB_UID"

// Flag is the command-line form of a flag name: "--" + name.
func Flag(name string) string { return "--" + name }

// EnvName is the environment variable that sets a flag: max-in-flight ->
// LOADGEN_MAX_IN_FLIGHT (a flag on the command line wins over it).
func EnvName(flagName string) string {
	return "LOADGEN_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}
