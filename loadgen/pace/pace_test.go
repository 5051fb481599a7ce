package pace

import (
	"math/rand/v2"
	"testing"
	"time"
)

func TestParseRate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		want     Rate
		wantErr  bool
	}{
		{name: "per minute", in: "150/min", want: 2.5},
		{name: "per second", in: "2/s", want: 2},
		{name: "per hour", in: "3600/h", want: 1},
		{name: "bare number needs a unit", in: "4", wantErr: true},
		{name: "NaN", in: "NaN/s", wantErr: true},
		{name: "infinite", in: "Inf/s", wantErr: true},
		{name: "zero", in: "0", want: 0},
		{name: "unknown unit", in: "5/day", wantErr: true},
		{name: "negative", in: "-1/s", wantErr: true},
		{name: "garbage", in: "fast", wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseRate(tc.in)
			if (err != nil) != tc.wantErr || got != tc.want {
				t.Fatalf("ParseRate(%q) = %v, %v; want %v, err=%v", tc.in, got, err, tc.want, tc.wantErr)
			}
		})
	}
}

func TestParseStages(t *testing.T) {
	t.Parallel()
	got, err := ParseStages("5m:60/min, 10m:150/min,5m:0")
	if err != nil {
		t.Fatal(err)
	}
	want := []Stage{{5 * time.Minute, 1}, {10 * time.Minute, 2.5}, {5 * time.Minute, 0}}
	if len(got) != len(want) {
		t.Fatalf("got %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("stage %d = %v, want %v", i, got[i], want[i])
		}
	}
	for _, bad := range []string{"5m", "x:1/s", "5m:fast", "-1m:1/s"} {
		if _, err := ParseStages(bad); err == nil {
			t.Errorf("ParseStages(%q) accepted bad input", bad)
		}
	}
}

func TestConstantPace(t *testing.T) {
	t.Parallel()
	p := Constant{Per: 200} // one every 5 ms
	tests := []struct {
		name     string
		elapsed  time.Duration
		hits     uint64
		wantWait time.Duration
		wantStop bool
	}{
		{name: "first is due at once", elapsed: 0, hits: 0, wantWait: 0},
		{name: "on schedule waits for next", elapsed: 6 * time.Millisecond, hits: 2, wantWait: 4 * time.Millisecond},
		{name: "behind schedule is overdue", elapsed: 20 * time.Millisecond, hits: 2, wantWait: -10 * time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			wait, stop := p.Pace(tc.elapsed, tc.hits)
			if wait != tc.wantWait || stop != tc.wantStop {
				t.Fatalf("Pace = %v, %v; want %v, %v", wait, stop, tc.wantWait, tc.wantStop)
			}
		})
	}
	if _, stop := (Constant{}).Pace(0, 0); !stop {
		t.Error("zero rate must stop")
	}
}

// dueAt returns when hit n is due for a pacer (elapsed 0 gives the absolute time).
func dueAt(p Pacer, n uint64) (time.Duration, bool) {
	w, stop := p.Pace(0, n)
	return w, !stop
}

func TestStagedPace(t *testing.T) {
	t.Parallel()
	ramp := Staged{Stages: []Stage{{10 * time.Second, 2}}} // 0 -> 2/s over 10 s: N(t) = t^2/10
	step := Staged{Start: 1, Stages: []Stage{{10 * time.Second, 1}, {0, 4}, {5 * time.Second, 4}}}
	down := Staged{Stages: []Stage{{10 * time.Second, 2}, {10 * time.Second, 0}}} // 10 up, 10 down
	tests := []struct {
		name   string
		p      Staged
		hit    uint64
		want   time.Duration
		wantOK bool
	}{
		{name: "ramp first hit at start", p: ramp, hit: 0, want: 0, wantOK: true},
		{name: "ramp 10th hit at 10s", p: ramp, hit: 10, want: 10 * time.Second, wantOK: false}, // N(10)=10: plan holds 10 (0..9)
		{name: "ramp hit 1 at sqrt(10)s", p: ramp, hit: 1, want: 3162277660, wantOK: true},
		{name: "ramp hit 9 at sqrt(90)s", p: ramp, hit: 9, want: 9486832980, wantOK: true},
		{name: "step before", p: step, hit: 9, want: 9 * time.Second, wantOK: true},
		{name: "step after", p: step, hit: 14, want: 11 * time.Second, wantOK: true},
		{name: "step end", p: step, hit: 30, wantOK: false},
		{name: "ramp down midpoint", p: down, hit: 15, want: 12928932188, wantOK: true}, // 10 + 10*(1-sqrt(.5))
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, ok := dueAt(tc.p, tc.hit)
			if ok != tc.wantOK || (ok && absDiff(got, tc.want) > time.Microsecond) {
				t.Fatalf("due(%d) = %v, %v; want %v, %v", tc.hit, got, ok, tc.want, tc.wantOK)
			}
		})
	}
}

func TestStagedIsMonotonicAndMatchesTotal(t *testing.T) {
	t.Parallel()
	p := Staged{Stages: []Stage{{5 * time.Minute, 1}, {10 * time.Minute, 2.5}, {5 * time.Minute, 0}}}
	var prev time.Duration
	n := uint64(0)
	for ; ; n++ {
		d, ok := dueAt(p, n)
		if !ok {
			break
		}
		if d < prev {
			t.Fatalf("hit %d due %v before hit %d at %v", n, d, n-1, prev)
		}
		prev = d
	}
	if want := p.Total(); float64(n) < want-1 || float64(n) > want+1 {
		t.Fatalf("scheduled %d submissions, plan total %.1f", n, want)
	}
	if r := p.Rate(10 * time.Minute); absF(float64(r)-1.75) > 1e-9 {
		t.Errorf("Rate mid ramp = %v, want 1.75/s", r)
	}
}

func TestThink(t *testing.T) {
	t.Parallel()
	th, err := ParseThink("20s-30s")
	if err != nil || th != (Think{20 * time.Second, 30 * time.Second}) {
		t.Fatalf("ParseThink = %v, %v", th, err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 1000 {
		if d := th.Sample(r); d < th.Min || d > th.Max {
			t.Fatalf("sample %v outside %v", d, th)
		}
	}
	for _, bad := range []string{"30s-20s", "x", "-5s"} {
		if _, err := ParseThink(bad); err == nil {
			t.Errorf("ParseThink(%q) accepted", bad)
		}
	}
	if got := SpawnAt(10, 2); got != 5*time.Second {
		t.Errorf("SpawnAt(10, 2/s) = %v", got)
	}
}

func absDiff(a, b time.Duration) time.Duration {
	if a > b {
		return a - b
	}
	return b - a
}

func absF(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}
