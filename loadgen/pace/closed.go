package pace

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Think is the closed model's pause between a user's submissions, drawn
// uniformly from [Min, Max] (the old toolkit waited 20-30 s).
type Think struct{ Min, Max time.Duration }

// ParseThink reads "20s-30s" or a single duration "25s".
func ParseThink(s string) (Think, error) {
	lo, hi, isRange := strings.Cut(strings.TrimSpace(s), "-")
	if !isRange {
		hi = lo
	}
	a, err1 := time.ParseDuration(strings.TrimSpace(lo))
	b, err2 := time.ParseDuration(strings.TrimSpace(hi))
	if err1 != nil || err2 != nil || a < 0 || b < a {
		return Think{}, fmt.Errorf("think time %q: want MIN-MAX durations with MIN <= MAX, e.g. 20s-30s, or one duration", s)
	}
	return Think{Min: a, Max: b}, nil
}

// Sample draws one think time.
func (t Think) Sample(r *rand.Rand) time.Duration {
	if t.Max <= t.Min {
		return t.Min
	}
	return t.Min + time.Duration(r.Int64N(int64(t.Max-t.Min)+1))
}

// String prints the range in the flag's syntax.
func (t Think) String() string { return t.Min.String() + "-" + t.Max.String() }

// SpawnAt is when closed-model user number i (0-based) starts, spawning
// perSecond users a second (Locust's spawn rate); perSecond <= 0 starts all at once.
func SpawnAt(i int, perSecond float64) time.Duration {
	if perSecond <= 0 {
		return 0
	}
	return time.Duration(float64(i) / perSecond * float64(time.Second))
}
