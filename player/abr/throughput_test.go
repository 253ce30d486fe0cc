package abr

import (
	"testing"
	"time"
)

// ladder is the simulator's ladder: 300…4300 kbps at 180p…1080p.
func ladder() []Variant {
	rungs := []struct {
		kbps int64
		h    int
	}{{300, 180}, {750, 360}, {1200, 432}, {1850, 576}, {2850, 720}, {4300, 1080}}
	vs := make([]Variant, len(rungs))
	for i, r := range rungs {
		vs[i] = Variant{Bandwidth: r.kbps * 1100, AverageBandwidth: r.kbps * 1000, Height: r.h, Width: r.h * 16 / 9}
	}
	return vs
}

func steady(bps float64, n int) []Sample {
	out := make([]Sample, n)
	for i := range out {
		out[i] = sample(bps, 2*time.Second)
	}
	return out
}

func TestThroughputDecide(t *testing.T) {
	const seg = 10 * time.Second
	tests := []struct {
		name   string
		snap   Snapshot
		want   int
		reason string
		dl     time.Duration
	}{
		{"no rungs", Snapshot{}, 0, "throughput: no renditions", 0},
		{"nothing known: middle", Snapshot{SegmentDuration: seg}, 2, "no estimate yet → middle 432p", 0},
		{"steady 5 Mbps", Snapshot{Samples: steady(5e6, 3), SegmentDuration: seg, Buffer: 30 * time.Second},
			4, "est 5.0 Mbps × 0.8 → 720p", 35400 * time.Millisecond}, // DownloadDeadline: 6 × (5.7 s + 0.2 s)
		{"steady 6 Mbps reaches 1080p", Snapshot{Samples: steady(6e6, 3), SegmentDuration: seg},
			5, "est 6.0 Mbps × 0.8 → 1080p", 0}, // empty buffer: no deadline
		{"1 Mbps", Snapshot{Samples: steady(1e6, 3), SegmentDuration: seg, Buffer: 12 * time.Second},
			1, "est 1.0 Mbps × 0.8 → 360p", 46200 * time.Millisecond}, // floor: 6 × (7.5 s + 0.2 s)
		{"too slow for anything", Snapshot{Samples: steady(0.2e6, 10), SegmentDuration: seg},
			0, "est 0.2 Mbps × 0.8 → 180p (lowest)", 0},
		{"last session", Snapshot{Last: &SessionMemory{Throughput: 3e6, Age: 10 * time.Minute}, SegmentDuration: seg},
			3, "last session 3.0 Mbps × 0.8 → 576p", 0},
		{"stale session ignored", Snapshot{Last: &SessionMemory{Throughput: 3e6, Age: 2 * time.Hour}, SegmentDuration: seg},
			2, "no estimate yet → middle 432p", 0},
		{"samples beat session", Snapshot{Samples: steady(1e6, 3), Last: &SessionMemory{Throughput: 9e6}},
			1, "est 1.0 Mbps × 0.8 → 360p", 0},
		{"wifi full signal", Snapshot{Network: NetworkHint{Type: NetworkWiFi, Signal: 4}},
			4, "wifi hint 5.0 Mbps × 0.8 → 720p", 0},
		{"wifi weak signal", Snapshot{Network: NetworkHint{Type: NetworkWiFi, Signal: 1}},
			2, "wifi hint 2.0 Mbps × 0.8 → 432p", 0},
		{"cellular unknown signal", Snapshot{Network: NetworkHint{Type: NetworkCellular, Signal: -1}},
			2, "cellular hint 2.0 Mbps × 0.8 → 432p", 0},
		{"ethernet", Snapshot{Network: NetworkHint{Type: NetworkEthernet, Signal: -1}},
			5, "ethernet hint 8.0 Mbps × 0.8 → 1080p", 0},
		{"short rtt", Snapshot{Network: NetworkHint{RTT: 20 * time.Millisecond}},
			4, "rtt 20ms hint 4.0 Mbps × 0.8 → 720p", 0},
		{"long rtt", Snapshot{Network: NetworkHint{RTT: 400 * time.Millisecond}},
			0, "rtt 400ms hint 0.8 Mbps × 0.8 → 180p", 0},
		{"too few bytes: hint used", Snapshot{Samples: steady(0.4e6, 1), Network: NetworkHint{Type: NetworkWiFi, Signal: 4}},
			4, "wifi hint 5.0 Mbps × 0.8 → 720p", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name != "no rungs" {
				tc.snap.Variants = ladder()
			}
			d := NewThroughput(ThroughputConfig{}).Decide(tc.snap)
			if d.Variant != tc.want || d.Reason != tc.reason || d.Deadline != tc.dl {
				t.Fatalf("Decide = %+v; want variant %d, reason %q, deadline %v", d, tc.want, tc.reason, tc.dl)
			}
		})
	}
}

// TestThroughputSequence feeds a growing history, as the controller
// does, and checks each decision: up on a fast link, down at once when it
// collapses, back up only as the slow average recovers.
func TestThroughputSequence(t *testing.T) {
	// Expected values recomputed independently (Python, same formulas):
	// the estimate after each step in Mbps is given in the comment.
	steps := []struct {
		bps  float64 // throughput of the 2 s download finished before this step
		want int
	}{
		{0, 2},      // no samples: middle rung
		{6e6, 5},    // 6.00: 1.5 MB sampled, 4.8 Mbps budget → 1080p
		{6e6, 5},    // 6.00
		{6e6, 5},    // 6.00
		{1e6, 3},    // 3.33: the fast average halves the gap at once
		{1e6, 2},    // 2.13
		{1e6, 2},    // 1.56
		{5e6, 3},    // 3.22: the slow average holds the rise back (fast says 3.5)
		{5e6, 4},    // 3.70
		{5e6, 4},    // 4.04
		{5e6, 4},    // 4.29: 720p, 1080p needs 5.4
		{0.2e6, 3},  // 2.49: outage
		{0.2e6, 1},  // 1.35
		{10e6, 4},   // 4.36: the slow average caps the jump
		{10e6, 5},   // 5.75
		{10e6, 5},   // 6.80
		{10e6, 5},   // 7.58
		{0.25e6, 4}, // 4.85: a single bad download costs one rung
	}
	var samples []Sample
	strat := NewThroughput(ThroughputConfig{})
	var got []int
	for _, st := range steps {
		if st.bps > 0 {
			samples = append(samples, sample(st.bps, 2*time.Second))
		}
		d := strat.Decide(Snapshot{Variants: ladder(), Samples: samples, SegmentDuration: 10 * time.Second})
		got = append(got, d.Variant)
	}
	for i, st := range steps {
		if got[i] != st.want {
			t.Fatalf("decisions %v; step %d want %d", got, i, st.want)
		}
	}
}

func TestFixedDecide(t *testing.T) {
	tests := []struct {
		name     string
		variant  int
		variants []Variant
		want     int
		reason   string
	}{
		{"720p", 4, ladder(), 4, "fixed 720p"},
		{"lowest", 0, ladder(), 0, "fixed 180p"},
		{"above ladder clamps", 9, ladder(), 5, "fixed 1080p (clamped)"},
		{"negative clamps", -3, ladder(), 0, "fixed 180p (clamped)"},
		{"no resolution: bitrate", 1, []Variant{{Bandwidth: 300000}, {Bandwidth: 2850000}}, 1, "fixed 2850k"},
		{"nothing known: index", 0, []Variant{{}}, 0, "fixed #0"},
		{"no rungs", 2, nil, 0, "fixed: no renditions"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := NewFixed(tc.variant)
			// The same answer whatever the link does.
			for _, samples := range [][]Sample{nil, steady(0.1e6, 5), steady(50e6, 5)} {
				d := f.Decide(Snapshot{Variants: tc.variants, Samples: samples, Buffer: time.Second})
				if d.Variant != tc.want || d.Reason != tc.reason || d.Deadline != 0 {
					t.Fatalf("Decide = %+v; want %d %q", d, tc.want, tc.reason)
				}
			}
		})
	}
}
