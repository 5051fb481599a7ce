//go:build race

package search

// raceDetector: the statistical tests below are single-threaded simulations
// (nothing for the race detector to find) and take minutes under it, so they
// run fewer seeds there; the full counts run without -race.
const raceDetector = true
