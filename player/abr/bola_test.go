package abr

import (
	"math"
	"strings"
	"testing"
	"time"
)

// toyPlayer drives a strategy the way the controller does, over a link
// whose throughput (Mbps) is given per segment: wait for room under a
// 30 s buffer limit, decide, download 10 s segments with a 100 ms TTFB
// while the buffer drains, stall when it runs dry (the next snapshot then
// shows Playing false). seekAt jumps 7 segments ahead with an empty buffer.
func toyPlayer(s Strategy, link []float64, seekAt int) []int {
	const seg, maxBuf, ttfb = 10 * time.Second, 30 * time.Second, 100 * time.Millisecond
	var now, buf time.Duration
	playing, cur, idx := false, -1, 0
	var samples []Sample
	var out []int
	for step, mbps := range link {
		if step == seekAt && seekAt > 0 {
			idx, buf, playing = idx+7, 0, false
		}
		if buf+seg > maxBuf {
			w := buf + seg - maxBuf
			now, buf = now+w, buf-w
		}
		d := s.Decide(Snapshot{Now: now, Buffer: buf, Playing: playing, Variants: ladder(), Samples: append([]Sample(nil), samples...),
			Current: cur, SegmentIndex: idx, SegmentDuration: seg, MaxBuffer: maxBuf, Network: NetworkHint{Signal: -1}})
		q := d.Variant
		out = append(out, q)
		size := ladder()[q].Bitrate() * 10 / 8
		dur := ttfb + time.Duration(float64(size*8)/(mbps*1e6)*float64(time.Second))
		stall := false
		if playing {
			if dur > buf {
				stall, buf = true, 0
			} else {
				buf -= dur
			}
		}
		now, buf = now+dur, buf+seg
		samples = append(samples, Sample{Variant: q, Segment: idx, Bytes: size, TTFB: ttfb, Duration: dur})
		playing, cur = !stall, q
		idx++
	}
	return out
}

// TestBolaESequences compares "bola" (BOLA + InsufficientBuffer) with an
// independent Python model of dash.js's rules over the same toy player
// (the expected sequences are its output).
func TestBolaESequences(t *testing.T) {
	rep := func(x float64, n int) []float64 {
		out := make([]float64, n)
		for i := range out {
			out[i] = x
		}
		return out
	}
	cat := func(parts ...[]float64) (out []float64) {
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	tests := []struct {
		name   string
		link   []float64
		seekAt int
		want   []int
	}{
		// Startup by safe throughput (2.7 Mbps → 576p), then the
		// placeholder lifts BOLA to the top as the buffer waits at its
		// limit; the collapse to 1 Mbps stalls (lowest), and dash.js's
		// mean of the last 4 rates, still 3.5 Mbps, sends it back to 720p
		// and into a second stall before it settles.
		{"rise, collapse, recovery", cat(rep(3, 6), rep(6, 6), rep(1, 4), rep(4, 6)), 0,
			[]int{1, 3, 3, 3, 3, 3, 3, 4, 4, 5, 5, 5, 5, 0, 4, 0, 1, 2, 3, 4, 4, 4}},
		{"slow link and an outage", cat(rep(1.5, 5), rep(0.4, 3), rep(5, 6)), 0,
			[]int{1, 2, 1, 2, 2, 2, 0, 1, 0, 2, 3, 4, 5, 5}},
		// The seek puts BOLA back in its startup state (throughput rule).
		{"seek", rep(4, 12), 6, []int{1, 4, 3, 4, 4, 4, 4, 3, 4, 4, 4, 4}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := New("bola")
			if err != nil {
				t.Fatal(err)
			}
			got := toyPlayer(s, tc.link, tc.seekAt)
			for i := range tc.want {
				if got[i] != tc.want[i] {
					t.Fatalf("decisions %v\nwant      %v", got, tc.want)
				}
			}
		})
	}
}

func TestBolaParams(t *testing.T) {
	b := NewBola(BolaConfig{StableBuffer: 30 * time.Second})
	p := b.params(Snapshot{Variants: ladder(), MaxBuffer: 30 * time.Second})
	// Buffer target 30 s (> 10 + 2·6): gp = (ln(4300/300)+1−1)/(30/10−1).
	if math.Abs(p.gp-1.3312939135) > 1e-9 || math.Abs(p.vp-7.5114893101) > 1e-9 {
		t.Fatalf("gp %v vp %v", p.gp, p.vp)
	}
	for _, c := range []struct {
		buf  float64
		want int
	}{{0, 0}, {10, 0}, {12, 0}, {15, 1}, {20, 2}, {22, 3}, {28, 4}, {30, 5}, {60, 5}} {
		if got := p.quality(c.buf); got != c.want {
			t.Errorf("quality(%v s) = %d, want %d", c.buf, got, c.want)
		}
	}
	// minBuffer(q) is where q starts to win; maxBuffer(q) where waiting does.
	wantMin := []float64{0, 12.923, 18.5102, 21.9219, 25.171, 28.3497}
	wantMax := []float64{17.5115, 24.3942, 27.9246, 31.1761, 34.422, 37.5115}
	for q := range wantMin {
		if math.Abs(p.minBuffer(q)-wantMin[q]) > 1e-3 || math.Abs(p.maxBuffer(q)-wantMax[q]) > 1e-3 {
			t.Errorf("q %d: min %v max %v", q, p.minBuffer(q), p.maxBuffer(q))
		}
		if q > 0 && p.quality(p.minBuffer(q)+1e-6) != q {
			t.Errorf("quality just above minBuffer(%d) = %d", q, p.quality(p.minBuffer(q)+1e-6))
		}
	}
	// By default the target is BufferCeiling (20 s with a 30 s limit and
	// 10 s segments), raised to 10 s + 2 s per rendition = 22 s.
	d := NewBola(BolaConfig{})
	for _, lim := range []time.Duration{30 * time.Second, 12 * time.Second} {
		p := d.params(Snapshot{Variants: ladder(), MaxBuffer: lim, SegmentDuration: 10 * time.Second})
		if math.Abs(p.gp-2.2188231892) > 1e-9 || math.Abs(p.vp-4.5068935861) > 1e-9 {
			t.Fatalf("limit %v: gp %v vp %v", lim, p.gp, p.vp)
		}
	}
	p = d.params(Snapshot{Variants: ladder(), MaxBuffer: 30 * time.Second, SegmentDuration: 10 * time.Second})
	for _, c := range []struct {
		buf  float64
		want int
	}{{11, 0}, {12, 1}, {16, 2}, {18, 3}, {20, 4}, {22, 5}} {
		if got := p.quality(c.buf); got != c.want {
			t.Errorf("22 s target: quality(%v s) = %d, want %d", c.buf, got, c.want)
		}
	}
}

func TestBolaStates(t *testing.T) {
	const seg = 10 * time.Second
	base := func(now, buf time.Duration, cur, idx int, playing bool, samples []Sample) Snapshot {
		return Snapshot{Now: now, Buffer: buf, Playing: playing, Variants: ladder(), Samples: samples, Current: cur,
			SegmentIndex: idx, SegmentDuration: seg, MaxBuffer: 30 * time.Second}
	}
	x := func(v, segIdx int, mbps float64, aborted bool) Sample {
		return Sample{Variant: v, Segment: segIdx, Bytes: int64(mbps * 1e6 * 4 / 8), Duration: 4 * time.Second, Aborted: aborted}
	}
	b := NewBola(BolaConfig{})
	// No samples, nothing played: the startup policy.
	if d := b.Decide(base(0, 0, -1, 0, false, nil)); d.Priority != PriorityStrong || !strings.HasPrefix(d.Reason, "startup:") {
		t.Fatalf("first: %+v", d)
	}
	// One 5 Mbps download: safe 4.5 Mbps → 1080p, startup state.
	s1 := []Sample{x(1, 0, 5, false)}
	if d := b.Decide(base(4*time.Second, seg, 1, 1, true, s1)); d.Variant != 5 || !strings.HasPrefix(d.Reason, "bola startup: safe 4.50 Mbps") {
		t.Fatalf("startup: %+v", d)
	}
	if !b.steady || b.placeholder < 11.00 || b.placeholder > 11.02 { // minBuffer(5) − 10 s with a 22 s target
		t.Fatalf("after startup: steady %v placeholder %v", b.steady, b.placeholder)
	}
	// A stall in the steady state empties the placeholder: lowest at 5 s.
	s2 := append(s1, x(5, 1, 1, false))
	if d := b.Decide(base(8*time.Second, 5*time.Second, 5, 2, false, s2)); d.Variant != 0 || b.placeholder != 0 {
		t.Fatalf("stall: %+v, placeholder %v", d, b.placeholder)
	}
	// An aborted download caps the placeholder at minBuffer(current) − buffer.
	b.placeholder = 30
	s3 := append(s2, x(2, 2, 1, true), x(1, 2, 1, false))
	// minBuffer(360p) = 11.8 s < 14 s buffered: nothing left; BOLA at 14 s → 360p.
	if d := b.Decide(base(16*time.Second, 14*time.Second, 1, 3, true, s3)); d.Variant != 1 || b.placeholder != 0 {
		t.Fatalf("after an abort: %+v, placeholder %v", d, b.placeholder)
	}
	// Reset returns to the startup state.
	b.Reset()
	if b.steady || b.placeholder != 0 || b.t.called {
		t.Fatalf("after Reset: %+v", b)
	}
	if d := b.Decide(base(0, 0, -1, 0, false, nil)); !strings.HasPrefix(d.Reason, "startup:") {
		t.Fatalf("after Reset: %+v", d)
	}
	if d := NewBola(BolaConfig{}).Decide(base(0, 0, 2, 9, true, nil)); d.Variant != 2 || !strings.Contains(d.Reason, "hold") {
		t.Fatalf("no throughput after the first: %+v", d)
	}
	if d := NewBola(BolaConfig{}).Decide(Snapshot{Variants: ladder()[:1]}); d.Variant != 0 {
		t.Fatalf("one rendition: %+v", d)
	}
}

func TestInsufficientBuffer(t *testing.T) {
	const seg = 10 * time.Second
	r := NewInsufficientBuffer()
	snap := func(buf time.Duration, idx int, playing bool, samples []Sample) Snapshot {
		return Snapshot{Buffer: buf, Playing: playing, Variants: ladder(), Samples: samples, Current: 3, SegmentIndex: idx, SegmentDuration: seg}
	}
	// 4 Mbps samples with a 100 ms TTFB over 4 s: 4·4/3.9 = 4.103 Mbps of transfer.
	smp := func(i int) Sample {
		return Sample{Variant: 3, Segment: i, Bytes: 2e6, TTFB: 100 * time.Millisecond, Duration: 4 * time.Second}
	}
	var samples []Sample
	steps := []struct {
		buf     time.Duration
		playing bool
		want    int // NoOpinion while ignoring
	}{
		{0, false, NoOpinion},               // nothing downloaded
		{10 * time.Second, true, NoOpinion}, // one download: still ignoring
		// Two downloads: 4.103 × 15/10 × 0.5 = 3.08 Mbps × (1 − 0.1/10) → 720p.
		{15 * time.Second, true, 4},
		// 4 s buffered: 4.103 × 0.4 × 0.5 = 0.82 → 360p.
		{4 * time.Second, true, 1},
		{30 * time.Second, true, 5},
		{2 * time.Second, false, 0}, // stalled: lowest
	}
	for i, st := range steps {
		if i > 0 {
			samples = append(samples, smp(i-1))
		}
		d := r.Decide(snap(st.buf, i, st.playing, samples))
		if d.Variant != st.want {
			t.Fatalf("step %d: %+v, want %d", i, d, st.want)
		}
	}
	// A seek silences it again for two downloads.
	if d := r.Decide(snap(0, 40, false, samples)); d.Variant != NoOpinion {
		t.Fatalf("after a seek: %+v", d)
	}
}
