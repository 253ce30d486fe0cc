package abr

import (
	"fmt"
	"math"
	"time"
)

// BOLA constants, as dash.js's BolaRule runs them.
const (
	// bolaMinimumBuffer: BOLA picks the lowest rendition at or below this
	// effective buffer (MINIMUM_BUFFER_S).
	bolaMinimumBuffer = 10 * time.Second
	// bolaBufferPerLevel: the top rendition is reached at no less than
	// bolaMinimumBuffer + this × the number of renditions
	// (MINIMUM_BUFFER_PER_BITRATE_LEVEL_S).
	bolaBufferPerLevel = 2 * time.Second
	// bolaPlaceholderDecay: each finished download shrinks the placeholder
	// buffer by 1% so it cannot stick around (PLACEHOLDER_BUFFER_DECAY).
	bolaPlaceholderDecay = 0.99
)

// BolaConfig tunes Bola; zero fields take dash.js's values.
type BolaConfig struct {
	// StableBuffer is dash.js's stableBufferTime, the buffer level up to
	// which its scheduler fetches, and BOLA's buffer target (default:
	// BufferCeiling, the same level in this player).
	StableBuffer time.Duration
	// Safety is the share of the throughput BOLA's throughput checks
	// budget (default DashSafetyFactor).
	Safety float64
}

// Bola is BOLA (Spiteri, Urgaonkar, Sitaraman, "BOLA: Near-Optimal
// Bitrate Adaptation for Online Videos", INFOCOM 2016) as dash.js's
// BolaRule runs it, i.e. BOLA-E: utilities ln(bitrate/lowest) + 1, the
// Lyapunov parameters chosen so that the lowest rendition wins at 10 s of
// buffer and the top one at the buffer target; a startup state (at the
// start and after a seek) that picks by safe throughput and sets the
// placeholder buffer so BOLA would have picked the same; a placeholder
// buffer that absorbs time spent not downloading (waiting for room), so
// a buffer limit below BOLA's target does not pin it low; BOLA-O's rule
// against oscillation (never step up past what the throughput sustains,
// unless already there); the placeholder emptied on a stall and trimmed
// after an aborted download.
//
// dash.js pauses its scheduler when BOLA would overfill the buffer with
// low renditions; this player's controller has no such pause (its buffer
// limit does the job), so only the placeholder part of that step is kept.
// Before any download has completed, dash.js leaves the first choice to
// others; here the first segment comes from the startup policy and a later
// one holds the current rendition. The InsufficientBuffer rule is a
// separate strategy; "bola" registers both behind an Arbiter, as dash.js
// runs them.
type Bola struct {
	cfg         BolaConfig
	steady      bool    // false: the startup state
	placeholder float64 // seconds
	downloaded  bool    // a download completed since the start or the last seek
	mostAdvance int     // highest segment index downloaded, -1 none
	t           dashTracker
}

// NewBola returns the BOLA rule with cfg (zero fields = defaults).
func NewBola(cfg BolaConfig) *Bola {
	if cfg.Safety <= 0 || cfg.Safety > 1 {
		cfg.Safety = DashSafetyFactor
	}
	return &Bola{cfg: cfg, mostAdvance: -1}
}

// NewBolaE returns BOLA with dash.js's InsufficientBuffer rule beside it
// behind an Arbiter named "bola": the lower of the two wins.
func NewBolaE(cfg BolaConfig) *Arbiter {
	return NewArbiter("bola", NewBola(cfg), NewInsufficientBuffer())
}

func init() { register("bola", func() Strategy { return NewBolaE(BolaConfig{}) }) }

// Name implements Strategy.
func (b *Bola) Name() string { return "bola" }

// Reset implements Resetter: back to the startup state (a seek).
func (b *Bola) Reset() { *b = Bola{cfg: b.cfg, mostAdvance: -1} }

// bolaParams are BOLA's utilities and Lyapunov parameters for a ladder.
type bolaParams struct {
	bitrates, utilities []float64
	vp, gp              float64
}

func (b *Bola) params(s Snapshot) bolaParams {
	n := len(s.Variants)
	p := bolaParams{bitrates: make([]float64, n), utilities: make([]float64, n)}
	for i, v := range s.Variants {
		p.bitrates[i] = math.Max(float64(v.Bitrate()), 1)
		p.utilities[i] = math.Log(p.bitrates[i]/p.bitrates[0]) + 1
	}
	target := b.cfg.StableBuffer
	if target <= 0 {
		target = BufferCeiling(s)
	}
	bufferTime := max(target, bolaMinimumBuffer+time.Duration(n)*bolaBufferPerLevel)
	p.gp = (p.utilities[n-1] - 1) / (bufferTime.Seconds()/bolaMinimumBuffer.Seconds() - 1)
	p.vp = bolaMinimumBuffer.Seconds() / p.gp
	return p
}

// quality is BOLA's choice at an effective buffer level (seconds): the
// rendition maximising (Vp·(utility+gp) − buffer)/bitrate, the higher on ties.
func (p bolaParams) quality(buffer float64) int {
	q, best := 0, math.Inf(-1)
	for i := range p.bitrates {
		if s := (p.vp*(p.utilities[i]+p.gp) - buffer) / p.bitrates[i]; s >= best {
			q, best = i, s
		}
	}
	return q
}

// maxBuffer is the highest buffer level at which BOLA still prefers to
// download rendition q rather than wait.
func (p bolaParams) maxBuffer(q int) float64 { return p.vp * (p.utilities[q] + p.gp) }

// minBuffer is the lowest buffer level at which BOLA picks q over every
// lower rendition.
func (p bolaParams) minBuffer(q int) float64 {
	lo := 0.0
	for i := q - 1; i >= 0; i-- {
		if p.utilities[i] < p.utilities[q] {
			bq, bi := p.bitrates[q], p.bitrates[i]
			lo = math.Max(lo, p.vp*(p.gp+(bq*p.utilities[i]-bi*p.utilities[q])/(bq-bi)))
		}
	}
	return lo
}

// Decide implements Strategy.
func (b *Bola) Decide(s Snapshot) Decision {
	n := len(s.Variants)
	prevNow := b.t.lastNow
	prevBuffer := b.t.lastBuffer.Seconds()
	wasCalled := b.t.called
	ev := b.t.see(s)
	switch {
	case n == 0:
		return Decision{Reason: "bola: no renditions"}
	case n == 1:
		return Decision{Reason: "bola: one rendition"}
	}
	p := b.params(s)
	if ev.seek {
		b.steady, b.placeholder, b.downloaded, b.mostAdvance = false, 0, false, -1
	}
	// Downloads since the last call: dash.js's checkNewSegment and, for
	// an aborted one, its onFragmentLoadingAbandoned.
	var finished time.Duration // when the last of them ended, after prevNow
	for _, x := range ev.fresh {
		finished += max(x.Duration, 0)
		if x.Aborted {
			want := bolaMinimumBuffer.Seconds()
			if q := clampVariant(s.Current, n); q > 0 {
				want = p.minBuffer(q)
			}
			b.placeholder = math.Min(b.placeholder, math.Max(0, want-s.Buffer.Seconds()))
			continue
		}
		b.downloaded = true
		b.placeholder *= bolaPlaceholderDecay
		b.placeholder = math.Min(b.placeholder, math.Max(0, p.maxBuffer(clampVariant(x.Variant, n))-prevBuffer))
		if x.Segment <= b.mostAdvance {
			b.placeholder += s.SegmentDuration.Seconds() // a replacement: downloaded without growing the buffer
		}
		b.mostAdvance = max(b.mostAdvance, x.Segment)
	}
	if ev.stalled && b.steady {
		b.placeholder = 0 // a stall must not be hidden by a placeholder
	}
	bps, latency, ok := dashThroughput(s.Samples)
	if !ok {
		if s.Current < 0 {
			return StartupDecision(s)
		}
		v := clampVariant(s.Current, n)
		return Decision{Variant: v, Reason: "bola: no throughput yet → hold " + rungName(s.Variants, v), Deadline: DownloadDeadline(s, v)}
	}
	safe := bps * b.cfg.Safety
	buf := s.Buffer.Seconds()
	if !b.steady {
		q := dashQualityForBitrate(s.Variants, safe, latency, s.SegmentDuration)
		b.placeholder = math.Max(0, p.minBuffer(q)-buf)
		if b.downloaded && s.SegmentDuration > 0 && s.Buffer >= s.SegmentDuration {
			b.steady = true
		}
		return Decision{Variant: q, Deadline: DownloadDeadline(s, q),
			Reason: fmt.Sprintf("bola startup: safe %.2f Mbps → %s", safe/1e6, rungName(s.Variants, q))}
	}
	// Time since the last download ended (or since the last call when
	// nothing was downloaded) was spent waiting, not downloading: it goes
	// to the placeholder so that waiting does not lower the choice.
	if wasCalled {
		idle := s.Now - prevNow
		if len(ev.fresh) > 0 {
			idle -= finished
		}
		b.placeholder += math.Max(0, idle.Seconds())
	}
	q := p.quality(buf + b.placeholder)
	why := fmt.Sprintf("buf %.1fs + placeholder %.1fs", buf, b.placeholder)
	if last := s.Current; last >= 0 {
		last = clampVariant(last, n)
		if qt := dashQualityForBitrate(s.Variants, safe, latency, s.SegmentDuration); q > last && q > qt {
			q = max(qt, last)
			why += fmt.Sprintf(", BOLA-O holds at safe %.2f Mbps", safe/1e6)
		}
	}
	// Above the level at which BOLA would rather wait than fetch q, the
	// excess is taken out of the placeholder.
	if excess := math.Max(0, buf+b.placeholder-p.maxBuffer(q)); excess <= b.placeholder {
		b.placeholder -= excess
	} else {
		b.placeholder = 0
	}
	return Decision{Variant: q, Reason: "bola: " + why + " → " + rungName(s.Variants, q), Deadline: DownloadDeadline(s, q)}
}
