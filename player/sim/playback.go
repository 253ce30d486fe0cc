package sim

import (
	"math"
	"time"

	"smartplay/player/abr"
)

// fetch is one request on the realistic link.
type fetch struct {
	end, ttfb float64 // session time of the last byte (or the abort); request → first byte
	got       float64 // bytes delivered
	aborted   bool
}

// realLink is a Link seen from a session that started at offset (s).
type realLink struct {
	l       *Link
	offset  float64
	latency float64 // RTT + TTFB, s
}

// get requests size bytes at session time t with a deadline (s, 0 none):
// the first byte leaves the origin after the latency, then the bytes flow
// at the trace's rate from that moment (an idle link banks nothing). A
// download with a deadline is abandoned as the player abandons it: at the
// first of the player's checkpoints (abr.AbandonAt, every
// abr.AbandonCheckInterval from the request) where abr.ShouldAbandon
// projects its end past the deadline, else cut at the deadline.
func (r realLink) get(t, size, deadline float64) fetch {
	first := t + r.latency
	base := r.l.BytesAt(r.offset + first)
	end := r.l.TimeOf(base+size) - r.offset
	ttfb := r.l.TimeOf(base+math.Min(size, 1)) - r.offset - t
	if deadline > 0 {
		received := func(e time.Duration) int64 {
			return int64(math.Round(r.l.BytesAt(r.offset+t+e.Seconds()) - base))
		}
		if p, ok := abr.AbandonAt(secDuration(ttfb), secDuration(end-t), secDuration(deadline), int64(size), received); ok {
			return fetch{end: t + p.Elapsed.Seconds(), ttfb: ttfb, got: float64(p.Received), aborted: true}
		}
	}
	if deadline <= 0 || end-t <= deadline {
		return fetch{end: end, ttfb: ttfb, got: size}
	}
	cut := t + deadline
	got := 0.0
	if cut > first {
		got = math.Min(math.Max(r.l.BytesAt(r.offset+cut)-base, 0), size)
	}
	return fetch{end: cut, ttfb: math.Min(ttfb, deadline), got: math.Round(got), aborted: true}
}

// playback is the playhead against the downloaded media, in session time t.
type playback struct {
	started   bool
	pos, end  float64 // media seconds: playhead, end of the downloaded media
	t         float64 // session time playback has been advanced to
	stalledAt float64 // session time the current stall began, -1 if none
	stalls    int
	stallTime float64
}

// advance lets session time run to `to`: the playhead moves at 1x until
// it reaches the end of the downloaded media, where a stall begins.
func (p *playback) advance(to float64) {
	if to <= p.t {
		return
	}
	if p.started && p.stalledAt < 0 {
		if avail := p.end - p.pos; to-p.t <= avail {
			p.pos += to - p.t
		} else {
			p.pos = p.end
			p.stalledAt = p.t + avail
		}
	}
	p.t = to
}

// arrive adds a downloaded segment of d seconds at time t; it returns how
// long the playhead had been stalled waiting for it. The first arrival
// starts playback.
func (p *playback) arrive(d float64) float64 {
	p.end += d
	if !p.started {
		p.started = true
		return 0
	}
	if p.stalledAt < 0 {
		return 0
	}
	stall := p.t - p.stalledAt
	p.stalledAt = -1
	if stall > 0 {
		p.stalls++
		p.stallTime += stall
	}
	return stall
}

// secDuration converts seconds to a Duration, rounded to the nanosecond.
func secDuration(s float64) time.Duration { return time.Duration(math.Round(s * float64(time.Second))) }
