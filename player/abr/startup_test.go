package abr

import (
	"strings"
	"testing"
	"time"
)

func TestStartupDecision(t *testing.T) {
	const ms = time.Millisecond
	fresh := func(mbps float64, v int) *SessionMemory {
		return &SessionMemory{Variant: v, Throughput: mbps * 1e6, Age: 10 * time.Minute}
	}
	stale := func(mbps float64, v int) *SessionMemory {
		return &SessionMemory{Variant: v, Throughput: mbps * 1e6, Age: 2 * time.Hour}
	}
	hint := func(t NetworkType, signal int, rtt time.Duration) NetworkHint {
		return NetworkHint{Type: t, Signal: signal, RTT: rtt}
	}
	// Ladder 300/750/1200/1850/2850/4300 kbps, 10 s segments: a rung fits
	// when bitrate ≤ estimate × (5 s − RTT) / 10 s.
	tests := []struct {
		name   string
		net    NetworkHint
		last   *SessionMemory
		seg    time.Duration
		sizes  [][]int64
		want   int
		reason string // a substring of the reason
	}{
		{"ethernet", hint(NetworkEthernet, -1, 20*ms), nil, 0, nil, 5, "ethernet 10.0 Mbps → 1080p"},
		{"ethernet far 600ms", hint(NetworkEthernet, -1, 600*ms), nil, 0, nil, 5, "1080p in 4.9s"},
		{"ethernet far 800ms", hint(NetworkEthernet, -1, 800*ms), nil, 0, nil, 4, "720p"},
		{"wifi 4 bars", hint(NetworkWiFi, 4, 20*ms), nil, 0, nil, 5, "wifi signal 4"},
		{"wifi 3 bars", hint(NetworkWiFi, 3, 20*ms), nil, 0, nil, 4, "wifi signal 3 7.0 Mbps → 720p"},
		{"wifi 2 bars", hint(NetworkWiFi, 2, 20*ms), nil, 0, nil, 3, "576p"},
		{"wifi 1 bar", hint(NetworkWiFi, 1, 20*ms), nil, 0, nil, 1, "360p"},
		{"wifi no bars", hint(NetworkWiFi, 0, 20*ms), nil, 0, nil, 0, "180p in 3.0s"},
		{"wifi signal unknown", hint(NetworkWiFi, -1, 20*ms), nil, 0, nil, 3, "wifi 4.0 Mbps"},
		{"cellular 4 bars near", hint(NetworkCellular, 4, 20*ms), nil, 0, nil, 4, "cellular signal 4 6.0 Mbps → 720p"},
		{"cellular 4 bars 300ms", hint(NetworkCellular, 4, 300*ms), nil, 0, nil, 3, "576p"},
		{"cellular 3 bars", hint(NetworkCellular, 3, 20*ms), nil, 0, nil, 3, "576p"},
		{"cellular 2 bars", hint(NetworkCellular, 2, 20*ms), nil, 0, nil, 1, "360p"},
		{"cellular 1 bar", hint(NetworkCellular, 1, 20*ms), nil, 0, nil, 0, "180p"},
		{"cellular no bars", hint(NetworkCellular, 0, 20*ms), nil, 0, nil, 0, "(nothing fits: lowest)"},
		{"unknown near", hint(NetworkUnknown, -1, 20*ms), nil, 0, nil, 3, "near origin 4.0 Mbps"},
		{"unknown mid", hint(NetworkUnknown, -1, 100*ms), nil, 0, nil, 1, "mid-distance origin"},
		{"unknown far", hint(NetworkUnknown, -1, 400*ms), nil, 0, nil, 0, "far origin"},
		{"nothing known", NetworkHint{Signal: -1}, nil, 0, nil, 1, "unknown network 2.0 Mbps → 360p"},
		// Last session: fresh memory replaces the prior (× 0.8) …
		{"wifi 4 bars, fresh 5 Mbps", hint(NetworkWiFi, 4, 20*ms), fresh(5, 4), 0, nil, 3, "last session 4.0 Mbps → 576p"},
		{"ethernet, fresh 20 Mbps", hint(NetworkEthernet, -1, 20*ms), fresh(20, 5), 0, nil, 5, "last session 16.0 Mbps"},
		{"unknown, fresh 20 Mbps", hint(NetworkUnknown, -1, 20*ms), fresh(20, 5), 0, nil, 5, "last session 16.0 Mbps"},
		{"ethernet, fresh 2 Mbps", hint(NetworkEthernet, -1, 20*ms), fresh(2, 2), 0, nil, 1, "last session 1.6 Mbps → 360p"},
		// … but not beyond twice what today's link suggests.
		{"cellular 1 bar, fresh 5 Mbps", hint(NetworkCellular, 1, 20*ms), fresh(5, 4), 0, nil, 1, "last session (capped by cellular signal 1) 2.0 Mbps"},
		{"cellular 4 bars, fresh 1 Mbps", hint(NetworkCellular, 4, 20*ms), fresh(1, 1), 0, nil, 0, "last session 0.8 Mbps"},
		// Stale memory is ignored.
		{"wifi 2 bars, stale 20 Mbps", hint(NetworkWiFi, 2, 20*ms), stale(20, 5), 0, nil, 3, "wifi signal 2 4.0 Mbps"},
		{"cellular 1 bar, stale 20 Mbps", hint(NetworkCellular, 1, 20*ms), stale(20, 5), 0, nil, 0, "cellular signal 1"},
		// The remembered rendition caps the start one rung above it.
		{"wifi 4 bars, fresh 360p no rate", hint(NetworkWiFi, 4, 20*ms), fresh(0, 1), 0, nil, 2, "capped by last session's 360p"},
		{"wifi 4 bars, stale 360p", hint(NetworkWiFi, 4, 20*ms), stale(0, 1), 0, nil, 5, "wifi signal 4"},
		// The playlist requests' rate is a floor.
		{"cellular 1 bar, playlists at 3 Mbps", NetworkHint{Type: NetworkCellular, Signal: 1, RTT: 20 * ms, Throughput: 3e6}, nil, 0, nil, 2, "playlist requests 3.0 Mbps"},
		{"wifi 4 bars, playlists at 0.2 Mbps", NetworkHint{Type: NetworkWiFi, Signal: 4, RTT: 20 * ms, Throughput: 0.2e6}, nil, 0, nil, 5, "wifi signal 4"},
		// Known sizes (VBR): a small first segment lets a higher rung in.
		{"wifi 3 bars, small VBR first segment", hint(NetworkWiFi, 3, 20*ms), nil, 0,
			[][]int64{{375000}, {937500}, {1500000}, {2312500}, {2e6}, {3e6}}, 5, "1080p in 3.4s"},
		{"wifi 3 bars, large VBR first segment", hint(NetworkWiFi, 3, 20*ms), nil, 0,
			[][]int64{{375000}, {937500}, {1500000}, {2312500}, {5e6}, {8e6}}, 3, "576p"},
		// Short segments shrink the budget with them; the RTT weighs more.
		{"wifi 4 bars, 4 s segments", hint(NetworkWiFi, 4, 20*ms), nil, 4 * time.Second, nil, 5, "of 2.0s"},
		{"cellular 2 bars, 4 s segments", hint(NetworkCellular, 2, 20*ms), nil, 4 * time.Second, nil, 1, "360p"},
		{"cellular 4 bars, 4 s segments, 500ms", hint(NetworkCellular, 4, 500*ms), nil, 4 * time.Second, nil, 3, "576p"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			seg := tc.seg
			if seg == 0 {
				seg = 10 * time.Second
			}
			s := Snapshot{Variants: ladder(), Current: -1, SegmentDuration: seg, NextSizes: tc.sizes, Network: tc.net, Last: tc.last}
			d := StartupDecision(s)
			if d.Variant != tc.want || !strings.Contains(d.Reason, tc.reason) {
				t.Fatalf("StartupDecision = %d %q; want %d and a reason with %q", d.Variant, d.Reason, tc.want, tc.reason)
			}
			// Above the lowest, the guess is bounded by the budget (half a
			// segment); the lowest has nothing to fall back to.
			wantDeadline := time.Duration(0)
			if tc.want > 0 {
				wantDeadline = seg / 2
			}
			if d.Priority != PriorityStrong || d.Deadline != wantDeadline {
				t.Fatalf("priority %v deadline %v; want strong and %v", d.Priority, d.Deadline, wantDeadline)
			}
			// An unknown segment duration is taken as 10 s.
			if tc.seg == 0 {
				s.SegmentDuration = 0
				if d0 := StartupDecision(s); d0.Variant != tc.want {
					t.Fatalf("with no segment duration: %d, want %d", d0.Variant, tc.want)
				}
			}
		})
	}
}

func TestStartupMember(t *testing.T) {
	s := Snapshot{Variants: ladder(), Current: -1, SegmentDuration: 10 * time.Second,
		Network: NetworkHint{Type: NetworkEthernet}}
	if d := (Startup{}).Decide(s); d.Variant != 5 || d.Priority != PriorityStrong {
		t.Fatalf("no samples: %+v", d)
	}
	s.Samples = steady(1e6, 1)
	if d := (Startup{}).Decide(s); d.Variant != NoOpinion {
		t.Fatalf("with samples: %+v; want no opinion", d)
	}
	if d := StartupDecision(Snapshot{}); d.Variant != 0 || d.Reason != "startup: no renditions" {
		t.Fatalf("no renditions: %+v", d)
	}
}
