package sparksim

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
)

// Roles of Spark pods (the spark-role label's values, and the role part of
// spark.<role>.* and spark.kubernetes.<role>.* properties).
const (
	RoleDriver   = "driver"
	RoleExecutor = "executor"
)

// Spark's memory overhead rule on Kubernetes: the container's memory is
// spark.<role>.memory plus spark.<role>.memoryOverhead, which defaults to
// max(384 MiB, factor x memory) with factor 0.10 for JVM jobs and 0.40 for
// non-JVM (Python, R) jobs, unless spark.<role>.memoryOverheadFactor or
// spark.kubernetes.memoryOverheadFactor is set. The request is also the limit.
// Sources: https://spark.apache.org/docs/3.5.6/configuration.html
// (spark.driver.memoryOverhead, spark.executor.memoryOverhead,
// spark.driver.memoryOverheadFactor) and
// https://spark.apache.org/docs/3.5.6/running-on-kubernetes.html
// (spark.kubernetes.memoryOverheadFactor, spark.kubernetes.{driver,executor}.request.cores,
// spark.kubernetes.{driver,executor}.limit.cores).
const (
	MinMemoryOverheadMiB     = 384
	JVMMemoryOverheadFactor  = 0.10
	NonJVMOverheadFactor     = 0.40
	defaultMemoryMiB         = 1024 // spark.driver.memory and spark.executor.memory default 1g
	defaultCores             = "1"  // spark.driver.cores and spark.executor.cores default 1
	defaultExecutorInstances = 2    // Spark's DEFAULT_NUMBER_EXECUTORS without dynamic allocation
)

// Resources returns the container resources Spark on Kubernetes gives the
// pod of role: CPU request from spark.kubernetes.<role>.request.cores, else
// spark.<role>.cores; CPU limit from spark.kubernetes.<role>.limit.cores;
// memory request = limit = memory + overhead (see MinMemoryOverheadMiB).
func Resources(app App, role string) (corev1.ResourceRequirements, error) {
	c := app.Conf
	cores := c.get("spark.kubernetes."+role+".request.cores", c.get("spark."+role+".cores", defaultCores))
	cpu, err := resource.ParseQuantity(cores)
	if err != nil {
		return corev1.ResourceRequirements{}, fmt.Errorf("spark.%s.cores %q: not a CPU quantity (e.g. 1, 0.5, 500m)", role, cores)
	}
	mem, err := MemoryMiB(app, role)
	if err != nil {
		return corev1.ResourceRequirements{}, err
	}
	memQ := resource.MustParse(strconv.FormatInt(mem, 10) + "Mi")
	r := corev1.ResourceRequirements{
		Requests: corev1.ResourceList{corev1.ResourceCPU: cpu, corev1.ResourceMemory: memQ},
		Limits:   corev1.ResourceList{corev1.ResourceMemory: memQ},
	}
	if lim, ok := c["spark.kubernetes."+role+".limit.cores"]; ok {
		q, err := resource.ParseQuantity(lim)
		if err != nil {
			return corev1.ResourceRequirements{}, fmt.Errorf("spark.kubernetes.%s.limit.cores %q: not a CPU quantity", role, lim)
		}
		r.Limits[corev1.ResourceCPU] = q
	}
	return r, nil
}

// MemoryMiB is the memory of role's container in MiB: spark.<role>.memory
// plus its overhead (and spark.executor.pyspark.memory for executors).
func MemoryMiB(app App, role string) (int64, error) {
	c := app.Conf
	heap, err := c.mib("spark."+role+".memory", defaultMemoryMiB)
	if err != nil {
		return 0, err
	}
	overhead, err := c.mib("spark."+role+".memoryOverhead", -1)
	if err != nil {
		return 0, err
	}
	if overhead < 0 {
		factor, err := overheadFactor(app, role)
		if err != nil {
			return 0, err
		}
		overhead = max(int64(math.Floor(factor*float64(heap))), MinMemoryOverheadMiB)
	}
	total := heap + overhead
	if role == RoleExecutor {
		py, err := c.mib("spark.executor.pyspark.memory", 0)
		if err != nil {
			return 0, err
		}
		total += py
	}
	return total, nil
}

func overheadFactor(app App, role string) (float64, error) {
	key := "spark." + role + ".memoryOverheadFactor"
	s, ok := app.Conf[key]
	if !ok {
		key = "spark.kubernetes.memoryOverheadFactor"
		s, ok = app.Conf[key]
	}
	if !ok {
		if app.NonJVM {
			return NonJVMOverheadFactor, nil
		}
		return JVMMemoryOverheadFactor, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f <= 0 || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%s %q: want a positive number like 0.1", key, s)
	}
	return f, nil
}

func (c Conf) get(key, def string) string {
	if v, ok := c[key]; ok && strings.TrimSpace(v) != "" {
		return strings.TrimSpace(v)
	}
	return def
}

// mib reads a Spark memory property in MiB ("1g", "512m", "2048"; no unit
// means MiB, as for spark.*.memory and spark.*.memoryOverhead); def when unset.
func (c Conf) mib(key string, def int64) (int64, error) {
	s, ok := c[key]
	if !ok || strings.TrimSpace(s) == "" {
		return def, nil
	}
	n, err := ParseMiB(s)
	if err != nil {
		return 0, fmt.Errorf("%s %q: %w", key, s, err)
	}
	return n, nil
}

// memUnits are the binary units of Spark's byte strings (JavaUtils.byteStringAs), in KiB.
var memUnits = map[string]int64{"k": 1, "kb": 1, "m": 1 << 10, "mb": 1 << 10, "g": 1 << 20, "gb": 1 << 20,
	"t": 1 << 30, "tb": 1 << 30, "p": 1 << 40, "pb": 1 << 40}

// ParseMiB parses a Spark memory string into MiB, rounding KiB down as Spark does.
func ParseMiB(s string) (int64, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	i := len(s)
	for i > 0 && (s[i-1] < '0' || s[i-1] > '9') {
		i--
	}
	n, err := strconv.ParseInt(s[:i], 10, 64)
	unit := s[i:]
	if err != nil || n < 0 {
		return 0, fmt.Errorf("want a whole size with an optional unit k, m, g or t (e.g. 512m, 2g)")
	}
	if unit == "" {
		return n, nil
	}
	kib, ok := memUnits[unit]
	if !ok {
		return 0, fmt.Errorf("unknown unit %q: want k, m, g or t (e.g. 512m, 2g)", unit)
	}
	return n * kib / 1024, nil
}

// ExecutorInstances is how many executors the driver asks for at start:
// spark.executor.instances (default 2) or, with dynamic allocation, the
// largest of it and spark.dynamicAllocation.{initialExecutors,minExecutors}.
func ExecutorInstances(app App) (int, error) {
	c := app.Conf
	n, err := c.count("spark.executor.instances", -1)
	if err != nil {
		return 0, err
	}
	if c.get("spark.dynamicAllocation.enabled", "false") != "true" {
		if n < 0 {
			return defaultExecutorInstances, nil
		}
		return n, nil
	}
	for _, k := range []string{"spark.dynamicAllocation.initialExecutors", "spark.dynamicAllocation.minExecutors"} {
		m, err := c.count(k, 0)
		if err != nil {
			return 0, err
		}
		n = max(n, m)
	}
	return max(n, 0), nil
}

func (c Conf) count(key string, def int) (int, error) {
	s := c.get(key, "")
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s %q: want a whole number >= 0", key, s)
	}
	return n, nil
}

// prefixed returns the properties under prefix, keyed by the rest of their name.
func (c Conf) prefixed(prefix string) map[string]string {
	var out map[string]string
	for k, v := range c {
		if rest, ok := strings.CutPrefix(k, prefix); ok && rest != "" {
			if out == nil {
				out = map[string]string{}
			}
			out[rest] = v
		}
	}
	return out
}
