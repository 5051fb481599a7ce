// Package pace decides when submissions are due. Pacers are pure functions
// of elapsed time and of how many submissions were already scheduled
// (vegeta's Pacer.Pace), so they are tested without a clock.
package pace

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Rate is an arrival rate in submissions per second.
type Rate float64

// ParseRate reads "150/min", "2.5/s", "10/h" or "0". A unit is required
// (a bare 150 would silently mean 150/s = 9,000/min); only 0 needs none.
func ParseRate(s string) (Rate, error) {
	num, unit, hasUnit := strings.Cut(strings.TrimSpace(s), "/")
	v, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if err != nil || v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("rate %q: want a non-negative number per unit, e.g. 150/min, 2/s, 10/h", s)
	}
	if !hasUnit {
		if v == 0 {
			return 0, nil
		}
		return 0, fmt.Errorf("rate %q has no unit: give %s/s, %s/min or %s/h", s, num, num, num)
	}
	per, ok := map[string]float64{"s": 1, "sec": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600}[strings.TrimSpace(unit)]
	if !ok {
		return 0, fmt.Errorf("rate %q: unit %q unknown, use /s, /min or /h", s, unit)
	}
	return Rate(v / per), nil
}

// Peak is the highest rate a staged plan reaches.
func (s Staged) Peak() Rate {
	peak := s.Start
	for _, st := range s.Stages {
		peak = max(peak, st.Target)
	}
	return peak
}

// String prints the rate per minute, the unit the README uses.
func (r Rate) String() string {
	return strconv.FormatFloat(float64(r)*60, 'f', -1, 64) + "/min"
}

// Stage is one leg of a staged plan: the rate moves linearly from the previous
// stage's target to Target over Duration (a zero Duration is a step).
type Stage struct {
	Duration time.Duration
	Target   Rate
}

// ParseStages reads "5m:60/min,10m:150/min,5m:0".
func ParseStages(s string) ([]Stage, error) {
	var out []Stage
	for i, part := range strings.Split(s, ",") {
		d, r, ok := strings.Cut(strings.TrimSpace(part), ":")
		if !ok {
			return nil, fmt.Errorf("stage %d %q: want DURATION:RATE, e.g. 5m:60/min", i+1, part)
		}
		dur, err := time.ParseDuration(d)
		if err != nil || dur < 0 {
			return nil, fmt.Errorf("stage %d %q: duration %q: want e.g. 30s, 5m, 1h", i+1, part, d)
		}
		rate, err := ParseRate(r)
		if err != nil {
			return nil, fmt.Errorf("stage %d: %w", i+1, err)
		}
		out = append(out, Stage{Duration: dur, Target: rate})
	}
	return out, nil
}
