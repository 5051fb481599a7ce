package runner

import "math/rand/v2"

// newRand gives each closed-model user its own reproducible stream.
func newRand(seed uint64, user int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, uint64(user)))
}
