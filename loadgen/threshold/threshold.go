// Package threshold parses pass conditions on a run's Summary ("submit_p99<2s", "failed_ratio<0.01",
// "time_to_running_p95<120s", "achieved_rate>=140/min") and evaluates them. A condition that does
// not hold, or cannot be checked for lack of data, is breached.
package threshold

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/loadgen/stats"
)

// ErrUsage marks a malformed threshold expression (the CLI exits 2).
var ErrUsage = errors.New("invalid threshold")

// Ops are the comparison operators, in the order they are documented.
var Ops = []string{"<", "<=", ">", ">="}

// Threshold is one parsed condition "<metric><op><value>" that a run must satisfy.
type Threshold struct {
	Expr   string  // as written by the user
	Metric string  // e.g. "submit_p99"
	Kind   Kind    // unit family of Metric
	Op     string  // one of Ops
	Limit  float64 // in the Kind's base unit: seconds, fraction, jobs per minute or jobs
}

// Result is the outcome of one Threshold against a Summary.
type Result struct {
	Threshold Threshold
	Value     float64 // the metric, in the Kind's base unit (0 when NoData)
	NoData    bool    // the metric could not be computed (no values, zero denominator or duration)
	Breached  bool    // the condition does not hold, or NoData
}

// String is the canonical form of t; parsing it gives t back (except Expr).
func (t Threshold) String() string { return t.Metric + t.Op + formatValue(t.Kind, t.Limit) }

// ValueString is the measured value in the threshold's unit, or "no data".
func (r Result) ValueString() string {
	if r.NoData {
		return "no data"
	}
	return formatValue(r.Threshold.Kind, r.Value)
}

// String reads like "submit_p99 = 1.2s (want < 2s): ok".
func (r Result) String() string {
	t := r.Threshold
	verdict := "ok"
	if r.Breached {
		verdict = "BREACHED"
	}
	value := formatValue(t.Kind, r.Value)
	if r.NoData {
		value = "no data"
	}
	return fmt.Sprintf("%s = %s (want %s %s): %s", t.Metric, value, t.Op, formatValue(t.Kind, t.Limit), verdict)
}

// ParseAll parses every expression and reports every bad one at once. Each error wraps ErrUsage,
// quotes the expression and lists what is valid.
func ParseAll(exprs []string) ([]Threshold, error) {
	var out []Threshold
	var errs []error
	for _, e := range exprs {
		t, err := Parse(e)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, t)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return out, nil
}

// Parse parses one expression "<metric><op><value>"; spaces around the parts are allowed.
func Parse(expr string) (Threshold, error) {
	fail := func(format string, args ...any) (Threshold, error) {
		return Threshold{}, fmt.Errorf("threshold %q: %s: %w", expr, fmt.Sprintf(format, args...), ErrUsage)
	}
	i := strings.IndexAny(expr, "<>=!")
	if i < 0 {
		return fail("no comparison operator; write <metric><op><value> with op one of %s, e.g. submit_p99<2s", strings.Join(Ops, " "))
	}
	op := expr[i : i+1]
	if i+1 < len(expr) && strings.ContainsRune("<>=!", rune(expr[i+1])) {
		op = expr[i : i+2]
	}
	if !slices.Contains(Ops, op) {
		return fail("operator %q is not one of %s", op, strings.Join(Ops, " "))
	}
	name, raw := strings.TrimSpace(expr[:i]), strings.TrimSpace(expr[i+len(op):])
	kind, _, err := lookup(name)
	if err != nil {
		return fail("%s", err)
	}
	v, err := parseValue(kind, raw)
	if err != nil {
		return fail("value %q for %s (a %s): %s", raw, name, kind, err)
	}
	return Threshold{Expr: expr, Metric: name, Kind: kind, Op: op, Limit: v}, nil
}

// Evaluate checks every threshold against s, in order.
func Evaluate(ts []Threshold, s stats.Summary) []Result {
	out := make([]Result, 0, len(ts))
	for _, t := range ts {
		_, get, err := lookup(t.Metric)
		if err != nil { // a Threshold not made by Parse: cannot be checked
			out = append(out, Result{Threshold: t, NoData: true, Breached: true})
			continue
		}
		v, ok := get(s)
		r := Result{Threshold: t, Value: v, NoData: !ok, Breached: !ok || !holds(v, t.Op, t.Limit)}
		if !ok {
			r.Value = 0
		}
		out = append(out, r)
	}
	return out
}

// Breached reports whether any result is breached.
func Breached(rs []Result) bool {
	return slices.ContainsFunc(rs, func(r Result) bool { return r.Breached })
}

func holds(v float64, op string, limit float64) bool {
	switch op {
	case "<":
		return v < limit
	case "<=":
		return v <= limit
	case ">":
		return v > limit
	case ">=":
		return v >= limit
	}
	return false
}

func parseValue(k Kind, raw string) (float64, error) {
	switch k {
	case Duration:
		d, err := time.ParseDuration(raw)
		if err != nil || d < 0 {
			return 0, errors.New("want a non-negative duration with a unit: ns, us, ms, s, m, h (e.g. 2s, 150ms, 2m)")
		}
		return d.Seconds(), nil
	case Ratio:
		return parseRatio(raw)
	case Rate:
		return parseRate(raw)
	}
	return parseNumber(raw, "want a non-negative number of jobs")
}

func parseNumber(raw, want string) (float64, error) {
	v, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < 0 || strings.ContainsAny(raw, "xXpP_") {
		return 0, errors.New(want)
	}
	return v, nil
}

func parseRatio(raw string) (float64, error) {
	const want = "want a fraction in [0,1] or a percentage (e.g. 0.01 or 1%)"
	scale := 1.0
	if p, ok := strings.CutSuffix(raw, "%"); ok {
		raw, scale = p, 100
	}
	v, err := parseNumber(raw, want)
	if err != nil || v/scale > 1 {
		return 0, errors.New(want)
	}
	return v / scale, nil
}

var perMinute = map[string]float64{"/s": 60, "/min": 1, "/m": 1, "/h": 1.0 / 60}

func parseRate(raw string) (float64, error) {
	const want = "want jobs per minute: a number optionally with /s, /min or /h (e.g. 150/min, 2.5/s)"
	factor := 1.0
	if i := strings.IndexByte(raw, '/'); i >= 0 {
		f, ok := perMinute[raw[i:]]
		if !ok {
			return 0, errors.New(want)
		}
		raw, factor = raw[:i], f
	}
	v, err := parseNumber(raw, want)
	if err != nil || math.IsInf(v*factor, 0) {
		return 0, errors.New(want)
	}
	return v * factor, nil
}

func formatValue(k Kind, v float64) string {
	switch k {
	case Duration:
		return time.Duration(math.Round(v * 1e9)).String()
	case Ratio:
		return strconv.FormatFloat(v, 'g', -1, 64)
	case Rate:
		return strconv.FormatFloat(v, 'g', -1, 64) + "/min"
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
