package sim

import (
	"fmt"
	"math"
	"time"

	"smartplay/player/abr"
	"smartplay/player/qoe"
)

// Pensieve's simulator constants (test/fixed_env.py; ../shared/abr/SIMULATOR.md §1).
const (
	// pensieveRTTms is LINK_RTT, added once per chunk.
	pensieveRTTms = 80.0
	// pensievePayload is PACKET_PAYLOAD_PORTION: the share of the link's
	// bytes that carry the chunk.
	pensievePayload = 0.95
	// pensieveMaxBufferMs is BUFFER_THRESH.
	pensieveMaxBufferMs = 60000.0
	// pensieveSleepMs is DRAIN_BUFFER_SLEEP_TIME, the quantum of the idle
	// wait above the buffer threshold.
	pensieveSleepMs = 500.0
	// pensieveFirstLevel is DEFAULT_QUALITY: chunk 0 is always this level.
	pensieveFirstLevel = 1
	// maxLoopsPerDownload bounds one download's walk over a trace's rows
	// (as whole loops of the trace): beyond it the trace is all but dead
	// and Pensieve's loop would run for ever.
	maxLoopsPerDownload = 10_000
)

// pensieveLink is fixed_env.py's link: row pointer p and time cursor tc.
type pensieveLink struct {
	t, b []float64
	p    int
	tc   float64
}

func newPensieveLink(tr *Trace) *pensieveLink {
	return &pensieveLink{t: tr.Time, b: tr.Mbps, p: 1, tc: tr.Time[0]}
}

// advance moves to the next row, wrapping to row 1 at time 0 (quirk Q4).
func (l *pensieveLink) advance() {
	l.tc = l.t[l.p]
	l.p++
	if l.p >= len(l.t) {
		l.p = 1
		l.tc = 0
	}
}

// download returns the delay in ms (RTT included) of a chunk of size bytes,
// with fixed_env.py's float arithmetic.
func (l *pensieveLink) download(size int64) (float64, error) {
	s := float64(size)
	delay, sent := 0.0, 0.0
	limit := maxLoopsPerDownload * len(l.t)
	for steps := 0; ; steps++ {
		if steps > limit {
			return 0, fmt.Errorf("%w: %d bytes", ErrLinkTooSlow, size)
		}
		thr := l.b[l.p] * 1e6 / 8
		dur := l.t[l.p] - l.tc
		pay := float64(thr*dur) * pensievePayload
		if sent+pay > s {
			frac := (s - sent) / thr / pensievePayload
			delay += frac
			l.tc += frac
			break
		}
		sent += pay
		delay += dur
		l.advance()
	}
	return float64(delay*1000) + pensieveRTTms, nil
}

// idle lets ms of link time pass without downloading.
func (l *pensieveLink) idle(ms float64) {
	for {
		dur := l.t[l.p] - l.tc
		if dur > ms/1000 {
			l.tc += ms / 1000
			return
		}
		ms -= float64(dur * 1000)
		l.advance()
	}
}

// RunPensieve streams v once over tr with st in Pensieve's chunk-level
// model, exactly (../shared/abr/SIMULATOR.md §2): chunk 0 at level 1 (the
// strategy is not asked), then one decision per chunk from a Snapshot
// like the player's; a fresh link and buffer. The strategy should be
// fresh (its state is the session's). Rewards are QoE_lin.
func RunPensieve(st abr.Strategy, tr *Trace, v *Video) (*Session, error) {
	if err := tr.check(); err != nil {
		return nil, err
	}
	if err := v.check(); err != nil {
		return nil, err
	}
	if r, ok := st.(abr.Resetter); ok {
		r.Reset()
	}
	obs, _ := st.(abr.SegmentObserver)
	link := newPensieveLink(tr)
	segMs := float64(v.SegmentDuration) / float64(time.Millisecond)
	sess := &Session{Strategy: st.Name(), Trace: tr.Name, SegmentDuration: segMs / 1000, MaxBuffer: pensieveMaxBufferMs / 1000,
		Renditions: v.renditions()}
	var (
		buf     float64 // ms
		now     float64 // ms of session time
		samples []abr.Sample
		rates   []float64 // of the samples, bit/s
		lastQ   = min(pensieveFirstLevel, len(v.Variants)-1)
	)
	for k := 0; k < v.Segments; k++ {
		q, decided, reason := lastQ, -1, "chunk 0 at Pensieve's DEFAULT_QUALITY"
		thr := measuredThroughput(rates)
		if k > 0 {
			d := st.Decide(pensieveSnapshot(v, k, buf, now, samples, lastQ))
			q = max(0, min(d.Variant, len(v.Variants)-1))
			decided, reason = d.Variant, d.Reason
		}
		size := v.Sizes[q][k]
		delay, err := link.download(size)
		if err != nil {
			return nil, fmt.Errorf("%s: chunk %d: %w", tr.Name, k, err)
		}
		before, requested := buf, now
		rebuf := math.Max(delay-buf, 0)
		buf = math.Max(buf-delay, 0) + segMs
		now += delay
		arrived := now
		if buf > pensieveMaxBufferMs {
			sleep := math.Ceil((buf-pensieveMaxBufferMs)/pensieveSleepMs) * pensieveSleepMs
			buf -= sleep
			link.idle(sleep)
			now += sleep
		}
		s := abr.Sample{Variant: q, Segment: k, Bytes: size,
			TTFB: msDuration(pensieveRTTms), Duration: msDuration(delay)}
		samples = append(samples, s)
		rates = append(rates, s.Throughput())
		if obs != nil {
			obs.Observe(s)
		}
		last := lastQ
		if k == 0 {
			last = q // R_{-1} = the first chunk's bitrate: no smoothness penalty
		}
		c := Chunk{Index: k, Variant: q, Decided: decided, Kbps: v.Kbps(q), Height: v.Variants[q].Height,
			BufferBefore: before / 1000, Buffer: buf / 1000, Rebuffer: rebuf / 1000, Bytes: size, Delay: delay,
			Throughput: thr, Reason: reason, Requested: requested / 1000, Arrived: arrived / 1000}
		c.Reward = qoe.Reward(v.Variants[q].Bitrate(), v.Variants[last].Bitrate(), c.Rebuffer)
		if k == 0 {
			sess.Startup = c.Rebuffer
		} else if rebuf > 0 {
			sess.Stalls++
			sess.StallTime += c.Rebuffer
		}
		sess.Chunks = append(sess.Chunks, c)
		lastQ = q
	}
	return sess, nil
}

// pensieveSnapshot is what a strategy sees before chunk k: the player's
// snapshot filled from the model's state. NextSizes runs to the last size
// the video lists (the 49th chunk), so robustMPC's look-ahead reads what
// Pensieve's reads.
func pensieveSnapshot(v *Video, k int, bufMs, nowMs float64, samples []abr.Sample, current int) abr.Snapshot {
	next := make([][]int64, len(v.Sizes))
	for i, s := range v.Sizes {
		next[i] = s[k:]
	}
	return abr.Snapshot{
		Now:             msDuration(nowMs),
		Buffer:          msDuration(bufMs),
		Playing:         true,
		Variants:        v.Variants,
		NextSizes:       next,
		Samples:         samples,
		Current:         current,
		SegmentIndex:    k,
		SegmentCount:    v.Segments,
		SegmentDuration: v.SegmentDuration,
		MaxBuffer:       time.Duration(pensieveMaxBufferMs) * time.Millisecond,
	}
}

// msDuration converts float milliseconds to a Duration, rounded to the
// nanosecond.
func msDuration(ms float64) time.Duration {
	return time.Duration(math.Round(ms * float64(time.Millisecond)))
}
