package capacity

import (
	"errors"
	"strings"
	"testing"
)

// maxPods of awslabs/amazon-eks-ami nodeadm/internal/kubelet/eni-max-pods.txt
// (the classic formula, no prefix delegation, no custom networking): every
// known type must agree with AWS's own table.
var eniMaxPodsTxt = map[string]int64{
	"m5.large": 29, "m5.xlarge": 58, "m5.2xlarge": 58, "m5.4xlarge": 234,
	"m5a.large": 29, "m5a.xlarge": 58, "m5a.2xlarge": 58, "m5a.4xlarge": 234,
	"m6i.large": 29, "m6i.xlarge": 58, "m6i.2xlarge": 58, "m6i.4xlarge": 234,
	"m7i.large": 29, "m7i.xlarge": 58, "m7i.2xlarge": 58, "m7i.4xlarge": 234,
	"c5.xlarge": 58, "c5.2xlarge": 58, "r5.xlarge": 58, "r5.2xlarge": 58,
}

func TestMaxPodsMatchesEKSTable(t *testing.T) {
	t.Parallel()
	if len(eniMaxPodsTxt) != len(Known()) {
		t.Fatalf("table has %d types, capacity knows %d: add the new type's eni-max-pods.txt value", len(eniMaxPodsTxt), len(Known()))
	}
	for name, want := range eniMaxPodsTxt {
		n, err := For(name, Networking{})
		if err != nil {
			t.Fatal(err)
		}
		if n.MaxPods != want {
			t.Errorf("%s: maxPods %d, eni-max-pods.txt says %d", name, n.MaxPods, want)
		}
	}
}

// Expected values worked by hand from the formulas in docs/twin.md.
func TestForType(t *testing.T) {
	t.Parallel()
	stack := Networking{PrefixDelegation: true, CustomNetworking: true}
	tests := []struct {
		name, itype       string
		net               Networking
		cpu, memMiB, pods int64
	}{
		// 2000 - (60 + 10); 8192*0.925=7577 - (11*29+255) - 100
		{"m5.large classic", "m5.large", Networking{}, 1930, 6903, 29},
		// custom networking: (3-1)*(10-1)+2
		{"m5.large custom networking", "m5.large", Networking{CustomNetworking: true}, 1930, 7577 - (11*20 + 255) - 100, 20},
		// prefix delegation: min(2*9*16+2, 110); 7577 - 1465 - 100
		{"m5.large stack", "m5.large", stack, 1930, 6012, 110},
		// 4000 - (60+10+10)
		{"m5.xlarge stack", "m5.xlarge", stack, 3920, 15155 - 1465 - 100, 110},
		// 8000 - (60+10+10+10); 32768*0.925 = 30310
		{"m5.2xlarge stack", "m5.2xlarge", stack, 7910, 30310 - 1465 - 100, 110},
		// 16000 - (60+10+10+30)
		{"m5.4xlarge stack", "m5.4xlarge", stack, 15890, 60620 - 1465 - 100, 110},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			n, err := For(tt.itype, tt.net)
			if err != nil {
				t.Fatal(err)
			}
			if n.AllocatableMilliCPU != tt.cpu || n.AllocatableMemoryMiB != tt.memMiB || n.MaxPods != tt.pods {
				t.Fatalf("%v; want %dm %d MiB %d pods", n, tt.cpu, tt.memMiB, tt.pods)
			}
		})
	}
}

func TestPrefixCapLargeTypes(t *testing.T) {
	t.Parallel()
	big := InstanceType{Name: "x.big", VCPUs: 32, MemoryMiB: 128 << 10, ENIs: 8, IPv4PerENI: 30}
	if got := MaxPods(big, Networking{PrefixDelegation: true}); got != PrefixMaxPodsLarge {
		t.Fatalf("32 vCPUs with prefixes: %d, want %d", got, PrefixMaxPodsLarge)
	}
}

func TestUnknownType(t *testing.T) {
	t.Parallel()
	_, err := For("z9.huge", Networking{})
	if !errors.Is(err, ErrUnknownType) || !strings.Contains(err.Error(), "m5.large") {
		t.Fatalf("error %v: want ErrUnknownType naming the known types", err)
	}
}
