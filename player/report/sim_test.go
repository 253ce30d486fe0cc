package report

import (
	"math"
	"testing"
	"time"

	"smartplay/player/abr"
	"smartplay/player/sim"
)

// stallTrace: 8 Mbit/s for 12 s, nothing until 40 s, then 8 Mbit/s.
func stallTrace() *sim.Trace {
	return &sim.Trace{Name: "gap", Time: []float64{0, 12, 40, 1000}, Mbps: []float64{0, 8, 0, 8}}
}

// twoRungs is a video of n 10 s segments at 1 and 4 Mbit/s.
func twoRungs(n int) *sim.Video {
	v := &sim.Video{Name: "two", Segments: n, SegmentDuration: 10 * time.Second,
		Variants: []abr.Variant{{Bandwidth: 1_000_000, Height: 360}, {Bandwidth: 4_000_000, Height: 720}}}
	v.Sizes = make([][]int64, 2)
	for range n {
		v.Sizes[0] = append(v.Sizes[0], 4_000_000)
		v.Sizes[1] = append(v.Sizes[1], 8_000_000)
	}
	return v
}

func TestFromSimStalls(t *testing.T) {
	// player/sim's stall case: 4 MB segments at 8 Mbit/s (4.1 s each with
	// the RTT); segment 2 waits for the link to come back at 40 s, and the
	// playhead, at 4.303 + 20 s, stalls 16.2 s.
	cfg := sim.RealisticConfig{RTT: 100 * time.Millisecond, PlaylistBytes: 1000}
	ss, err := sim.RunRealistic(abr.NewFixed(0), stallTrace(), twoRungs(4), cfg, 0)
	if err != nil {
		t.Fatal(err)
	}
	ss.Strategy = "fixed"
	s := FromSim(ss, stallTrace())
	if len(s.Stalls) != 1 || !near(s.Stalls[0].Start, 24.303) || !near(s.Stalls[0].End, 40.503) {
		t.Fatalf("stalls %+v, want one 24.303-40.503", s.Stalls)
	}
	var stalled float64
	for _, sp := range s.Stalls {
		stalled += sp.End - sp.Start
	}
	if !near(stalled, ss.StallTime) {
		t.Errorf("stall time %v, the model's %v", stalled, ss.StallTime)
	}
	if len(s.Shown) != 1 || !near(s.Shown[0].T, ss.Startup) || s.Shown[0].V != 0 {
		t.Errorf("shown %+v (startup %v)", s.Shown, ss.Startup)
	}
	// playback ends 4 segments after it started, plus the stall
	if !near(s.End, ss.Startup+40+ss.StallTime) {
		t.Errorf("end %v", s.End)
	}
	if len(s.Chosen) != 4 || len(s.Buffer) != 4 || len(s.Downloads) != 4 || s.Bytes != 16_000_000 {
		t.Errorf("chosen %d buffer %d downloads %d bytes %d", len(s.Chosen), len(s.Buffer), len(s.Downloads), s.Bytes)
	}
	if d := s.Downloads[0]; !near(d.Kbps, 4e6*8/4100) {
		t.Errorf("download 0: %+v, want 4 MB in 4.1 s", d)
	}
	// The trace's rate: 8000 kbit/s, then 0 from 12 s to 40 s.
	for _, p := range s.Trace {
		want := 8000.0
		if p.T >= 12 && p.T+traceStepMin <= 40 {
			want = 0
		}
		if p.T+traceStepMin <= 12 || p.T >= 40 || want == 0 {
			if !near(p.V, want) {
				t.Errorf("trace at %v s: %v kbit/s, want %v", p.T, p.V, want)
			}
		}
	}
	if s.QoE == nil || s.QoE.StallCount != 1 {
		t.Errorf("qoe %+v", s.QoE)
	}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-6 }
