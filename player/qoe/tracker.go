package qoe

import (
	"math"
	"time"
)

// Rendition is what the tracker needs to know of a variant. Renditions are
// indexed by variant and ascend by bitrate (index 0 is the lowest).
type Rendition struct {
	Label   string
	Bitrate int64 // bits per second
	Height  int
}

// Segment is one segment of a session as the QoE sees it.
type Segment struct {
	Index    int           // position in the presentation (for the caller; not used)
	Variant  int           // rendition played
	Start    time.Duration // media time of its first frame
	Duration time.Duration // media time it holds
	// Rebuffer is the wait before it played, in seconds: the startup
	// delay for a session's first segment, else the stall that waited for
	// it. A float, not a Duration, so that the simulator reproduces
	// Pensieve's millisecond arithmetic exactly (nanoseconds would round).
	// Played reads it; Queued ignores it (the tracker attributes stalls).
	Rebuffer float64
	// Buffer is the forward buffer when its rendition was decided.
	Buffer time.Duration
	// Throughput is the measured throughput then (MeasuredThroughput of
	// the downloads before the decision), bits per second; 0 unknown.
	Throughput float64
}

// Tracker accumulates one session's figures.
type Tracker struct {
	renditions []Rendition
	perVariant []time.Duration
	started    bool
	startup    time.Duration
	current    int
	last       time.Duration
	stalls     int
	stallTime  time.Duration
	up, down   int
	dropped    int

	pending []Segment // queued, the playhead not past their start yet
	played  []Segment // in playback order
	carry   float64   // rebuffer seconds not yet attributed to a segment
}

// NewTracker tracks a session over the given renditions (index = variant).
func NewTracker(r []Rendition) *Tracker {
	return &Tracker{renditions: r, perVariant: make([]time.Duration, len(r)), current: -1}
}

// Played records a whole segment played after s.Rebuffer seconds of
// waiting (the startup delay for the first call): the simulator's feed.
// Call it once per segment, in playback order.
func (t *Tracker) Played(s Segment) {
	d := seconds(s.Rebuffer)
	if !t.started {
		t.start(d, s.Start, s.Variant)
	} else {
		t.Advance(s.Start)
		if s.Rebuffer > 0 {
			t.stall(d)
		}
		t.Switch(s.Start, s.Variant)
	}
	t.played = append(t.played, s)
	t.Advance(s.Start + s.Duration)
}

// Queued records a downloaded segment, in playback order: the player's
// feed. It counts once the playhead passes s.Start; its Rebuffer is what
// Start and Stall attribute to it.
func (t *Tracker) Queued(s Segment) {
	s.Rebuffer, t.carry = t.carry, 0
	t.pending = append(t.pending, s)
}

// Start records the first frame: shown after startup, at media position
// pos, from rendition variant. The startup delay is the first segment's
// rebuffering.
func (t *Tracker) Start(startup, pos time.Duration, variant int) {
	if t.started {
		return
	}
	t.start(startup, pos, variant)
	t.attribute(startup.Seconds())
}

func (t *Tracker) start(startup, pos time.Duration, variant int) {
	t.started, t.startup, t.last, t.current = true, startup, pos, variant
}

// Advance credits the media played since the last call to the current
// rendition. Positions that go backwards are ignored (use Seek).
func (t *Tracker) Advance(pos time.Duration) {
	if !t.started || pos <= t.last {
		return
	}
	if t.current >= 0 && t.current < len(t.perVariant) {
		t.perVariant[t.current] += pos - t.last
	}
	t.last = pos
	n := 0
	for n < len(t.pending) && t.pending[n].Start < pos {
		n++
	}
	t.played = append(t.played, t.pending[:n]...)
	t.pending = t.pending[n:]
}

// Switch records that rendition to is shown from media position pos on.
func (t *Tracker) Switch(pos time.Duration, to int) {
	t.Advance(pos)
	if to == t.current {
		return
	}
	if t.current >= 0 && to >= 0 && to < len(t.renditions) && t.current < len(t.renditions) {
		if t.renditions[to].Bitrate > t.renditions[t.current].Bitrate {
			t.up++
		} else {
			t.down++
		}
	}
	t.current = to
}

// Seek moves the position without crediting any play time. Queued
// segments not reached are forgotten (a seek replaces the downloads).
func (t *Tracker) Seek(to time.Duration) {
	t.last = to
	t.pending, t.carry = nil, 0
}

// Stall records one stall of length d (after the first frame), and
// attributes it to the segment it waited for: the first queued one the
// playhead has not reached.
func (t *Tracker) Stall(d time.Duration) {
	t.stall(d)
	t.attribute(d.Seconds())
}

func (t *Tracker) stall(d time.Duration) {
	t.stalls++
	t.stallTime += d
}

func (t *Tracker) attribute(sec float64) {
	if len(t.pending) > 0 {
		t.pending[0].Rebuffer += sec
	} else {
		t.carry += sec
	}
}

// Dropped records n video frames dropped for lateness.
func (t *Tracker) Dropped(n int) { t.dropped += n }

// Segments returns the segments played so far, in order, with their
// attributed rebuffering.
func (t *Tracker) Segments() []Segment { return append([]Segment(nil), t.played...) }

// seconds converts float seconds to a Duration, rounding to the
// nanosecond; nonsense (negative, NaN, beyond a day) counts as none.
func seconds(s float64) time.Duration {
	const maxRebuffer = 24 * time.Hour // no session waits a day
	if !(s > 0) || s > maxRebuffer.Seconds() {
		return 0
	}
	return time.Duration(math.Round(s * 1e9))
}
