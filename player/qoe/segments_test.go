package qoe

import (
	"math"
	"reflect"
	"testing"
	"time"
)

// simLadder is the simulator's ladder: 300 … 4300 kbps at 180p … 1080p.
var simLadder = []Rendition{{"180p", 300e3, 180}, {"360p", 750e3, 360}, {"432p", 1200e3, 432},
	{"576p", 1850e3, 576}, {"720p", 2850e3, 720}, {"1080p", 4300e3, 1080}}

// seg is a segment of dur at index i (Start = i·dur).
func seg(i, v int, dur time.Duration, rebuf float64, buf time.Duration, thr float64) Segment {
	return Segment{Index: i, Variant: v, Start: time.Duration(i) * dur, Duration: dur, Rebuffer: rebuf, Buffer: buf, Throughput: thr}
}

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func TestPlayedSegmentFigures(t *testing.T) {
	const c = 4 * time.Second // Pensieve's chunk
	const ten = 10 * time.Second
	s := time.Second
	tests := []struct {
		name     string
		ladder   []Rendition
		segs     []Segment
		qoe      float64 // QoE_lin sum
		perChunk float64
		after    float64
		bitrate  float64
		rebuf    float64
		smooth   float64
		osc      int
		bad      BadCases
		up, down int
		stalls   int
	}{
		{
			// r = 0.75−8.6 | 1.85−1.1 | 2.85−2.15−1 | 1.2−1.65 | 1.2
			name:   "up, up with a stall, down",
			ladder: simLadder,
			segs: []Segment{seg(0, 1, c, 2, 0, 0), seg(1, 3, c, 0, 4*s, 2e6), seg(2, 4, c, 0.5, 3*s, 2e6),
				seg(3, 2, c, 0, 6*s, 1e6), seg(4, 2, c, 0, 8*s, 1.5e6)},
			qoe: -6.65, perChunk: -1.33, after: 0.3, bitrate: 1.57, rebuf: 0.5, smooth: 0.75,
			osc: 2, bad: BadCases{StallAfterUpswitch: 1, AboveThroughputLowBuffer: 1, Total: 2}, up: 2, down: 1, stalls: 1,
		},
		{
			name:   "one segment: nothing after the first",
			ladder: simLadder,
			segs:   []Segment{seg(0, 5, c, 0.25, 0, 0)},
			qoe:    4.3 - 4.3*0.25, perChunk: 4.3 - 4.3*0.25, bitrate: 4.3, rebuf: 0.25,
		},
		{
			// Up at 1; stalls at 3 (two after: counts) and 4 (three after: not).
			name:   "stall window after an upswitch",
			ladder: simLadder,
			segs: []Segment{seg(0, 0, c, 0, 0, 0), seg(1, 1, c, 0, 8*s, 0), seg(2, 1, c, 0, 8*s, 0),
				seg(3, 1, c, 1, 8*s, 0), seg(4, 1, c, 1, 8*s, 0)},
			qoe: 0.3 + 0.75 - 0.45 + 0.75 + 0.75 - 4.3 + 0.75 - 4.3, bitrate: (0.3 + 4*0.75) / 5, rebuf: 0.4, smooth: 0.09,
			bad: BadCases{StallAfterUpswitch: 1, Total: 1}, up: 1, stalls: 2,
		},
		{
			// 3 × 10 s qualify (one run), a low buffer breaks it, 3 more
			// qualify (a second run); then the link allows only one rung.
			name:   "stuck at the lowest",
			ladder: simLadder,
			segs: []Segment{seg(0, 0, ten, 0, 0, 0), seg(1, 0, ten, 0, 20*s, 1.3e6), seg(2, 0, ten, 0, 25*s, 1.3e6),
				seg(3, 0, ten, 0, 20*s, 1.2e6), seg(4, 0, ten, 0, 5*s, 1.3e6), seg(5, 0, ten, 0, 20*s, 1.3e6),
				seg(6, 0, ten, 0, 20*s, 1.3e6), seg(7, 0, ten, 0, 20*s, 1.3e6), seg(8, 0, ten, 0, 20*s, 1.3e6),
				seg(9, 0, ten, 0, 20*s, 1.1e6), seg(10, 0, ten, 0, 20*s, 1.1e6), seg(11, 0, ten, 0, 20*s, 1.1e6)},
			qoe: 12 * 0.3, perChunk: 0.3, after: 0.3, bitrate: 0.3,
			bad: BadCases{StuckAtLowest: 2, Total: 2},
		},
		{
			name:   "a two-rung ladder is never stuck",
			ladder: simLadder[:2],
			segs: []Segment{seg(0, 0, ten, 0, 0, 0), seg(1, 0, ten, 0, 30*s, 9e6), seg(2, 0, ten, 0, 30*s, 9e6),
				seg(3, 0, ten, 0, 30*s, 9e6), seg(4, 0, ten, 0, 30*s, 9e6)},
			qoe: 1.5, perChunk: 0.3, after: 0.3, bitrate: 0.3,
		},
		{
			// Above the measured throughput: only with less than a segment
			// buffered and a throughput known.
			name:   "above throughput with a low buffer",
			ladder: simLadder,
			segs: []Segment{seg(0, 3, c, 0, 0, 0), seg(1, 3, c, 0, 3*s, 1e6), seg(2, 3, c, 0, 5*s, 1e6),
				seg(3, 3, c, 0, 3*s, 2e6), seg(4, 3, c, 0, 0, 1.8e6)},
			qoe: 5 * 1.85, perChunk: 1.85, after: 1.85, bitrate: 1.85,
			bad: BadCases{AboveThroughputLowBuffer: 2, Total: 2},
		},
		{
			// 1→4 up, 4→5 up, 5→4 down: the second upswitch is undone,
			// the first is not (4 is not below its own level).
			name:   "oscillation needs a drop below the upswitched level",
			ladder: simLadder,
			segs:   []Segment{seg(0, 1, c, 0, 0, 0), seg(1, 4, c, 0, 8*s, 0), seg(2, 5, c, 0, 8*s, 0), seg(3, 4, c, 0, 8*s, 0), seg(4, 1, c, 0, 8*s, 0), seg(5, 4, c, 0, 8*s, 0)},
			qoe:    0.75 + 2.85 - 2.1 + 4.3 - 1.45 + 2.85 - 1.45 + 0.75 - 2.1 + 2.85 - 2.1, bitrate: (0.75 + 2.85*3 + 4.3 + 0.75) / 6,
			smooth: (2.1 + 1.45 + 1.45 + 2.1 + 2.1) / 6, osc: 2, up: 3, down: 2,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr := NewTracker(tc.ladder)
			for _, g := range tc.segs {
				tr.Played(g)
			}
			got := tr.Summary()
			n := len(tc.segs)
			if tc.perChunk == 0 {
				tc.perChunk = tc.qoe / float64(n)
			}
			if tc.after == 0 && n > 1 {
				first := Reward(tc.ladder[tc.segs[0].Variant].Bitrate, tc.ladder[tc.segs[0].Variant].Bitrate, tc.segs[0].Rebuffer)
				tc.after = (tc.qoe - first) / float64(n-1)
			}
			if got.Segments != n || !near(got.QoELin, tc.qoe) || !near(got.QoEPerChunk, tc.perChunk) ||
				!near(got.QoEPerChunkAfterFirst, tc.after) || !near(got.BitrateMbps, tc.bitrate) ||
				!near(got.RebufferPerChunk, tc.rebuf) || !near(got.SmoothnessPerChunk, tc.smooth) {
				t.Errorf("segments %d qoe %v/%v/%v bitrate %v rebuf %v smooth %v\nwant %d %v/%v/%v %v %v %v", got.Segments,
					got.QoELin, got.QoEPerChunk, got.QoEPerChunkAfterFirst, got.BitrateMbps, got.RebufferPerChunk, got.SmoothnessPerChunk,
					n, tc.qoe, tc.perChunk, tc.after, tc.bitrate, tc.rebuf, tc.smooth)
			}
			if got.Oscillations != tc.osc || got.BadCases != tc.bad || got.SwitchesUp != tc.up || got.SwitchesDown != tc.down ||
				got.StallCount != tc.stalls {
				t.Errorf("osc %d bad %+v up %d down %d stalls %d; want %d %+v %d %d %d", got.Oscillations, got.BadCases,
					got.SwitchesUp, got.SwitchesDown, got.StallCount, tc.osc, tc.bad, tc.up, tc.down, tc.stalls)
			}
			if want := sec(time.Duration(float64(n) * float64(tc.segs[0].Duration))); got.PlayTime != want {
				t.Errorf("play %v, want %v", got.PlayTime, want)
			}
		})
	}
}

// The time-based figures of the simulator's feed: startup is the first
// segment's wait, later waits are stalls, time is per rendition.
func TestPlayedTimeFigures(t *testing.T) {
	const c = 4 * time.Second
	s := time.Second
	tr := NewTracker(simLadder)
	for _, g := range []Segment{seg(0, 1, c, 2, 0, 0), seg(1, 3, c, 0, 4*s, 2e6), seg(2, 4, c, 0.5, 3*s, 2e6),
		seg(3, 2, c, 0, 6*s, 1e6), seg(4, 2, c, 0, 8*s, 1.5e6)} {
		tr.Played(g)
	}
	got := tr.Summary()
	if got.StartupDelay != 2 || got.PlayTime != 20 || got.StallTime != 0.5 || got.StallRatio != 0.0244 ||
		got.HDShare != 0.2 || got.MeanBitrateKbps != 1570 || got.Switches != 3 {
		t.Errorf("%+v", got)
	}
	want := []RenditionTime{{0, "180p", 0}, {1, "360p", 4}, {2, "432p", 8}, {3, "576p", 4}, {4, "720p", 4}, {5, "1080p", 0}}
	if !reflect.DeepEqual(got.PerRendition, want) {
		t.Errorf("per rendition %v", got.PerRendition)
	}
}

func TestMeasuredThroughput(t *testing.T) {
	tests := []struct {
		rates []float64
		want  float64
	}{
		{nil, 0},
		{[]float64{0, -1}, 0},
		{[]float64{1e6}, 1e6},
		{[]float64{1e6, 4e6}, 1.6e6},
		// The last five only: 9e6 and 8e6 are too old.
		{[]float64{9e6, 8e6, 1e6, 1e6, 2e6, 2e6, 4e6}, 5 / (1/1e6 + 1/1e6 + 1/2e6 + 1/2e6 + 1/4e6)},
		// A zero (an empty download) is skipped, not a division by zero.
		{[]float64{2e6, 0, 2e6}, 2e6},
	}
	for _, tc := range tests {
		if got := MeasuredThroughput(tc.rates); !near(got, tc.want) {
			t.Errorf("MeasuredThroughput(%v) = %v, want %v", tc.rates, got, tc.want)
		}
	}
}

func TestReward(t *testing.T) {
	// Pensieve's reward with R in kbps: R/1000 − 4.3·rebuf − |R − R'|/1000.
	tests := []struct {
		r, prev int64
		rebuf   float64
		want    float64
	}{
		{750e3, 750e3, 0, 0.75},
		{4300e3, 300e3, 0, 0.3},
		{300e3, 4300e3, 1.5, 0.3 - 6.45 - 4},
	}
	for _, tc := range tests {
		if got := Reward(tc.r, tc.prev, tc.rebuf); !near(got, tc.want) {
			t.Errorf("Reward(%d, %d, %v) = %v, want %v", tc.r, tc.prev, tc.rebuf, got, tc.want)
		}
	}
}
