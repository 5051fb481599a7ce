package emr

import (
	"math"
	"net/http"
	"time"

	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// serverClock is what tracking knows of the server clock's offset from ours
// (server minus client), as an interval [lo, hi] in nanoseconds that every
// consistent observation narrows:
//   - a response's HTTP Date (whole seconds) read between send and receive:
//     offset in [Date - received, Date + 1 s - sent];
//   - a job's createdAt after its StartJobRun was sent: offset <= created - sent.
//
// An observation disjoint from the interval is rejected and counted (moto
// truncates createdAt to midnight): the interval only ever holds offsets all
// accepted observations agree on. Unknown bounds are ±Inf.
type serverClock struct {
	lo, hi   int64
	rejected int
}

func newServerClock() serverClock { return serverClock{lo: math.MinInt64, hi: math.MaxInt64} }

// add narrows the interval by [lo, hi]; it reports false (and counts a
// rejection) when the two do not overlap.
func (c *serverClock) add(lo, hi int64) bool {
	if lo > c.hi || hi < c.lo {
		c.rejected++
		return false
	}
	c.lo, c.hi = max(c.lo, lo), min(c.hi, hi)
	return true
}

// low is the lowest offset still possible, the one createdAfter bounds use
// so they never cut off a job. With no lower bound yet it assumes the server
// is not behind by more than the upper bound says (0 while nothing is known).
func (c *serverClock) low() int64 {
	if c.lo != math.MinInt64 {
		return c.lo
	}
	return min(c.hi, 0)
}

// estimate is the offset applied to our own times (a start seen by a scan):
// the possible offset nearest to zero, so clocks that may agree are taken to
// agree (the Date header's one-second resolution leaves a wide interval), and
// clocks that provably disagree are corrected by the least the evidence
// demands: at most the interval's width off.
func (c *serverClock) estimate() int64 {
	switch {
	case c.lo > 0:
		return c.lo
	case c.hi < 0:
		return c.hi
	}
	return 0
}

// observeDate adds the HTTP Date of a response received between sent and
// received; responses without one add nothing.
func (c *serverClock) observeDate(md middleware.Metadata, sent, received time.Time) {
	resp, ok := awsmiddleware.GetRawResponse(md).(*smithyhttp.Response)
	if !ok || resp == nil {
		return
	}
	d, err := http.ParseTime(resp.Header.Get("Date"))
	if err != nil {
		return
	}
	c.add(d.Sub(received).Nanoseconds(), d.Add(time.Second).Sub(sent).Nanoseconds())
}
