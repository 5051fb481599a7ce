package localemr

import "time"

// The model is lazy: transitions are applied when something reads it. With a pod mirror
// nothing may read it for minutes, so the clock driver advances it itself, sleeping until
// the next due event (woken early when an earlier one is scheduled). Transitions keep their
// scheduled times, so ground truth is unchanged; only their mirroring is prompt.

// drive advances the model at each due event until Close.
func (m *PodMirror) drive() {
	defer close(m.driverDone)
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-m.stopDriver:
			return
		case <-m.wake:
		case <-timer.C:
		}
		timer.Reset(m.advance())
	}
}

// advance applies the due events and returns how long to sleep until the next one (at most
// maxDriverIdle, so a clock that jumps is followed too).
func (m *PodMirror) advance() time.Duration {
	s := m.srv
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	s.store.advance(now)
	wait := maxDriverIdle
	if at, ok := s.store.nextEventAt(); ok {
		wait = min(max(time.Duration(at-now.UnixNano()), 0), maxDriverIdle)
	}
	m.target.Store(now.UnixNano() + int64(wait))
	return wait
}

// onSchedule wakes the driver when an event is scheduled before its next wake-up; it is
// called with Server.mu held and never blocks.
func (m *PodMirror) onSchedule(at int64) {
	if at >= m.target.Load() {
		return
	}
	select {
	case m.wake <- struct{}{}:
	default:
	}
}
