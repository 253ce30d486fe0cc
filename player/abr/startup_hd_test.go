package abr

import (
	"strings"
	"testing"
	"time"
)

func TestHDStart(t *testing.T) {
	const ms = time.Millisecond
	hint := func(nt NetworkType, signal int, rtt time.Duration) NetworkHint {
		return NetworkHint{Type: nt, Signal: signal, RTT: rtt}
	}
	noHeights := ladder()
	for i := range noHeights {
		noHeights[i].Height, noHeights[i].Width = 0, 0
	}
	tests := []struct {
		name     string
		snap     Snapshot
		want     int
		deadline time.Duration // -1: whatever StartupDecision gives
		reason   string
	}{
		// The conservative policy says 360p (2 Mbps prior): HD is tried for
		// 0.6 of a segment.
		{"mid origin: HD attempt", Snapshot{Network: hint(NetworkUnknown, -1, 80*ms)}, 4, 6 * time.Second,
			"HD attempt 720p within 6.0s (else the lowest; the conservative choice was 360p)"},
		{"nothing known: HD attempt", Snapshot{Network: NetworkHint{Signal: -1}}, 4, 6 * time.Second, "HD attempt"},
		{"cellular 2 bars: HD attempt", Snapshot{Network: hint(NetworkCellular, 2, 40*ms)}, 4, 6 * time.Second, "HD attempt"},
		{"4 s segments: a 2 s wait", Snapshot{Network: hint(NetworkWiFi, 2, 20*ms), SegmentDuration: 4 * time.Second},
			4, 2400 * ms, "within 2.4s"},
		{"stale memory is no measurement", Snapshot{Network: hint(NetworkUnknown, -1, 80*ms),
			Last: &SessionMemory{Variant: 5, Throughput: 1e6, Age: 2 * time.Hour}}, 4, 6 * time.Second, "HD attempt"},
		// Already HD: the policy's own decision.
		{"ethernet: already 1080p", Snapshot{Network: hint(NetworkEthernet, -1, 20*ms)}, 5, -1, "startup: ethernet"},
		// Something says the link is weak: the conservative choice.
		{"weak cellular", Snapshot{Network: hint(NetworkCellular, 1, 40*ms)}, 0, -1, "no HD attempt: weak cellular signal (1)"},
		{"weak wifi", Snapshot{Network: hint(NetworkWiFi, 0, 20*ms)}, 0, -1, "no HD attempt: weak wifi signal (0)"},
		{"far origin", Snapshot{Network: hint(NetworkUnknown, -1, 400*ms)}, 0, -1, "no HD attempt: far origin (400ms)"},
		{"fresh memory", Snapshot{Network: hint(NetworkUnknown, -1, 80*ms),
			Last: &SessionMemory{Variant: 1, Throughput: 2e6, Age: time.Minute}}, 1, -1, "no HD attempt: the last session measured this link"},
		{"no resolutions in the playlist", Snapshot{Variants: noHeights, Network: hint(NetworkUnknown, -1, 80*ms)}, 1, -1, "→ 750k in"},
		// 0.2 s segments: the 0.1 s budget is all request latency.
		{"budget under the latency", Snapshot{Network: hint(NetworkUnknown, -1, 120*ms), SegmentDuration: 200 * ms},
			0, -1, "no HD attempt: the budget is all request latency"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.snap
			if s.Variants == nil {
				s.Variants = ladder()
			}
			if s.SegmentDuration == 0 {
				s.SegmentDuration = 10 * time.Second
			}
			s.Current = -1
			d := HDStart{}.Decide(s)
			wantDL := tc.deadline
			if wantDL < 0 {
				wantDL = StartupDecision(s).Deadline
			}
			if d.Variant != tc.want || d.Deadline != wantDL || d.Priority != PriorityStrong || !strings.Contains(d.Reason, tc.reason) {
				t.Fatalf("Decide = %d dl %v prio %v (%q), want %d dl %v strong (%q)",
					d.Variant, d.Deadline, d.Priority, d.Reason, tc.want, wantDL, tc.reason)
			}
		})
	}
	after := Snapshot{Variants: ladder(), SegmentDuration: 10 * time.Second, Samples: steady(1e6, 1), Current: 0}
	if d := (HDStart{}).Decide(after); d.Variant != NoOpinion {
		t.Errorf("after the first download: %+v, want an abstention", d)
	}
	if d := (HDStart{}).Decide(Snapshot{Current: -1}); d.Variant != 0 || !strings.Contains(d.Reason, "no renditions") {
		t.Errorf("no renditions: %+v", d)
	}
}
