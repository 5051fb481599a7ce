// Package capacity computes what an EKS node offers to pods: its instance
// type's vCPUs, memory and max pods, less what the kubelet reserves, as
// EKS's AL2023 bootstrap (nodeadm) configures it. The stack's fit check
// (stacks.Config.Validate) and the twin's kwok nodes (internal/twin) both
// read it, so the check and the simulated cluster use one model.
//
// Sources (docs/twin.md cites them): awslabs/amazon-eks-ami
// nodeadm/internal/kubelet/config.go (kube-reserved CPU and memory,
// evictionHard memory.available 100Mi, no system-reserved),
// nodeadm/internal/kubelet/eni-max-pods.txt (ENIs x (IPv4 per ENI - 1) + 2),
// the EKS user guide on prefix delegation (max pods 110 below 30 vCPUs, else
// 250), and Karpenter's vmMemoryOverheadPercent (7.5%: the kernel reports
// less memory than the instance type's nominal size).
package capacity

import (
	"fmt"
	"sort"
	"strings"
)

// InstanceType is what EC2 documents for one instance type.
type InstanceType struct {
	Name       string
	VCPUs      int
	MemoryMiB  int // nominal, as EC2 lists it
	ENIs       int // maximum network interfaces
	IPv4PerENI int
	// Arch is the Kubernetes architecture label value (kubernetes.io/arch):
	// amd64 or arm64.
	Arch string
}

// known are the types the presets, the Karpenter NodePools of the presets
// and the docs use (EC2 instance type docs, "Amazon EC2 instance types:
// general purpose / compute / memory optimized" specifications; ENI counts
// cross-checked with eni-max-pods.txt by TestMaxPodsMatchesEKSTable). Every
// row has prices in every region of the price table (prices.go).
var known = map[string]InstanceType{}

func init() {
	const x86 = "amd64"
	for _, t := range []InstanceType{
		{"m5.large", 2, 8 << 10, 3, 10, x86}, {"m5.xlarge", 4, 16 << 10, 4, 15, x86},
		{"m5.2xlarge", 8, 32 << 10, 4, 15, x86}, {"m5.4xlarge", 16, 64 << 10, 8, 30, x86},
		{"m5a.large", 2, 8 << 10, 3, 10, x86}, {"m5a.xlarge", 4, 16 << 10, 4, 15, x86},
		{"m5a.2xlarge", 8, 32 << 10, 4, 15, x86}, {"m5a.4xlarge", 16, 64 << 10, 8, 30, x86},
		{"m6i.large", 2, 8 << 10, 3, 10, x86}, {"m6i.xlarge", 4, 16 << 10, 4, 15, x86},
		{"m6i.2xlarge", 8, 32 << 10, 4, 15, x86}, {"m6i.4xlarge", 16, 64 << 10, 8, 30, x86},
		{"m7i.large", 2, 8 << 10, 3, 10, x86}, {"m7i.xlarge", 4, 16 << 10, 4, 15, x86},
		{"m7i.2xlarge", 8, 32 << 10, 4, 15, x86}, {"m7i.4xlarge", 16, 64 << 10, 8, 30, x86},
		{"c5.xlarge", 4, 8 << 10, 4, 15, x86}, {"c5.2xlarge", 8, 16 << 10, 4, 15, x86},
		{"r5.xlarge", 4, 32 << 10, 4, 15, x86}, {"r5.2xlarge", 8, 64 << 10, 4, 15, x86},
	} {
		known[t.Name] = t
	}
}

// Arch returns the instance type's architecture (amd64 or arm64).
func Arch(name string) (string, error) {
	t, err := Lookup(name)
	if err != nil {
		return "", err
	}
	return t.Arch, nil
}

// Lookup returns a known instance type, or an error listing the known ones.
func Lookup(name string) (InstanceType, error) {
	t, ok := known[name]
	if !ok {
		return InstanceType{}, fmt.Errorf("%w: %q (known: %s)", ErrUnknownType, name, strings.Join(Known(), ", "))
	}
	return t, nil
}

// ErrUnknownType is wrapped by Lookup's error.
var ErrUnknownType = fmt.Errorf("instance type not in the capacity table")

// Known lists the known instance types, sorted.
func Known() []string {
	out := make([]string, 0, len(known))
	for n := range known {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}
