package plan

import (
	"testing"

	"github.com/emr-eks-loadtest/emr-eks-loadtest/infra/capacity"
)

// Three made-up types with whole slots: small holds 3 one-CPU pods for
// $1/h, medium 7 for $2/h, large 15 for $4/h.
func launchTypes(t *testing.T) []nodeType {
	t.Helper()
	mk := func(name string, slots int64, price float64) nodeType {
		return nodeType{t: capacity.InstanceType{Name: name, VCPUs: int(slots + 1)}, room: room{slots * 1000, slots * 1000, 100}, price: price}
	}
	return []nodeType{mk("small", 3, 1), mk("medium", 7, 2), mk("large", 15, 4)}
}

func launched(nodes []node) map[string]int {
	out := map[string]int{}
	for _, n := range nodes {
		out[n.t.Name]++
	}
	return out
}

var onePod = Pod{MilliCPU: 1000, MemoryMiB: 1000}

func TestLaunchPerBatch(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name        string
		peak, batch int64
		want        map[string]int
	}{
		// one node holds a batch: the cheapest that does; the next batches
		// fill its room first
		{"batches of 2", 6, 2, map[string]int{"small": 2}},
		// 4 a batch: a medium (7); the next fills its 3 and opens a small for 1
		{"batches of 4", 8, 4, map[string]int{"medium": 1, "small": 1}},
		// 40 at once: no type holds them, so 2 large NodeClaims (30), and the
		// 10 left are more than a medium holds: a third large
		{"one batch of 40", 40, 40, map[string]int{"large": 3}},
		// 36: 2 large, 6 left on a medium
		{"one batch of 36", 36, 36, map[string]int{"large": 2, "medium": 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			nodes, ok := launchAZ(launchTypes(t), []group{{onePod, tc.peak}}, []group{{onePod, tc.batch}})
			if !ok {
				t.Fatal("did not fit")
			}
			got := launched(nodes)
			if len(got) != len(tc.want) {
				t.Fatalf("launched %v, want %v", got, tc.want)
			}
			for k, v := range tc.want {
				if got[k] != v {
					t.Errorf("launched %v, want %v", got, tc.want)
				}
			}
			var pods int64
			for _, n := range nodes {
				pods += n.pods
			}
			if pods != tc.peak {
				t.Errorf("%d pods placed, want %d", pods, tc.peak)
			}
		})
	}
}

func TestLaunchPodLargerThanEveryType(t *testing.T) {
	t.Parallel()
	if _, ok := launchAZ(launchTypes(t), []group{{Pod{MilliCPU: 16000}, 1}}, []group{{Pod{MilliCPU: 16000}, 1}}); ok {
		t.Error("a 16-CPU pod fitted a 15-slot type")
	}
}

// A long trickle: 45,000 jobs' drivers (and submitters) in one AZ, one job
// a batch, on nodes that hold 3 drivers and 55 pods. First fit must not
// rescan full nodes (it took seconds when it did).
func BenchmarkLaunchLongTrickle(b *testing.B) {
	types := []nodeType{{t: capacity.InstanceType{Name: "xl", VCPUs: 4}, room: room{3650, 13500, 55}, price: 1}}
	driver := Pod{MilliCPU: 1000, MemoryMiB: 1433}
	peak := []group{{driver, 45_000}, {Pod{}, 45_000}}
	batch := []group{{driver, 1}, {Pod{}, 1}}
	for b.Loop() {
		if nodes, ok := launchAZ(types, peak, batch); !ok || len(nodes) != 15_000 {
			b.Fatalf("%d nodes, want 15,000", len(nodes))
		}
	}
}
