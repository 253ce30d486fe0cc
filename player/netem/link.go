package netem

import (
	"sync"
	"time"
)

// Link scheduling constants.
const (
	// chunkQuantum is the link's time slot: one write carries the bytes of
	// at most one slot, and never spans a change of the trace's rate.
	// Slots are aligned on the link's start, so every whole second of the
	// trace is delivered exactly by its end and any other 1 s window is
	// off by at most one slot's bytes (1% at a steady rate), for ~100
	// writes a second per busy link whatever the rate.
	chunkQuantum = 10 * time.Millisecond
	// minChunkBytes: below ~0.2 Mbit/s a slot holds a few hundred bytes;
	// a write then gathers up to maxSlotsPerChunk slots to reach this.
	minChunkBytes = 256
	// maxSlotsPerChunk bounds that gathering (80 ms of link time).
	maxSlotsPerChunk = 8
	// maxChunkBytes bounds one write (and the buffer behind it) when the
	// link is fast or unshaped.
	maxChunkBytes = 256 << 10
	// maxCatchUp is how much of its past capacity a busy link may still
	// use when a writer wakes late (a loaded machine's timer, a slow
	// reader). Without it lateness would be lost throughput; with more, a
	// link that was really idle would bank capacity a real one cannot.
	maxCatchUp = 200 * time.Millisecond
	// unshapedMbps is the rate of a link with no trace: beyond what a
	// loopback HTTP response reaches here, so it never limits, while the
	// same scheduler still honours outages.
	unshapedMbps = 100_000
)

// capacity is what a link may deliver since its start: BytesAt(d) bytes
// by time d, TimeOf(b) the earliest time by which b bytes may have gone,
// NextChange(d) the end of the constant-rate stretch holding d. *Trace is
// one; outage wraps one.
type capacity interface {
	BytesAt(d time.Duration) float64
	TimeOf(b float64) time.Duration
	NextChange(d time.Duration) time.Duration
}

// outage is inner with nothing delivered in [from, from+length); the
// trace's clock keeps running through it (its capacity then is lost).
type outage struct {
	inner        capacity
	from, length time.Duration
}

func (o outage) lost() float64 {
	return o.inner.BytesAt(o.from+o.length) - o.inner.BytesAt(o.from)
}

func (o outage) BytesAt(d time.Duration) float64 {
	if d <= o.from {
		return o.inner.BytesAt(d)
	}
	if d < o.from+o.length {
		return o.inner.BytesAt(o.from)
	}
	return o.inner.BytesAt(d) - o.lost()
}

func (o outage) NextChange(d time.Duration) time.Duration {
	switch {
	case d < o.from:
		return min(o.inner.NextChange(d), o.from)
	case d < o.from+o.length:
		return o.from + o.length
	}
	return o.inner.NextChange(d)
}

func (o outage) TimeOf(b float64) time.Duration {
	if b <= o.inner.BytesAt(o.from) {
		return o.inner.TimeOf(b)
	}
	return max(o.inner.TimeOf(b+o.lost()), o.from+o.length)
}

// Link is one emulated bottleneck, shared by the concurrent requests of a
// client session. Bytes are handed out in chunks, first come first
// served, each at the time the trace says the link has carried it; a
// request that waits for its turn therefore shares the rate with the
// others like flows on a real bottleneck. Safe for concurrent use.
type Link struct {
	cap   capacity
	start time.Time

	mu       sync.Mutex
	sent     float64 // bytes handed out, on the capacity's scale
	inflight int     // grants handed out and not yet released
	carried  int64   // bytes actually written
}

// NewLink returns a link whose capacity starts at start: t (nil: unshaped)
// with the given outages (nothing delivered from each outage's start for
// its length).
func NewLink(start time.Time, t *Trace, outages ...Outage) *Link {
	var c capacity = t
	if t == nil {
		c, _ = ConstantTrace(unshapedMbps)
	}
	for _, o := range outages {
		c = outage{inner: c, from: o.At, length: o.Length}
	}
	return &Link{cap: c, start: start}
}

// Outage is a stretch of link time in which nothing is delivered.
type Outage struct {
	At, Length time.Duration // since the link's start
}

// Start is when the link's capacity (the trace's time 0) began.
func (l *Link) Start() time.Time { return l.start }

// Allowed is how many bytes the link may have delivered by t.
func (l *Link) Allowed(t time.Time) float64 { return l.cap.BytesAt(t.Sub(l.start)) }

// Carried is how many bytes were written through the link.
func (l *Link) Carried() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.carried
}

// Reserve hands out the next chunk of at most want bytes (want > 0): n
// bytes that may be written at time at (maybe already past). busy says
// the caller is continuing a body it was just sending, so the link was
// not idle since its last chunk. Every grant must be released.
func (l *Link) Reserve(now time.Time, want int64, busy bool) (n int64, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	el := now.Sub(l.start)
	floor := el // an idle link banks nothing
	if busy || l.inflight > 0 {
		floor = el - maxCatchUp
	}
	if b := l.cap.BytesAt(max(floor, 0)); l.sent < b {
		l.sent = b
	}
	// The chunk runs from when the link is free to the end of its slot or
	// of its rate, whichever comes first (gathering a few slots at very
	// low rates or across a stretch of zero rate).
	end := l.cap.TimeOf(l.sent)
	goal := min(want, minChunkBytes)
	avail := int64(0)
	for range maxSlotsPerChunk {
		end = min((end/chunkQuantum+1)*chunkQuantum, l.cap.NextChange(end))
		if avail = int64(l.cap.BytesAt(end) - l.sent); avail >= goal {
			break
		}
	}
	n = min(want, max(avail, goal), maxChunkBytes)
	l.sent += float64(n)
	l.inflight++
	return n, l.start.Add(l.cap.TimeOf(l.sent))
}

// Release ends a grant; written is how many of its bytes went out.
func (l *Link) Release(written int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inflight--
	l.carried += written
}
