package abr

import (
	"testing"
	"time"
)

func TestDownloadDeadline(t *testing.T) {
	const seg = 10 * time.Second
	sec := func(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
	// steady(5e6, 3): 5 Mbps, TTFB 200 ms. At 720p a segment is 28.5 Mbit:
	// 5.7 s + 0.2 s expected, never cut before 6× = 35.4 s. The lowest
	// rung's refetch (3 Mbit) takes 0.6 + 0.2 s, kept in reserve × 6 = 4.8 s.
	tests := []struct {
		name    string
		snap    Snapshot
		variant int
		want    time.Duration
	}{
		{"deep buffer: by need", Snapshot{Samples: steady(5e6, 3), Buffer: 60 * time.Second}, 4, sec(55.2)},
		{"full buffer: the margin floor", Snapshot{Samples: steady(5e6, 3), Buffer: 30 * time.Second}, 4, sec(35.4)},
		{"one segment: the margin floor", Snapshot{Samples: steady(5e6, 3), Buffer: seg}, 4, sec(35.4)},
		{"just under one segment: none", Snapshot{Samples: steady(5e6, 3), Buffer: seg - time.Millisecond}, 4, 0},
		{"empty buffer: none", Snapshot{Samples: steady(5e6, 3)}, 4, 0},
		{"lowest rendition: none", Snapshot{Samples: steady(5e6, 3), Buffer: 30 * time.Second}, 0, 0},
		{"unknown segment duration: none", Snapshot{Samples: steady(5e6, 3), Buffer: 30 * time.Second, SegmentDuration: -1}, 4, 0},
		// 1080p: 43 Mbit → 8.6 + 0.2 s, floor 52.8 s; out-of-range clamps.
		{"above the ladder clamps", Snapshot{Samples: steady(5e6, 3), Buffer: 12 * time.Second}, 9, sec(52.8)},
		// A known 10 MB segment: 16 + 0.2 s expected, floor 97.2 s; by need 120 − 4.8 s.
		{"known VBR size", Snapshot{Samples: steady(5e6, 3), Buffer: 120 * time.Second,
			NextSizes: [][]int64{nil, nil, nil, nil, {10e6, 1}}}, 4, sec(115.2)},
		{"known VBR size: floor", Snapshot{Samples: steady(5e6, 3), Buffer: 20 * time.Second,
			NextSizes: [][]int64{nil, nil, nil, nil, {10e6, 1}}}, 4, sec(97.2)},
		// Nothing measured: the startup estimate (wifi 4 bars: 10 Mbps, no RTT).
		// 720p 2.85 s, floor 17.1 s; reserve 0.3 × 6 = 1.8 s.
		{"no samples: startup estimate", Snapshot{Buffer: 20 * time.Second, Network: NetworkHint{Type: NetworkWiFi, Signal: 4}}, 4, sec(18.2)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.snap.Variants = ladder()
			if tc.snap.SegmentDuration == 0 {
				tc.snap.SegmentDuration = seg
			} else if tc.snap.SegmentDuration < 0 {
				tc.snap.SegmentDuration = 0
			}
			got := DownloadDeadline(tc.snap, tc.variant)
			if d := got - tc.want; d < -time.Millisecond || d > time.Millisecond {
				t.Fatalf("DownloadDeadline = %v, want %v", got, tc.want)
			}
		})
	}
	if got := DownloadDeadline(Snapshot{Buffer: time.Minute, SegmentDuration: seg}, 1); got != 0 {
		t.Fatalf("no renditions: %v", got)
	}
}

func TestLinkRTT(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name    string
		samples []Sample
		hint    time.Duration
		want    time.Duration
	}{
		{"nothing", nil, 0, 0},
		{"hint only", nil, 80 * ms, 80 * ms},
		{"median of the last three", []Sample{{TTFB: 5 * ms}, {TTFB: 100 * ms}, {TTFB: 900 * ms}, {TTFB: 200 * ms}}, 80 * ms, 200 * ms},
		{"samples without TTFB skipped", []Sample{{TTFB: 40 * ms}, {}, {}}, 80 * ms, 40 * ms},
	}
	for _, tc := range tests {
		if got := LinkRTT(Snapshot{Samples: tc.samples, Network: NetworkHint{RTT: tc.hint}}); got != tc.want {
			t.Errorf("%s: LinkRTT = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestSegmentBytes(t *testing.T) {
	s := Snapshot{Variants: ladder(), SegmentDuration: 4 * time.Second, NextSizes: [][]int64{{1000}, {}, {0}}}
	for v, want := range map[int]int64{0: 1000, 1: 375000, 2: 600000, 5: 2150000, 6: 0, -1: 0} {
		if got := SegmentBytes(s, v); got != want {
			t.Errorf("SegmentBytes(%d) = %d, want %d", v, got, want)
		}
	}
}

func TestUpswitchDeadline(t *testing.T) {
	const seg = 10 * time.Second
	sec := func(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }
	// steady(5e6, 3) at 5 Mbps, TTFB 0.2 s: a 360p segment (7.5 Mbit) is
	// expected in 1.7 s, kept × 1.5 = 2.55 s; a 720p one in 5.9 s, floor
	// × 1.5 = 8.85 s; DownloadDeadline at 720p is its 6× floor, 35.4 s.
	tests := []struct {
		name    string
		buffer  time.Duration
		current int
		variant int
		bps     float64
		want    time.Duration // -1: DownloadDeadline's
	}{
		{"upswitch, deep buffer: by need", 20 * time.Second, 1, 4, 5e6, sec(17.45)},
		{"upswitch, one segment: the floor", seg, 1, 4, 5e6, sec(8.85)},
		{"upswitch under one segment: still the floor", 8 * time.Second, 1, 4, 5e6, sec(8.85)},
		// Never later than DownloadDeadline's: 60 s buffered, 60 − 4.8 s.
		{"upswitch, huge buffer: DownloadDeadline's", 60 * time.Second, 1, 4, 5e6, -1},
		{"same rendition", 20 * time.Second, 4, 4, 5e6, -1},
		{"downswitch", 20 * time.Second, 5, 4, 5e6, -1},
		{"first segment", 20 * time.Second, -1, 4, 5e6, -1},
		{"no estimate", 20 * time.Second, 1, 4, 0, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := Snapshot{Variants: ladder(), SegmentDuration: seg, Samples: steady(5e6, 3), Buffer: tc.buffer, Current: tc.current}
			want := tc.want
			if want < 0 {
				want = DownloadDeadline(s, tc.variant)
			}
			got := UpswitchDeadline(s, tc.variant, tc.bps)
			if d := got - want; d < -time.Millisecond || d > time.Millisecond {
				t.Fatalf("UpswitchDeadline = %v, want %v", got, want)
			}
		})
	}
	if got := UpswitchDeadline(Snapshot{Buffer: time.Minute, SegmentDuration: seg, Current: 0}, 1, 5e6); got != 0 {
		t.Fatalf("no renditions: %v", got)
	}
}
