package plan

import (
	"encoding/json"
	"fmt"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/sparksim"
)

// Pod is one pod's requests.
type Pod struct {
	MilliCPU  int64 `json:"milliCpu"`
	MemoryMiB int64 `json:"memoryMiB"`
}

// Job is the pods one job runs at once: a driver, its executors and, on EMR
// on EKS, the job-submitter pod EMR creates per job run (counted for pods,
// IPs and etcd; its requests are not known here and count as zero).
type Job struct {
	Driver    Pod `json:"driver"`
	Executor  Pod `json:"executor"`
	Executors int `json:"executors"`
	Submitter int `json:"submitterPods"`
}

// Pods is the job's pod count.
func (j Job) Pods() int { return 1 + j.Executors + j.Submitter }

// FromApp reads a job's pods from its Spark configuration with the rules
// Spark on Kubernetes applies (loadgen/sparksim: cores, memory plus
// memoryOverhead max(384 MiB, 10 %) or 40 % for Python/R, executor
// instances).
func FromApp(app sparksim.App) (Job, error) {
	var j Job
	for _, r := range []struct {
		role string
		pod  *Pod
	}{{sparksim.RoleDriver, &j.Driver}, {sparksim.RoleExecutor, &j.Executor}} {
		res, err := sparksim.Resources(app, r.role)
		if err != nil {
			return Job{}, err
		}
		r.pod.MilliCPU = res.Requests.Cpu().MilliValue()
		r.pod.MemoryMiB = res.Requests.Memory().Value() >> 20
	}
	n, err := sparksim.ExecutorInstances(app)
	if err != nil {
		return Job{}, err
	}
	j.Executors = n
	return j, nil
}

// FromStartJobRun reads an EMR job's pods from its rendered StartJobRun
// request in the CLI's JSON shape (template.MarshalCLIInput).
func FromStartJobRun(cliJSON []byte) (Job, error) {
	var in struct {
		JobDriver              json.RawMessage `json:"jobDriver"`
		ConfigurationOverrides json.RawMessage `json:"configurationOverrides"`
	}
	if err := json.Unmarshal(cliJSON, &in); err != nil {
		return Job{}, fmt.Errorf("reading the job request: %w", err)
	}
	app, err := sparksim.EMRApp(in.JobDriver, in.ConfigurationOverrides)
	if err != nil {
		return Job{}, err
	}
	j, err := FromApp(app)
	j.Submitter = 1
	return j, err
}

// FromSparkApplication reads a SparkApplication's pods through the one
// SparkApplication -> Spark configuration mapping, sparksim.OperatorApp (the
// one the simulated operator launches pods from): spec.sparkConf, then
// spec.driver / spec.executor over it; spec.type Python or R makes it a
// non-JVM job.
func FromSparkApplication(obj map[string]any) (Job, error) {
	app, err := sparksim.OperatorApp(&unstructured.Unstructured{Object: obj})
	if err != nil {
		return Job{}, err
	}
	return FromApp(app)
}
