package decode

import (
	"math/big"
	"time"
)

const (
	// mpegtsWrapTicks is 2^33: MPEG-TS PTS/DTS are 33-bit counters of a
	// 90 kHz clock, so they wrap every ~26.5 hours of a live stream.
	mpegtsWrapTicks int64 = 1 << 33
	// mpegtsClockHz is the MPEG-TS timestamp clock.
	mpegtsClockHz = 90000

	// reanchorThreshold: a segment whose first timestamp, under the current
	// mapping, lands farther than this from its playlist start is taken as a
	// timestamp jump (a missing EXT-X-DISCONTINUITY, an encoder restart) and
	// the mapping is recomputed. Closer than this, the old mapping is kept so
	// that audio (1024-sample AAC frames never align with 10 s boundaries)
	// stays gapless and video stays continuous across a rendition switch —
	// the rule hls.js follows.
	reanchorThreshold = time.Second
)

// timebase is a rational tick length in seconds (num/den), as FFmpeg's
// AVRational time bases.
type timebase struct{ num, den int64 }

// valid reports whether ticks in tb can be converted to durations.
func (tb timebase) valid() bool { return tb.num > 0 && tb.den > 0 }

// mpegts reports whether tb is the 90 kHz clock of MPEG-TS.
func (tb timebase) mpegts() bool { return tb.num == 1 && tb.den == mpegtsClockHz }

// duration converts ticks to a duration, rounding toward zero, without
// overflowing for any 64-bit tick count whose result fits a Duration.
func (tb timebase) duration(ticks int64) time.Duration {
	if !tb.valid() {
		return 0
	}
	q, r := ticks/tb.den, ticks%tb.den
	const nsPerSecond = int64(time.Second)
	// r*num*1e9 fits an int64 when |r|*num < 9.2e9; FFmpeg time bases are
	// 1/x with x up to a few million, so the slow path is for odd inputs.
	if rn := r * tb.num; tb.num < 1<<20 && rn > -9e9 && rn < 9e9 {
		return time.Duration(q*tb.num*nsPerSecond + rn*nsPerSecond/tb.den)
	}
	v := new(big.Int).Mul(big.NewInt(ticks), big.NewInt(tb.num))
	v.Mul(v, big.NewInt(nsPerSecond))
	v.Quo(v, big.NewInt(tb.den))
	if !v.IsInt64() {
		return 0
	}
	return time.Duration(v.Int64())
}

// timeline maps container timestamps to media time on the playlist's
// timeline: media = pts + offset. One mapping is kept across segments (see
// reanchorThreshold); it is recomputed at the first segment, after a
// discontinuity and after a jump. 33-bit MPEG-TS timestamps are unwrapped
// against the previous segment's first timestamp, so a wrap between or
// within segments does not break continuity.
type timeline struct {
	anchored bool
	offset   time.Duration
	// wrap is set while the input is MPEG-TS; ref is the last segment's
	// first timestamp, unwrapped, in 90 kHz ticks (valid when haveRef).
	wrap    bool
	haveRef bool
	ref     int64
}

// begin starts a segment that plays from start on the playlist and whose
// first timestamp is first (in tb). wrap says the input's timestamps are
// 33-bit MPEG-TS ones; disc says EXT-X-DISCONTINUITY precedes the segment.
// It reports whether the mapping was (re)computed.
func (t *timeline) begin(start time.Duration, first int64, tb timebase, wrap, disc bool) bool {
	if disc || !wrap || !t.wrap {
		t.haveRef = false
	}
	t.wrap = wrap
	u := t.unwrap(first, tb)
	if wrap && tb.mpegts() {
		t.ref, t.haveRef = u, true
	}
	pts := tb.duration(u)
	if t.anchored && !disc {
		drift := pts + t.offset - start
		if drift < 0 {
			drift = -drift
		}
		if drift <= reanchorThreshold {
			return false
		}
	}
	t.offset = start - pts
	t.anchored = true
	return true
}

// anchorAt sets the mapping so that ticks maps to start (a local file:
// its first timestamp plays at zero). Timestamps are not unwrapped.
func (t *timeline) anchorAt(start time.Duration, ticks int64, tb timebase) {
	*t = timeline{anchored: true, offset: start - tb.duration(ticks)}
}

// media maps a timestamp in tb to media time.
func (t *timeline) media(ticks int64, tb timebase) time.Duration {
	return tb.duration(t.unwrap(ticks, tb)) + t.offset
}

// unwrap returns the 64-bit timestamp nearest to the reference whose low 33
// bits equal ticks' (MPEG-TS only; other inputs pass through).
func (t *timeline) unwrap(ticks int64, tb timebase) int64 {
	if !t.wrap || !t.haveRef || !tb.mpegts() {
		return ticks
	}
	d := (ticks - t.ref) % mpegtsWrapTicks
	if d < 0 {
		d += mpegtsWrapTicks
	}
	if d >= mpegtsWrapTicks/2 {
		d -= mpegtsWrapTicks
	}
	return t.ref + d
}

// reset forgets the mapping (after a seek).
func (t *timeline) reset() { *t = timeline{} }
