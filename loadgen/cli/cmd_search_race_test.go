//go:build race

package cli

// raceDetector: the race detector slows the load generator's own calls and
// tracking scans several times over, so the measured system includes the
// generator's lag and the time-compressed model cannot be held to ±10 %.
const raceDetector = true
