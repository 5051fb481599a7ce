package journal

import (
	"errors"
	"fmt"
	"hash/maphash"
	"time"
)

// survey is the first of Stream's two passes over a journal: what must be
// known before any job can be handed on. The run's span fixes the report's
// time buckets, the clock offset shifts every job's server times, and the
// job-run ids the server accepted twice mark the jobs that must wait for the
// end of the journal (a later result can name them). Its memory is the calls
// not yet answered, the accepted jobs not yet seen on the server, and one
// hash per accepted id.
type survey struct {
	session Record // the session record
	end     time.Time
	clean   bool
	last    time.Time
	// interrupted is the time of the first interrupt record (zero: none).
	interrupted time.Time

	sent    map[string][2]time.Time // key -> call start, end (end zero while in flight)
	pending map[string][2]time.Time // accepted id -> its call's start, end, until a creation time is seen
	clock   clockBounds

	seed    maphash.Seed
	ids     map[uint64]struct{} // hashes of accepted ids
	reissue map[uint64]bool     // hashes of ids accepted more than once
}

func newSurvey() *survey {
	return &survey{sent: map[string][2]time.Time{}, pending: map[string][2]time.Time{}, clock: newClockBounds(),
		seed: maphash.MakeSeed(), ids: map[uint64]struct{}{}, reissue: map[uint64]bool{}}
}

func (s *survey) add(_ int, r Record) error {
	if r.Ev != EvSession && s.session.Session == "" {
		return errors.New("records before the session record")
	}
	s.last = r.T
	switch r.Ev {
	case EvSession:
		if s.session.Session != "" {
			return fmt.Errorf("second session record (%q after %q)", r.Session, s.session.Session)
		}
		s.session = r
	case EvIntent:
		s.sent[r.Key] = [2]time.Time{r.T}
	case EvResult:
		s.result(r)
	case EvState:
		if c, ok := s.pending[r.ID]; ok && !r.Created.IsZero() {
			s.clock.add(r.Created, c[0], c[1])
			delete(s.pending, r.ID)
		}
	case EvInterrupt:
		if s.interrupted.IsZero() {
			s.interrupted = r.T
		}
	case EvEnd:
		s.end, s.clean = r.T, true
	}
	return nil
}

func (s *survey) result(r Record) {
	c, ok := s.sent[r.Key]
	delete(s.sent, r.Key)
	if !ok || r.ID == "" {
		return
	}
	s.pending[r.ID] = [2]time.Time{c[0], r.T}
	h := s.hash(r.ID)
	if _, seen := s.ids[h]; seen {
		s.reissue[h] = true
	}
	s.ids[h] = struct{}{}
}

// done drops what only the first pass needs: the second keeps the reissued
// ids, not a hash of every accepted one.
func (s *survey) done() { s.sent, s.pending, s.ids = nil, nil, nil }

func (s *survey) hash(id string) uint64 { return maphash.String(s.seed, id) }

// reissued reports whether id was accepted more than once (or shares a hash
// with one that was: harmless, such a job only waits for the end).
func (s *survey) reissued(id string) bool { return id != "" && s.reissue[s.hash(id)] }

// runEnd is the end record's time, else the last record's.
func (s *survey) runEnd() time.Time {
	if s.clean {
		return s.end
	}
	return s.last
}
