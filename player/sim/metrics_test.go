package sim

import (
	"testing"

	"smartplay/player/qoe"
)

// session builds a session of 4 s segments over Pensieve's ladder from
// per-chunk (variant, rebuffer s, buffer before s, throughput bit/s).
func session(chunks ...[4]float64) *Session {
	ladder := []float64{300, 750, 1200, 1850, 2850, 4300}
	heights := []int{180, 360, 432, 576, 720, 1080}
	s := &Session{SegmentDuration: 4, MaxBuffer: 60, Renditions: Envivio().renditions()}
	last := -1.0
	for i, c := range chunks {
		q := int(c[0])
		k := ladder[q]
		if last < 0 {
			last = k
		}
		ch := Chunk{Index: i, Variant: q, Kbps: k, Height: heights[q], Rebuffer: c[1], BufferBefore: c[2], Throughput: c[3]}
		ch.Reward = qoe.Reward(int64(k*1000), int64(last*1000), c[1])
		last = k
		if i == 0 {
			s.Startup = c[1]
		} else if c[1] > 0 {
			s.Stalls++
			s.StallTime += c[1]
		}
		s.Chunks = append(s.Chunks, ch)
	}
	return s
}

// want is what TestMetrics checks of a session's Metrics.
type want struct {
	chunks, stalls, switches, up, down, osc                      int
	startup, stall, play, hd, stallRatio, bitrate, rebuf, smooth float64
	bad                                                          qoe.BadCases
}

// TestMetrics checks the simulator's feed into player/qoe: segments,
// stalls, media time, bad cases (the definitions are player/qoe's).
func TestMetrics(t *testing.T) {
	tests := []struct {
		name string
		s    *Session
		want want
	}{
		{"steady", session([4]float64{1, 2, 0, 0}, [4]float64{1, 0, 4, 2e6}, [4]float64{1, 0, 4, 2e6}),
			want{chunks: 3, startup: 2, play: 12, bitrate: 0.75, rebuf: 2.0 / 3}},
		// Up to 720p, a stall on the next chunk, back down: one stall after
		// an upswitch, one oscillation.
		{"upswitch then stall", session([4]float64{1, 1, 0, 0}, [4]float64{4, 0, 4, 5e6}, [4]float64{4, 3, 4, 5e6}, [4]float64{1, 0, 4, 1e6}),
			want{chunks: 4, stalls: 1, switches: 2, up: 1, down: 1, osc: 1, startup: 1, stall: 3, play: 16, hd: 8,
				stallRatio: 3.0 / 19, bitrate: (0.75 + 2.85*2 + 0.75) / 4, rebuf: 1, smooth: 4.2 / 4,
				bad: qoe.BadCases{StallAfterUpswitch: 1, Total: 1}}},
		// 4300 kbps chosen with 2 s buffered and 3 Mbit/s measured.
		{"above throughput", session([4]float64{1, 1, 0, 0}, [4]float64{5, 0, 2, 3e6}),
			want{chunks: 2, switches: 1, up: 1, startup: 1, play: 8, hd: 4, bitrate: (0.75 + 4.3) / 2, rebuf: 0.5, smooth: 3.55 / 2,
				bad: qoe.BadCases{AboveThroughputLowBuffer: 1, Total: 1}}},
		// 300 kbps for 9 chunks (36 s) with 2 Mbit/s measured (two rungs
		// up is 1200 kbps) and 10 s buffered: one run stuck at the lowest.
		{"stuck at lowest", session([4]float64{0, 1, 0, 0}, [4]float64{0, 0, 10, 2e6}, [4]float64{0, 0, 10, 2e6},
			[4]float64{0, 0, 10, 2e6}, [4]float64{0, 0, 10, 2e6}, [4]float64{0, 0, 10, 2e6}, [4]float64{0, 0, 10, 2e6},
			[4]float64{0, 0, 10, 2e6}, [4]float64{0, 0, 10, 2e6}, [4]float64{0, 0, 10, 2e6}),
			want{chunks: 10, startup: 1, play: 40, bitrate: 0.3, rebuf: 0.1, bad: qoe.BadCases{StuckAtLowest: 1, Total: 1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.s.Metrics()
			w := tc.want
			var sum, after float64
			for i, c := range tc.s.Chunks {
				sum += c.Reward
				if i > 0 {
					after += c.Reward
				}
			}
			pairs := []struct {
				n       string
				g, w, e float64
			}{
				{"QoE", m.QoELin, sum, 1e-9}, {"QoE/chunk", m.QoEPerChunk, sum / float64(w.chunks), 1e-9},
				{"QoE after first", m.QoEAfterFirst, after, 1e-9}, {"QoE/chunk after first", m.QoEPerChunkAfterFirst, after / float64(w.chunks-1), 1e-9},
				{"bitrate", m.BitrateMbps, w.bitrate, 1e-9}, {"rebuffer", m.RebufferPerChunk, w.rebuf, 1e-9},
				{"smooth", m.SmoothnessPerChunk, w.smooth, 1e-9}, {"stall ratio", m.StallRatio, w.stallRatio, 1e-4},
				{"HD s", m.HDSeconds, w.hd, 1e-9}, {"HD share", m.HDShare, w.hd / w.play, 1e-4},
				{"play", m.PlayTime, w.play, 1e-3}, {"startup", m.StartupDelay, w.startup, 1e-3}, {"stall time", m.StallTime, w.stall, 1e-3},
			}
			for _, p := range pairs {
				if !near(p.g, p.w, p.e) {
					t.Errorf("%s = %v, want %v", p.n, p.g, p.w)
				}
			}
			if m.Segments != w.chunks || m.StallCount != w.stalls || m.Switches != w.switches || m.SwitchesUp != w.up ||
				m.SwitchesDown != w.down || m.Oscillations != w.osc || m.BadCases != w.bad {
				t.Errorf("counts %+v, want %+v", m, w)
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	a := session([4]float64{1, 2, 0, 0}, [4]float64{4, 0, 4, 5e6}) // 8 s played, half HD
	b := session([4]float64{1, 1, 0, 0}, [4]float64{1, 2, 4, 1e6}) // 8 s played, 2 s stalled
	a.Strategy, a.Trace, b.Strategy, b.Trace = "x", "t1", "x", "t2"
	c := session([4]float64{1, 0, 0, 0}, [4]float64{1, 0, 4, 1e6})
	c.Strategy, c.Trace = "y", "t1"
	sums := Summarize([]*Session{a, c, b})
	if len(sums) != 2 || sums[0].Strategy != "x" || sums[1].Strategy != "y" {
		t.Fatalf("%+v", sums)
	}
	x := sums[0]
	ma, mb := a.Metrics(), b.Metrics()
	if x.Traces != 2 || x.Sessions != 2 || x.Chunks != 4 || x.Stalls != 1 ||
		!near(x.QoEPerChunk, (ma.QoEPerChunk+mb.QoEPerChunk)/2, 1e-12) ||
		!near(x.QoESumAfterFirst, (ma.QoEAfterFirst+mb.QoEAfterFirst)/2, 1e-12) ||
		!near(x.StallRatio, 2.0/18, 1e-12) || !near(x.HDShare, 4.0/16, 1e-12) ||
		!near(x.SwitchesPerChunk, 1.0/4, 1e-12) || !near(x.Startup, 1.5, 1e-12) {
		t.Errorf("%+v", x)
	}
}
