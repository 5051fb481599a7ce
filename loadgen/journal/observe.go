package journal

// Observer receives every record after it is appended to the journal: the
// live state behind the progress line, the live page and /metrics is one.
type Observer interface{ Observe(Record) }

// Observers fans one record stream out to several observers, in order (as
// k6's output manager hands one sample stream to every output). Observe
// must be called from one goroutine at a time per stream, or each observer
// must be safe for concurrent use (web.Live is).
type Observers []Observer

// Observe hands r to every observer.
func (o Observers) Observe(r Record) {
	for _, x := range o {
		x.Observe(r)
	}
}

// ObserverFunc is a function as an Observer.
type ObserverFunc func(Record)

// Observe calls f.
func (f ObserverFunc) Observe(r Record) { f(r) }
