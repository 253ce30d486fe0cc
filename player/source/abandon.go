package source

import (
	"context"
	"sync"
	"time"

	"smartplay/player/abr"
)

// projectedMiss is the cause a download with a deadline is cancelled with
// when abr.ShouldAbandon projects its end past the deadline: the deadline
// is missed ahead of time (ErrDeadlineMissed's path, with this reason).
type projectedMiss struct {
	reason  string        // abr.AbandonReason
	elapsed time.Duration // since the deadline started counting
}

func (e *projectedMiss) Error() string { return e.reason }

// abandoner returns the Request.OnProgress hook of a download whose
// deadline started at start (the fetcher's clock): at each report it asks
// abr.ShouldAbandon and, the first time it says so, cancels the download
// with a *projectedMiss. size stands in for the body's size when the
// response gives none (no Content-Length); 0 when unknown.
func (c *Controller) abandoner(start time.Time, deadline time.Duration, size int64, cancel context.CancelCauseFunc) func(Progress) {
	before := c.f.Now().Sub(start) // the init section, if it was fetched first
	var once sync.Once
	return func(p Progress) {
		ap := abr.Progress{Elapsed: before + p.Elapsed, TTFB: before + p.Elapsed - p.Body,
			Received: p.Received, Total: p.Total, Deadline: deadline}
		if ap.Total <= 0 {
			ap.Total = size
		}
		if abr.ShouldAbandon(ap) {
			once.Do(func() { cancel(&projectedMiss{reason: abr.AbandonReason(ap), elapsed: ap.Elapsed}) })
		}
	}
}

// expectedSegmentBytes is the size of segment ref at rendition v for the
// abandonment rule when the server does not say: the byte range's length
// when the playlist gives it, else the rendition's declared bitrate × the
// segment's duration.
func (c *Controller) expectedSegmentBytes(v int, ref SegmentRef) int64 {
	if ref.Length > 0 {
		return ref.Length
	}
	if v < 0 || v >= len(c.variants) {
		return 0
	}
	return int64(float64(c.variants[v].Bitrate()) * ref.Duration.Seconds() / 8)
}
