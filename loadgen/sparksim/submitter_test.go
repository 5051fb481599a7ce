package sparksim

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"
)

// An operator instance submits at most its rate, evenly spaced, in arrival
// order, however many applications wait: at 30 a minute, 10 applications
// created at once are submitted 2 s apart (fake clock: synctest).
func TestSubmitterHonoursThroughput(t *testing.T) {
	for _, tc := range []struct {
		name      string
		perMinute float64
		apps      int
		gap       time.Duration
	}{
		{name: "published EMR figure", perMinute: DefaultSubmissionsPerMinute, apps: 10, gap: 2 * time.Second},
		{name: "20 a minute", perMinute: 20, apps: 5, gap: 3 * time.Second},
		{name: "fast", perMinute: 600, apps: 20, gap: 100 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var mu sync.Mutex
				var keys []string
				var times []time.Time
				s := newSubmitter(tc.perMinute, func(_ context.Context, key string) {
					mu.Lock()
					keys, times = append(keys, key), append(times, time.Now())
					mu.Unlock()
				})
				start := time.Now()
				for i := range tc.apps {
					s.queue.Add(fmt.Sprintf("ns/app-%02d", i))
				}
				ctx, cancel := context.WithCancel(t.Context())
				done := make(chan struct{})
				go func() { s.run(ctx); close(done) }()
				time.Sleep(time.Duration(tc.apps) * tc.gap)
				synctest.Wait()
				cancel()
				s.queue.ShutDown()
				<-done
				if len(times) != tc.apps {
					t.Fatalf("%d submissions after %v, want %d", len(times), time.Duration(tc.apps)*tc.gap, tc.apps)
				}
				for i, at := range times {
					if want := start.Add(time.Duration(i) * tc.gap); !at.Equal(want) {
						t.Errorf("submission %d at +%v, want +%v", i, at.Sub(start), want.Sub(start))
					}
					if want := fmt.Sprintf("ns/app-%02d", i); keys[i] != want {
						t.Errorf("submission %d is %s, want %s (arrival order)", i, keys[i], want)
					}
				}
			})
		})
	}
}
