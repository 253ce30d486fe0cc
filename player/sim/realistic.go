package sim

import (
	"fmt"
	"math"
	"time"

	"smartplay/player/abr"
	"smartplay/player/qoe"
)

// Realistic model defaults, chosen to match the player and its emulated
// origin (player/source, player/netem, the built-in demo).
const (
	// DefaultRTT is the demo origin's round trip (internal/cli demoRTT).
	DefaultRTT = 80 * time.Millisecond
	// DefaultMaxBuffer is player/source's DefaultMaxBuffer.
	DefaultMaxBuffer = 30 * time.Second
	// DefaultPlaylistBytes: a master playlist of six renditions is ~1 KB
	// and each media playlist of a short VOD ~0.5 KB (the built-in ladder's).
	DefaultPlaylistBytes = 1024
	// nextSizesAhead is how many upcoming sizes the player shows when it
	// knows them (player/source NextSizesAhead).
	nextSizesAhead = 5
)

// RealisticConfig tunes the realistic model; zero fields take defaults.
type RealisticConfig struct {
	// RTT delays every request's first byte (default DefaultRTT; negative: none).
	RTT time.Duration
	// TTFB is the origin's own delay before the first byte, on top of the
	// RTT (default 0).
	TTFB time.Duration
	// MaxBuffer is the player's forward-buffer limit (default DefaultMaxBuffer).
	MaxBuffer time.Duration
	// PlaylistBytes is the size of the master playlist and of each media
	// playlist (default DefaultPlaylistBytes). The player fetches the
	// master, then every media playlist in parallel: two round trips.
	PlaylistBytes int64
	// Network is the hint strategies get. Its RTT, when zero, is the first
	// playlist request's time to first byte, and its Throughput, when
	// zero, the playlists' bytes over their summed request times, as
	// player/source measures them (the media playlists are fetched in
	// parallel, each taking about as long as all of them together).
	Network abr.NetworkHint
	// CellularCap (bit/s) and DataBudget (bytes) go to the snapshot as the
	// player's --cellular-cap and --data-budget (0 = none).
	CellularCap, DataBudget int64
	// KnownSizes shows strategies the sizes of the next segments
	// (Snapshot.NextSizes, 5 ahead) as a playlist with BYTERANGEs would.
	// Default false: the built-in ladder's playlists list plain files.
	KnownSizes bool
	// Remember gives each session after the first on a trace what the
	// previous one remembered, as the player's session memory does: the
	// rendition it ended on and its throughput estimate
	// (abr.EstimateSamples), age 0 (the sessions follow each other).
	// Default false: every session starts with no memory (Last).
	Remember bool
	// Last is the memory the first session on each trace starts with
	// (default none).
	Last *abr.SessionMemory
	// Stride is the trace time between the starts of successive sessions
	// on one trace (default: the video's duration, so the sessions tile
	// the trace; negative: one session from the trace's start).
	Stride time.Duration
}

func (c RealisticConfig) withDefaults(v *Video) RealisticConfig {
	switch {
	case c.RTT == 0:
		c.RTT = DefaultRTT
	case c.RTT < 0:
		c.RTT = 0
	}
	c.TTFB = max(c.TTFB, 0)
	if c.MaxBuffer <= 0 {
		c.MaxBuffer = DefaultMaxBuffer
	}
	if c.PlaylistBytes <= 0 {
		c.PlaylistBytes = DefaultPlaylistBytes
	}
	if c.Stride == 0 {
		c.Stride = time.Duration(v.Segments) * v.SegmentDuration
	}
	return c
}

// RealisticOffsets are the trace times (s) at which RunRealistic sessions
// start on tr: every Stride while a whole video fits in one loop of the
// trace, and at least at 0.
func RealisticOffsets(tr *Trace, v *Video, cfg RealisticConfig) []float64 {
	cfg = cfg.withDefaults(v)
	offsets := []float64{0}
	if cfg.Stride < 0 {
		return offsets
	}
	length := (time.Duration(v.Segments) * v.SegmentDuration).Seconds()
	for o := cfg.Stride.Seconds(); o+length <= tr.Duration(); o += cfg.Stride.Seconds() {
		offsets = append(offsets, o)
	}
	return offsets
}

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
// at the trace's rate from that moment (an idle link banks nothing).
func (r realLink) get(t, size, deadline float64) fetch {
	first := t + r.latency
	base := r.l.BytesAt(r.offset + first)
	end := r.l.TimeOf(base+size) - r.offset
	ttfb := r.l.TimeOf(base+math.Min(size, 1)) - r.offset - t
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

// RunRealistic streams v once over tr, starting offset seconds into the
// trace, with st (fresh): the player's loop in virtual time. Playlists
// first (two round trips), then per segment: wait while the buffer is
// above MaxBuffer − one segment (player/source's rule), ask the strategy
// (the first segment too: the startup decision), fetch with the
// decision's deadline; on a miss the download is aborted, its bytes
// wasted, and the same segment refetched at once one rung lower, keeping
// the deadline except at the lowest rung (player/source's emergency
// downgrade). Playback starts when the first segment has arrived and
// stalls whenever the playhead reaches the end of the downloaded media.
func RunRealistic(st abr.Strategy, tr *Trace, v *Video, cfg RealisticConfig, offset float64) (*Session, error) {
	if err := v.check(); err != nil {
		return nil, err
	}
	l, err := NewLink(tr)
	if err != nil {
		return nil, err
	}
	s, _, err := runRealistic(st, l, tr.Name, v, cfg, offset, cfg.Last)
	return s, err
}

// runRealistic is RunRealistic on an integrated trace (shared read-only by
// the sessions of a run) with the given memory; it also returns what the
// session leaves for the next one.
func runRealistic(st abr.Strategy, l *Link, trace string, v *Video, cfg RealisticConfig, offset float64, last *abr.SessionMemory) (*Session, *abr.SessionMemory, error) {
	cfg = cfg.withDefaults(v)
	if r, ok := st.(abr.Resetter); ok {
		r.Reset()
	}
	obs, _ := st.(abr.SegmentObserver)
	link := realLink{l: l, offset: offset, latency: (cfg.RTT + cfg.TTFB).Seconds()}
	seg := v.SegmentDuration.Seconds()
	sess := &Session{Strategy: st.Name(), Trace: trace, Offset: offset, SegmentDuration: seg,
		MaxBuffer: cfg.MaxBuffer.Seconds(), Renditions: v.renditions()}

	pb := &playback{stalledAt: -1}
	pl := float64(cfg.PlaylistBytes)
	master := link.get(0, pl, 0)
	media := link.get(master.end, pl*float64(len(v.Variants)), 0)
	pb.t = media.end
	hint := cfg.Network
	if hint.RTT == 0 {
		hint.RTT = secDuration(master.ttfb)
	}
	if hint.Throughput == 0 {
		n := float64(len(v.Variants))
		hint.Throughput = pl * (1 + n) * 8 / (master.end + n*(media.end-master.end))
	}
	var used int64 // bytes downloaded: segments and aborted attempts
	var samples []abr.Sample
	var rates []float64 // of the samples, bit/s
	current := -1
	var lastBitrate int64
	for i := 0; i < v.Segments; i++ {
		if pb.started {
			limit := math.Max(cfg.MaxBuffer.Seconds()-seg, seg)
			if level := pb.end - pb.pos; level > limit {
				pb.advance(pb.t + level - limit)
			}
		}
		thr := measuredThroughput(rates)
		snap := abr.Snapshot{
			Now: secDuration(pb.t), Buffer: secDuration(pb.end - pb.pos), Playing: pb.started && pb.stalledAt < 0,
			Variants: v.Variants, Samples: samples, Current: current, SegmentIndex: i, SegmentCount: v.Segments,
			SegmentDuration: v.SegmentDuration, MaxBuffer: cfg.MaxBuffer, Network: hint,
			CellularCap: cfg.CellularCap, DataBudget: cfg.DataBudget, DataUsed: used,
		}
		if last != nil {
			m := *last
			snap.Last = &m
		}
		if cfg.KnownSizes {
			snap.NextSizes = make([][]int64, len(v.Sizes))
			for q, s := range v.Sizes {
				snap.NextSizes[q] = s[i:min(i+nextSizesAhead, v.Segments)]
			}
		}
		d := st.Decide(snap)
		q := max(0, min(d.Variant, len(v.Variants)-1))
		deadline := max(d.Deadline, 0).Seconds()
		c := Chunk{Index: i, Decided: d.Variant, BufferBefore: pb.end - pb.pos, Throughput: thr, Reason: d.Reason}
		for {
			size := float64(v.Sizes[q][i])
			if q == 0 {
				deadline = 0
			}
			start := pb.t
			f := link.get(start, size, deadline)
			pb.advance(f.end)
			s := abr.Sample{Variant: q, Segment: i, Bytes: int64(f.got), TTFB: secDuration(f.ttfb),
				Duration: secDuration(f.end - start), Aborted: f.aborted}
			samples = append(samples, s)
			rates = append(rates, s.Throughput())
			used += s.Bytes
			if obs != nil {
				obs.Observe(s)
			}
			if f.aborted {
				c.Aborts++
				c.Wasted += int64(f.got)
				q--
				continue
			}
			c.Bytes, c.Delay = int64(size), (f.end-start)*1000
			break
		}
		c.Variant, c.Kbps, c.Height = q, v.Kbps(q), v.Variants[q].Height
		c.Rebuffer = pb.arrive(seg)
		bitrate := v.Variants[q].Bitrate()
		if i == 0 {
			c.Rebuffer, sess.Startup, lastBitrate = pb.t, pb.t, bitrate
		}
		c.Buffer = pb.end - pb.pos
		c.Reward = qoe.Reward(bitrate, lastBitrate, c.Rebuffer)
		sess.Chunks = append(sess.Chunks, c)
		lastBitrate, current = bitrate, q
	}
	sess.Stalls, sess.StallTime = pb.stalls, pb.stallTime
	if len(sess.Chunks) != v.Segments {
		return nil, nil, fmt.Errorf("%w: %s: %d of %d segments", ErrConfig, trace, len(sess.Chunks), v.Segments)
	}
	mem := &abr.SessionMemory{Variant: current}
	if bps, ok := abr.EstimateSamples(samples, 0, 0); ok {
		mem.Throughput = bps
	}
	return sess, mem, nil
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
