package sparksim

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Conf is a Spark application's configuration: property name -> value, as
// spark-submit resolves it before it builds the driver pod.
type Conf map[string]string

// App is what the pod builders need of a Spark application.
type App struct {
	Conf Conf
	// NonJVM is true for a Python or R main resource: Spark on Kubernetes then
	// defaults the memory overhead factor to 0.4 instead of 0.1.
	NonJVM bool
}

// submitFlags maps spark-submit's resource flags to the properties they set
// (spark-submit --help; SparkSubmitArguments).
var submitFlags = map[string]string{
	"--driver-memory":   "spark.driver.memory",
	"--driver-cores":    "spark.driver.cores",
	"--executor-memory": "spark.executor.memory",
	"--executor-cores":  "spark.executor.cores",
	"--num-executors":   "spark.executor.instances",
	"--name":            "spark.app.name",
}

// booleanFlags are spark-submit flags that take no value.
var booleanFlags = map[string]bool{"--verbose": true, "-v": true, "--supervise": true, "--help": true, "-h": true, "--version": true}

// ParseSubmitParameters reads the Spark properties out of a spark-submit
// parameter string ("--conf k=v --executor-memory 2g ..."): --conf/-c pairs
// and the resource flags of submitFlags. Other flags (--class, --jars, ...)
// are skipped with their value.
func ParseSubmitParameters(s string) (Conf, error) {
	args, err := splitArgs(s)
	if err != nil {
		return nil, err
	}
	conf := Conf{}
	for i := 0; i < len(args); i++ {
		flag, value, inline := strings.Cut(args[i], "=")
		if !strings.HasPrefix(flag, "-") || booleanFlags[flag] {
			continue
		}
		if !inline {
			if i+1 >= len(args) {
				return nil, fmt.Errorf("sparkSubmitParameters: %s has no value", flag)
			}
			i++
			value = args[i]
		}
		if err := conf.setFlag(flag, value); err != nil {
			return nil, err
		}
	}
	return conf, nil
}

func (c Conf) setFlag(flag, value string) error {
	if flag == "--conf" || flag == "-c" {
		k, v, ok := strings.Cut(value, "=")
		if !ok || k == "" {
			return fmt.Errorf("sparkSubmitParameters: --conf %q is not PROPERTY=VALUE", value)
		}
		c[k] = v
		return nil
	}
	if prop, ok := submitFlags[flag]; ok {
		c[prop] = value
	}
	return nil
}

// splitArgs splits a parameter string like a POSIX shell would for plain
// words and single- or double-quoted ones (no escapes, no expansion).
func splitArgs(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inWord, quote := false, rune(0)
	for _, r := range s {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t' || r == '\n':
			if inWord {
				args, inWord = append(args, cur.String()), false
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("sparkSubmitParameters: unterminated %c quote in %q", quote, s)
	}
	if inWord {
		args = append(args, cur.String())
	}
	return args, nil
}

// emrJob is the part of a StartJobRun request that decides the pods.
type emrJob struct {
	JobDriver struct {
		SparkSubmitJobDriver *struct {
			EntryPoint            string `json:"entryPoint"`
			SparkSubmitParameters string `json:"sparkSubmitParameters"`
		} `json:"sparkSubmitJobDriver"`
		SparkSQLJobDriver *struct {
			SparkSQLParameters string `json:"sparkSqlParameters"`
		} `json:"sparkSqlJobDriver"`
	} `json:"jobDriver"`
	ConfigurationOverrides struct {
		ApplicationConfiguration []struct {
			Classification string            `json:"classification"`
			Properties     map[string]string `json:"properties"`
		} `json:"applicationConfiguration"`
	} `json:"configurationOverrides"`
}

// EMRApp resolves the Spark configuration of an EMR on EKS job run from its
// StartJobRun jobDriver and configurationOverrides (raw JSON; either may be
// empty). The spark-defaults classification goes into spark-defaults.conf,
// and Spark ranks spark-submit flags above that file ("Properties set
// directly on the SparkConf take highest precedence, then flags passed to
// spark-submit or spark-shell, then options in the spark-defaults.conf
// file": https://spark.apache.org/docs/3.5.6/configuration.html#dynamically-loading-spark-properties),
// so sparkSubmitParameters win over configurationOverrides.
func EMRApp(jobDriver, overrides json.RawMessage) (App, error) {
	var in emrJob
	if len(jobDriver) > 0 {
		if err := json.Unmarshal(jobDriver, &in.JobDriver); err != nil {
			return App{}, fmt.Errorf("jobDriver: %w", err)
		}
	}
	if len(overrides) > 0 {
		if err := json.Unmarshal(overrides, &in.ConfigurationOverrides); err != nil {
			return App{}, fmt.Errorf("configurationOverrides: %w", err)
		}
	}
	app := App{Conf: Conf{}}
	for _, c := range in.ConfigurationOverrides.ApplicationConfiguration {
		if c.Classification == "spark-defaults" {
			for k, v := range c.Properties {
				app.Conf[k] = v
			}
		}
	}
	params := ""
	if d := in.JobDriver.SparkSubmitJobDriver; d != nil {
		params = d.SparkSubmitParameters
		ep := strings.ToLower(d.EntryPoint)
		app.NonJVM = strings.HasSuffix(ep, ".py") || strings.HasSuffix(ep, ".r")
	} else if d := in.JobDriver.SparkSQLJobDriver; d != nil {
		params = d.SparkSQLParameters
	}
	flags, err := ParseSubmitParameters(params)
	if err != nil {
		return App{}, err
	}
	for k, v := range flags {
		app.Conf[k] = v
	}
	return app, nil
}
