package hud

import (
	"strings"
	"sync"
	"time"

	"smartplay/player/events"
)

// GraphSpan is how much wall time the graph shows: a minute holds six
// 10 s segments' downloads and every switch a viewer still remembers.
const GraphSpan = 60 * time.Second

// keepBeyondSpan: points this far left of the graph are still kept, so a
// step line can start at the left edge; older ones are forgotten (the
// model's memory stays bounded in a long session).
const keepBeyondSpan = 10 * time.Second

// Config configures a Model. Zero fields take the defaults in their comments.
type Config struct {
	// Trace names the emulated trace the session plays over ("" when none).
	Trace string
	// Span is the graph's width in wall time; default GraphSpan.
	Span time.Duration
	// Now is the wall clock; default time.Now.
	Now func() time.Time
}

// Point is a rate at a time since the session opened.
type Point struct {
	At   time.Duration
	Kbps float64
}

// Mark is a rendition switch shown on screen.
type Mark struct {
	At    time.Duration
	Label string // the rendition switched to
	Up    bool
}

// Span is a stretch of time (a stall).
type Span struct{ From, To time.Duration }

// decision is the latest rendition choice (or emergency downgrade).
type decision struct {
	seg, rend int
	reason    string
	buffer    float64 // seconds, at the decision
	emergency bool
}

// Model is the HUD's state, fed by a session's events. It is safe for
// concurrent use: Observe runs on whichever goroutine emits, View on the
// window's.
type Model struct {
	mu  sync.Mutex
	cfg Config

	start    time.Time // when the log started (an event's wall time minus its elapsed)
	started  bool
	rends    []events.Rendition
	strategy string
	quality  string
	shown    int // rendition on screen, -1 before the first frame

	dec       decision
	hasDec    bool
	lastSw    Mark
	lastSwPos float64 // media seconds of the last switch
	hasSw     bool

	tput     []Point
	chosen   []Point
	switches []Mark
	stalls   []Span // closed stalls
	stallAt  time.Duration
	stalling bool
	nStalls  int
	stalled  time.Duration // closed stalls' total
	dropped  int
	bytes    int64 // segment bytes and aborted bytes from the log

	onChange []func(events.Type)
}

// New returns an empty Model.
func New(cfg Config) *Model {
	if cfg.Span <= 0 {
		cfg.Span = GraphSpan
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Model{cfg: cfg, shown: -1}
}

// Trace is the emulated trace's name the Model was given.
func (m *Model) Trace() string { return m.cfg.Trace }

// seconds converts an event's seconds to a duration.
func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// OnChange registers fn to be called with the type of each event the
// Model takes (a HUD repaints on news). fn runs on the emitting goroutine,
// without the Model's lock; it must not block. Register before events
// flow.
func (m *Model) OnChange(fn func(events.Type)) {
	m.mu.Lock()
	m.onChange = append(m.onChange, fn)
	m.mu.Unlock()
}

// Observe takes one event; pass it to events.Log.Listen.
func (m *Model) Observe(e events.Event) {
	m.mu.Lock()
	m.observe(e)
	fns := m.onChange
	m.mu.Unlock()
	for _, fn := range fns {
		fn(e.Type)
	}
}

func (m *Model) observe(e events.Event) {
	at := seconds(e.Elapsed)
	if !m.started {
		if w, err := time.Parse(time.RFC3339Nano, e.Wall); err == nil {
			m.start, m.started = w.Add(-at), true
		}
	}
	switch e.Type {
	case events.SessionStart:
		m.rends = append([]events.Rendition(nil), e.Renditions...)
		m.strategy, m.quality = e.Strategy, e.Quality
	case events.QualityPinned:
		m.quality = e.Quality
	case events.Decision:
		if e.Rendition != nil && e.Segment != nil {
			m.dec = decision{seg: *e.Segment, rend: *e.Rendition, reason: e.Reason, buffer: e.Buffer}
			m.hasDec = true
			m.addChosen(at, *e.Rendition)
		}
	case events.DownloadAborted:
		m.bytes += e.WastedBytes
		if strings.HasPrefix(e.Reason, pinAbandonPrefix) {
			return // cut for a new pin: not a measurement, and a decision follows
		}
		if e.ThroughputKbps > 0 {
			m.tput = append(m.tput, Point{At: at, Kbps: e.ThroughputKbps})
		}
		if e.To != nil && e.Segment != nil {
			m.dec = decision{seg: *e.Segment, rend: *e.To, reason: e.Label + " cut: " + e.Reason, emergency: true}
			m.hasDec = true
			m.addChosen(at, *e.To)
		}
	case events.SegmentDownloaded:
		m.bytes += e.Bytes
		if e.ThroughputKbps > 0 {
			m.tput = append(m.tput, Point{At: at, Kbps: e.ThroughputKbps})
		}
	case events.FirstFrame:
		if e.Rendition != nil {
			m.shown = *e.Rendition
		}
	case events.SwitchApplied:
		if e.To != nil {
			up := e.From == nil || *e.To > *e.From
			m.lastSw = Mark{At: at, Label: m.label(*e.To), Up: up}
			if e.From != nil {
				m.lastSw.Label = m.label(*e.From) + " → " + m.label(*e.To)
			}
			m.lastSwPos, m.hasSw = e.Media, true
			m.switches = append(m.switches, Mark{At: at, Label: m.label(*e.To), Up: up})
			m.shown = *e.To
		}
	case events.StallStart:
		m.stallAt, m.stalling = at, true
		m.nStalls++
	case events.StallEnd:
		if m.stalling {
			m.stalls = append(m.stalls, Span{From: m.stallAt, To: at})
		}
		m.stalling = false
		m.stalled += seconds(e.Duration)
	case events.FramesDropped:
		m.dropped += e.Count
	}
	m.forget(at)
}

// pinAbandonPrefix starts the reason of a download cut because the viewer
// pinned another rendition (docs/EVENTS.md): not a network measurement.
const pinAbandonPrefix = "abandoned:"

// addChosen notes the bitrate chosen from at on (a step), unless it is
// the one already in effect.
func (m *Model) addChosen(at time.Duration, rend int) {
	k := m.kbps(rend)
	if n := len(m.chosen); n > 0 && m.chosen[n-1].Kbps == k {
		return
	}
	m.chosen = append(m.chosen, Point{At: at, Kbps: k})
}

// forget drops what lies well left of a graph ending at now, keeping the
// last chosen step before it (the line's value at the left edge).
func (m *Model) forget(now time.Duration) {
	cut := now - m.cfg.Span - keepBeyondSpan
	m.tput = dropBefore(m.tput, cut, func(p Point) time.Duration { return p.At }, 0)
	m.chosen = dropBefore(m.chosen, cut, func(p Point) time.Duration { return p.At }, 1)
	m.switches = dropBefore(m.switches, cut, func(p Mark) time.Duration { return p.At }, 0)
	m.stalls = dropBefore(m.stalls, cut, func(s Span) time.Duration { return s.To }, 0)
}

// dropBefore removes the leading items whose time is before cut, but
// keeps the last keep of them.
func dropBefore[T any](s []T, cut time.Duration, at func(T) time.Duration, keep int) []T {
	n := 0
	for n < len(s) && at(s[n]) < cut {
		n++
	}
	n = max(n-keep, 0)
	if n == 0 {
		return s
	}
	return append(s[:0], s[n:]...)
}

// label names rendition i ("?" when out of range).
func (m *Model) label(i int) string {
	if i >= 0 && i < len(m.rends) {
		return m.rends[i].Label
	}
	return "?"
}

// kbps is rendition i's declared bitrate (average when given, as the QoE
// counts it) in kbit/s.
func (m *Model) kbps(i int) float64 {
	if i < 0 || i >= len(m.rends) {
		return 0
	}
	r := m.rends[i]
	if r.Average > 0 {
		return float64(r.Average) / 1000
	}
	return float64(r.Bandwidth) / 1000
}

// elapsed is the time since the log started, by the injected clock.
func (m *Model) elapsed() time.Duration {
	if !m.started {
		return 0
	}
	return max(m.cfg.Now().Sub(m.start), 0)
}
