package journal

import (
	"slices"
	"testing"
)

// One stream reaches every observer, each record in order.
func TestObserversFanOutInOrder(t *testing.T) {
	t.Parallel()
	var a, b []string
	obs := Observers{ObserverFunc(func(r Record) { a = append(a, r.Ev) }), ObserverFunc(func(r Record) { b = append(b, r.Ev) })}
	for _, r := range sampleRecords()[:4] {
		obs.Observe(r)
	}
	want := []string{EvSession, EvVC, EvIntent, EvResult}
	if !slices.Equal(a, want) || !slices.Equal(b, want) {
		t.Errorf("observers saw %v and %v, want %v each", a, b, want)
	}
}
