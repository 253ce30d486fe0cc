package abr

import (
	"strings"
	"testing"
	"time"
)

func TestBBADecide(t *testing.T) {
	const seg = 10 * time.Second
	sec := func(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
	// MaxBuffer 30 s, 10 s segments: decisions see at most 20 s
	// (BufferCeiling); reservoir max(7.5 s, one segment) = 10 s, cushion
	// min(10.5 s, 90% of 20 s − 10 s) = 8 s; rate map
	// f(B) = 0.3 + 4.0 × (B − 10)/8 Mbps.
	easy := [][]int64{{200e3}, {500e3}, {800e3}, {1.2e6}, {1.9e6}, {3.0e6}}
	hard := [][]int64{{500e3}, {1.3e6}, {2.0e6}, {4.0e6}, {6e6}, {9e6}}
	tests := []struct {
		name   string
		buf    time.Duration
		cur    int
		maxBuf time.Duration
		seg    time.Duration
		sizes  [][]int64
		want   int
		reason string
	}{
		{"in the reservoir: lowest", 5 * time.Second, 3, 0, seg, nil, 0, "bba: buf 5.0s ≤ reservoir 10.0s → 180p"},
		{"at the reservoir edge: lowest", 10 * time.Second, 4, 0, seg, nil, 0, "≤ reservoir"},
		{"above the cushion: highest", 18 * time.Second, 0, 0, seg, nil, 5, "bba: buf 18.0s ≥ reservoir+cushion 18.0s → 1080p"},
		// f(12) = 1.3 Mbps.
		{"map passes the rate up: highest below the map", 12 * time.Second, 0, 0, seg, nil, 2, "map 1.30 Mbps → 432p"},
		{"between neighbours: hold", 12 * time.Second, 2, 0, seg, nil, 2, "432p"},
		{"map below the rate down: lowest above the map", 12 * time.Second, 4, 0, seg, nil, 3, "576p"},
		// f(14) = 2.3: 576p holds; f(15.5) = 3.05 passes 720p.
		{"hold at 14 s", 14 * time.Second, 3, 0, seg, nil, 3, "map 2.30 Mbps"},
		{"up at 15.5 s", sec(15.5), 3, 0, seg, nil, 4, "720p"},
		{"current above the ladder clamps", 14 * time.Second, 9, 0, seg, nil, 4, "720p"},
		{"unknown buffer limit: 30 s", sec(15.5), 3, -1, seg, nil, 4, "720p"},
		// Pensieve's model: 60 s limit, 4 s chunks → ceiling 56 s,
		// reservoir 21 s, cushion 29.4 s; f(30) = 1.52.
		{"60 s buffer, 4 s chunks", 30 * time.Second, 1, 60 * time.Second, 4 * time.Second, nil, 2, "map 1.52 Mbps"},
		{"60 s buffer: reservoir 21 s", 21 * time.Second, 5, 60 * time.Second, 4 * time.Second, nil, 0, "reservoir 21.0s"},
		// A short buffer limit: the reservoir is at least one segment.
		{"reservoir at least a segment", 9 * time.Second, 2, 12 * time.Second, seg, nil, 0, "reservoir 10.0s"},
		// BBA-1: chunk map from 375 kB to 5375 kB; f(14) = 2875 kB, f(15) = 3500 kB.
		{"chunk map: easy segment goes up", 14 * time.Second, 3, 0, seg, easy, 4, "map 2875 kB (chunk map) → 720p"},
		{"chunk map: hard segment holds", 14 * time.Second, 3, 0, seg, hard, 3, "576p"},
		{"chunk map: hard segment steps down", 15 * time.Second, 4, 0, seg, hard, 3, "576p"},
		{"rate map at the same point holds", 15 * time.Second, 4, 0, seg, nil, 4, "map 2.80 Mbps → 720p"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := Snapshot{Variants: ladder(), Buffer: tc.buf, Current: tc.cur, SegmentDuration: tc.seg,
				MaxBuffer: 30 * time.Second, NextSizes: tc.sizes, Samples: steady(3e6, 3)}
			if tc.maxBuf != 0 {
				s.MaxBuffer = max(tc.maxBuf, 0)
			}
			d := NewBBA(BBAConfig{}).Decide(s)
			if d.Variant != tc.want || !strings.Contains(d.Reason, tc.reason) {
				t.Fatalf("Decide = %d %q; want %d with %q", d.Variant, d.Reason, tc.want, tc.reason)
			}
			if d.Deadline != DownloadDeadline(s, d.Variant) || d.Priority != PriorityDefault {
				t.Fatalf("deadline %v priority %v", d.Deadline, d.Priority)
			}
		})
	}
}

// TestBBASequence runs BBA over a buffer trajectory, each decision
// becoming the next Current, as the controller does.
func TestBBASequence(t *testing.T) {
	// f(B) = 0.3 + 0.5 (B − 10) Mbps: 11 → 0.8, 12 → 1.3, 13 → 1.8 (hold),
	// 14 → 2.3, 15 → 2.8 (hold), 16 → 3.3, 17 → 3.8 (hold), 18 s the top;
	// on the way down 16 s holds 1080p (hysteresis), then 14, 12 and 11 s
	// step to the lowest rate above the map, 10 s is the reservoir.
	bufs := []float64{0, 8, 11, 12, 13, 14, 15, 16, 17, 18, 16, 14, 12, 11, 10}
	want := []int{1, 0, 1, 2, 2, 3, 3, 4, 4, 5, 5, 4, 3, 2, 0}
	b := NewBBA(BBAConfig{})
	cur := -1
	var got []int
	for _, buf := range bufs {
		d := b.Decide(Snapshot{Variants: ladder(), Buffer: time.Duration(buf * float64(time.Second)), Current: cur,
			SegmentDuration: 10 * time.Second, MaxBuffer: 30 * time.Second, Network: NetworkHint{Signal: -1}})
		got = append(got, d.Variant)
		cur = d.Variant
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("decisions %v, want %v", got, want)
		}
	}
}

func TestBBAConfig(t *testing.T) {
	s := Snapshot{SegmentDuration: 4 * time.Second, MaxBuffer: 40 * time.Second}
	r, c := NewBBA(BBAConfig{ReservoirShare: 0.25, CushionShare: 0.5}).Map(s)
	// Shares of the 36 s ceiling (40 s limit − one 4 s segment).
	if r != 9*time.Second || c != 18*time.Second {
		t.Fatalf("Map = %v, %v; want 9s, 18s", r, c)
	}
	// The cushion stops at 90% of the ceiling: 32.4 s − 18 s.
	r, c = NewBBA(BBAConfig{ReservoirShare: 0.5, CushionShare: 0.6}).Map(s)
	if r != 18*time.Second || c != 14400*time.Millisecond {
		t.Fatalf("Map = %v, %v; want 18s, 14.4s", r, c)
	}
	if d := NewBBA(BBAConfig{}).Decide(Snapshot{}); d.Reason != "bba: no renditions" {
		t.Fatalf("no renditions: %+v", d)
	}
}
