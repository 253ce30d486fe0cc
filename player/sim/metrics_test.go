package sim

import "testing"

// session builds a session of 4 s segments over Pensieve's ladder from
// per-chunk (variant, rebuffer s, buffer before s, throughput bit/s).
func session(chunks ...[4]float64) *Session {
	ladder := []float64{300, 750, 1200, 1850, 2850, 4300}
	heights := []int{180, 360, 432, 576, 720, 1080}
	s := &Session{SegmentDuration: 4, MaxBuffer: 60, LadderKbps: ladder}
	last := -1.0
	for i, c := range chunks {
		q := int(c[0])
		k := ladder[q]
		if last < 0 {
			last = k
		}
		ch := Chunk{Index: i, Variant: q, Kbps: k, Height: heights[q], Rebuffer: c[1], BufferBefore: c[2], Throughput: c[3]}
		ch.Reward = reward(k, last, c[1])
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

func TestMetrics(t *testing.T) {
	tests := []struct {
		name string
		s    *Session
		want Metrics
	}{
		{"steady", session([4]float64{1, 2, 0, 0}, [4]float64{1, 0, 4, 2e6}, [4]float64{1, 0, 4, 2e6}),
			Metrics{Chunks: 3, QoE: 0.75*3 - 4.3*2, QoEAfterFirst: 1.5, QoEPerChunkAfterFirst: 0.75, BitrateMbps: 0.75,
				RebufferPerChunk: 2.0 / 3, Startup: 2, PlayTime: 12}},
		// Up to 4 (720p), a stall on the next chunk, back down: one
		// upswitch blamed for the stall, one oscillation.
		{"upswitch then stall", session([4]float64{1, 1, 0, 0}, [4]float64{4, 0, 4, 5e6}, [4]float64{4, 3, 4, 5e6}, [4]float64{1, 0, 4, 1e6}),
			Metrics{Chunks: 4, Startup: 1, Stalls: 1, StallTime: 3, PlayTime: 16, StallRatio: 3.0 / 19, HDShare: 0.5,
				Switches: 2, SwitchesUp: 1, SwitchesDown: 1, Oscillations: 1, SmoothMbpsPerChunk: 4.2 / 4,
				BitrateMbps: (0.75 + 2.85*2 + 0.75) / 4, RebufferPerChunk: 1,
				Bad: BadCases{StallAfterUpswitch: 1}}},
		// 4300 kbps chosen with 2 s buffered and 3 Mbit/s measured.
		{"above throughput", session([4]float64{1, 1, 0, 0}, [4]float64{5, 0, 2, 3e6}),
			Metrics{Chunks: 2, Startup: 1, PlayTime: 8, HDShare: 0.5, Switches: 1, SwitchesUp: 1, SmoothMbpsPerChunk: 3.55 / 2,
				BitrateMbps: (0.75 + 4.3) / 2, RebufferPerChunk: 0.5, Bad: BadCases{AboveThroughputLowBuffer: 1}}},
		// 300 kbps for 9 chunks (36 s) with 2 Mbit/s (≥ 1200 kbps, two
		// rungs up) and 10 s buffered: one stuck run after 30 s (8 chunks).
		{"stuck at lowest", session([4]float64{0, 1, 0, 0}, [4]float64{0, 0, 10, 2e6}, [4]float64{0, 0, 10, 2e6},
			[4]float64{0, 0, 10, 2e6}, [4]float64{0, 0, 10, 2e6}, [4]float64{0, 0, 10, 2e6}, [4]float64{0, 0, 10, 2e6},
			[4]float64{0, 0, 10, 2e6}, [4]float64{0, 0, 10, 2e6}, [4]float64{0, 0, 10, 2e6}),
			Metrics{Chunks: 10, Startup: 1, PlayTime: 40, BitrateMbps: 0.3, RebufferPerChunk: 0.1, Bad: BadCases{StuckAtLowest: 1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.s.Metrics()
			w := tc.want
			if w.QoE == 0 {
				for _, c := range tc.s.Chunks {
					w.QoE += c.Reward
				}
				w.QoEAfterFirst = w.QoE - tc.s.Chunks[0].Reward
				w.QoEPerChunkAfterFirst = w.QoEAfterFirst / float64(len(tc.s.Chunks)-1)
			}
			w.QoEPerChunk = w.QoE / float64(w.Chunks)
			pairs := []struct {
				n    string
				g, w float64
			}{
				{"QoE", got.QoE, w.QoE}, {"QoE/chunk", got.QoEPerChunk, w.QoEPerChunk},
				{"QoE after first", got.QoEAfterFirst, w.QoEAfterFirst}, {"QoE/chunk after first", got.QoEPerChunkAfterFirst, w.QoEPerChunkAfterFirst},
				{"bitrate", got.BitrateMbps, w.BitrateMbps}, {"rebuffer", got.RebufferPerChunk, w.RebufferPerChunk},
				{"smooth", got.SmoothMbpsPerChunk, w.SmoothMbpsPerChunk}, {"stall ratio", got.StallRatio, w.StallRatio},
				{"HD share", got.HDShare, w.HDShare}, {"play", got.PlayTime, w.PlayTime}, {"startup", got.Startup, w.Startup},
				{"stall time", got.StallTime, w.StallTime},
			}
			for _, p := range pairs {
				if !near(p.g, p.w, 1e-9) {
					t.Errorf("%s = %v, want %v", p.n, p.g, p.w)
				}
			}
			if got.Chunks != w.Chunks || got.Stalls != w.Stalls || got.Switches != w.Switches || got.SwitchesUp != w.SwitchesUp ||
				got.SwitchesDown != w.SwitchesDown || got.Oscillations != w.Oscillations || got.Bad != w.Bad {
				t.Errorf("counts %+v, want %+v", got, w)
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
