package abr

import (
	"strings"
	"testing"
	"time"
)

func TestBBADecide(t *testing.T) {
	const seg = 10 * time.Second
	sec := func(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
	// MaxBuffer 30 s, 10 s segments: reservoir 11.25 s, cushion 15.75 s;
	// rate map f(B) = 0.3 + 4.0 × (B − 11.25)/15.75 Mbps.
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
		{"in the reservoir: lowest", 5 * time.Second, 3, 0, seg, nil, 0, "bba: buf 5.0s ≤ reservoir 11.2s → 180p"},
		{"at the reservoir edge: lowest", sec(11.25), 4, 0, seg, nil, 0, "≤ reservoir"},
		{"above the cushion: highest", 27 * time.Second, 0, 0, seg, nil, 5, "bba: buf 27.0s ≥ reservoir+cushion 27.0s → 1080p"},
		// f(15) = 1.25 Mbps.
		{"map passes the rate up: highest below the map", 15 * time.Second, 0, 0, seg, nil, 2, "map 1.25 Mbps → 432p"},
		{"between neighbours: hold", 15 * time.Second, 2, 0, seg, nil, 2, "432p"},
		{"map below the rate down: lowest above the map", 15 * time.Second, 4, 0, seg, nil, 3, "576p"},
		// f(20) = 2.52: 576p holds; f(22) = 3.03 passes 720p.
		{"hold at 20 s", 20 * time.Second, 3, 0, seg, nil, 3, "map 2.52 Mbps"},
		{"up at 22 s", 22 * time.Second, 3, 0, seg, nil, 4, "720p"},
		{"current above the ladder clamps", 20 * time.Second, 9, 0, seg, nil, 4, "720p"},
		{"unknown buffer limit: 30 s", 22 * time.Second, 3, -1, seg, nil, 4, "720p"},
		// Pensieve's model: 60 s buffer, 4 s chunks → reservoir 22.5 s, cushion 31.5 s; f(30) = 1.25.
		{"60 s buffer, 4 s chunks", 30 * time.Second, 1, 60 * time.Second, 4 * time.Second, nil, 2, "map 1.25 Mbps"},
		{"60 s buffer: reservoir 22.5 s", 22 * time.Second, 5, 60 * time.Second, 4 * time.Second, nil, 0, "reservoir 22.5s"},
		// A short buffer limit: the reservoir is at least one segment.
		{"reservoir at least a segment", 9 * time.Second, 2, 12 * time.Second, seg, nil, 0, "reservoir 10.0s"},
		// BBA-1: chunk map from 375 kB to 5375 kB; f(20) = 3153 kB.
		{"chunk map: easy segment goes up", 20 * time.Second, 3, 0, seg, easy, 5, "map 3153 kB (chunk map) → 1080p"},
		{"chunk map: hard segment holds", 20 * time.Second, 3, 0, seg, hard, 3, "576p"},
		// f(22) = 3788 kB: 576p's hard segment (4.0 MB) is above it: down.
		{"chunk map: hard segment steps down", 22 * time.Second, 4, 0, seg, hard, 3, "576p"},
		{"rate map at the same point holds", 22 * time.Second, 4, 0, seg, nil, 4, "720p"},
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
	// f(B) in Mbps: 12 → 0.49 (hold 180p), 14 → 1.00, 16 → 1.51, 18 → 2.01,
	// 20 → 2.52 (hold), 22 → 3.03, 24 → 3.54, 26 → 4.05, then ≥ 27 s the
	// top; on the way down 24 s holds 1080p (hysteresis), 19 → 2.27,
	// 15 → 1.25, 12 → 0.49 step to the lowest rate above the map.
	bufs := []float64{0, 8, 12, 14, 16, 18, 20, 22, 24, 26, 28, 24, 19, 15, 12, 10}
	want := []int{1, 0, 0, 1, 2, 3, 3, 4, 4, 4, 5, 5, 4, 3, 1, 0}
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
	if r != 10*time.Second || c != 20*time.Second {
		t.Fatalf("Map = %v, %v; want 10s, 20s", r, c)
	}
	// The cushion stops at 90% of the buffer limit.
	r, c = NewBBA(BBAConfig{ReservoirShare: 0.5, CushionShare: 0.6}).Map(s)
	if r != 20*time.Second || c != 16*time.Second {
		t.Fatalf("Map = %v, %v; want 20s, 16s", r, c)
	}
	if d := NewBBA(BBAConfig{}).Decide(Snapshot{}); d.Reason != "bba: no renditions" {
		t.Fatalf("no renditions: %+v", d)
	}
}
