package abr

import (
	"fmt"
	"time"
)

// Abandonment thresholds: when a download in flight is trusted to tell
// that it will miss its deadline (ShouldAbandon).
const (
	// AbandonCheckInterval is how often a download with a deadline is
	// checked: the player on its wall clock from the request, the
	// simulator at the same offsets on its virtual link, so both abandon
	// at the same checkpoint. Five checks a second cost nothing next to a
	// segment download and react within a fraction of the seconds at stake.
	AbandonCheckInterval = 200 * time.Millisecond
	// AbandonMinBodyTime: the rate is measured over the body received so
	// far, and only trusted once the body has flowed for this long. Over
	// a shorter span one burst (a TCP window in flight, a radio frame
	// schedule) or one gap decides the projection; dash.js's
	// AbandonRequestsRule waits 500 ms for the same reason.
	AbandonMinBodyTime = 500 * time.Millisecond
	// AbandonMinShare: and only once this share of the body has arrived,
	// so that the first bytes (which come while the link ramps up: TCP
	// slow start on a real network) do not stand for the whole download.
	AbandonMinShare = 0.05
	// AbandonMinDeadlineShare: and only once this share of the deadline
	// has passed. On a radio link the first seconds of a download say
	// little about the rest (LTE/4G goal traces: rates swing between
	// nothing and tens of Mbit/s within seconds): judged from the first
	// half second on, 234 of smart's 324 mid-stream abandonments were of
	// downloads that would have met their deadline, and its HD share fell
	// from 0.827 to 0.774. Scaling the wait with the deadline judges the
	// startup's 6 s HD attempt from 2.4 s on, a download with 20 s of slack
	// from 8 s on. Measured in the realistic simulator (smart, goal traces,
	// HD attempt of 0.6 segments): 0.3, 0.35, 0.4, 0.45 gave HD share
	// 0.806, 0.812, 0.815, 0.818, bad cases 31, 38, 35, 29, stalls 137,
	// 146, 142, 137 and startup 90th percentiles of 4.67, 4.85, 4.92,
	// 5.08 s; the round middle.
	AbandonMinDeadlineShare = 0.4
)

// Progress is a download in flight as the abandonment rule sees it.
type Progress struct {
	// Elapsed is the time since the request was sent (when the deadline
	// started counting).
	Elapsed time.Duration
	// TTFB is request sent → first byte of the body; it means something
	// only once Received > 0.
	TTFB time.Duration
	// Received is the body bytes in so far; Total the body's size (the
	// response's Content-Length or the segment's known size; 0 unknown).
	Received, Total int64
	// Deadline is the decision's deadline, 0 = none.
	Deadline time.Duration
}

// Projected is when the download should end at the rate its body has
// come in so far: Elapsed + the bytes left over that rate. False when no
// rate can be measured yet (no body, or nothing known of the total).
func (p Progress) Projected() (time.Duration, bool) {
	body := p.Elapsed - p.TTFB
	if p.Received <= 0 || p.Total <= 0 || body <= 0 {
		return 0, false
	}
	left := max(p.Total-p.Received, 0)
	bytesPerSec := float64(p.Received) / body.Seconds()
	return p.Elapsed + time.Duration(float64(left)/bytesPerSec*float64(time.Second)), true
}

// Share is the part of the body received, 0 when the total is unknown.
func (p Progress) Share() float64 {
	if p.Total <= 0 {
		return 0
	}
	return min(float64(p.Received)/float64(p.Total), 1)
}

// ShouldAbandon is the abandonment rule (dash.js's AbandonRequestsRule,
// against a deadline): abandon a download now when the completion
// projected from the rate of its body so far lands past its deadline,
// once the rate can be trusted (AbandonMinBodyTime of body,
// AbandonMinShare of its bytes and AbandonMinDeadlineShare of the deadline). Waiting for the deadline itself would
// spend the buffer (or, for the first segment, the viewer's startup) on a
// download that the same rate says is lost. A download with no deadline,
// or whose size is unknown, or that is complete, is never abandoned; one
// past its deadline is left to the deadline.
func ShouldAbandon(p Progress) bool {
	if p.Deadline <= 0 || p.Elapsed >= p.Deadline || p.Received >= p.Total {
		return false
	}
	if p.Elapsed-p.TTFB < AbandonMinBodyTime || p.Share() < AbandonMinShare ||
		p.Elapsed < scaleDuration(p.Deadline, AbandonMinDeadlineShare) {
		return false
	}
	end, ok := p.Projected()
	return ok && end > p.Deadline
}

// AbandonReason says why p was abandoned, e.g. "projected 7.92s >
// deadline 5.00s after 1.2s, 31% in".
func AbandonReason(p Progress) string {
	end, _ := p.Projected()
	return fmt.Sprintf("projected %.2fs > deadline %.2fs after %.1fs, %.0f%% in",
		end.Seconds(), p.Deadline.Seconds(), p.Elapsed.Seconds(), 100*p.Share())
}

// AbandonAt runs ShouldAbandon at every AbandonCheckInterval from the
// request (the player's checkpoints) over a download whose arrival is
// known in advance, as on the simulator's link: the body's first byte at
// ttfb, all total bytes by end, received(t) bytes by elapsed time t. It
// returns the progress at the first checkpoint before end and before the
// deadline where the rule abandons, and false when none does.
func AbandonAt(ttfb, end, deadline time.Duration, total int64, received func(elapsed time.Duration) int64) (Progress, bool) {
	if deadline <= 0 || total <= 0 {
		return Progress{}, false
	}
	for t := AbandonCheckInterval; t < end && t < deadline; t += AbandonCheckInterval {
		p := Progress{Elapsed: t, TTFB: ttfb, Total: total, Deadline: deadline}
		if t > ttfb {
			p.Received = min(max(received(t), 0), total)
		}
		if ShouldAbandon(p) {
			return p, true
		}
	}
	return Progress{}, false
}
