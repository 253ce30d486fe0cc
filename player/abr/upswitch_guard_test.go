package abr

import (
	"strings"
	"testing"
	"time"
)

func TestUpswitchGuard(t *testing.T) {
	const seg = 10 * time.Second
	// sample(bps, 2 s): TTFB 0.2 s, so the link's request latency is 0.2 s.
	// The ladder is 300/750/1200/1850/2850/4300 kbps (average bitrates).
	slowLast := append(steady(10e6, 4), sample(2e6, 2*time.Second))
	slowFirst := append([]Sample{sample(2e6, 2*time.Second)}, steady(10e6, 5)...)
	tests := []struct {
		name    string
		snap    Snapshot
		want    int    // NoOpinion: abstains
		reason  string // a substring of the reason
		comment string
	}{
		// 1080p at 10 Mbps: 4.3 + 0.2 s per segment, the buffer stays ≥ 5.5 s.
		{name: "fast link: every upswitch safe", snap: Snapshot{Samples: steady(10e6, 3), Buffer: seg, Current: 1},
			want: NoOpinion, reason: "every upswitch safe"},
		// 5 Mbps, 10 s buffered: 1080p (8.8 s) would leave 1.2 s; 720p
		// (5.9 s) leaves 4.1 s, then 8.2 s, then 12.3 s.
		{name: "5 Mbps, one segment buffered: at most 720p", snap: Snapshot{Samples: steady(5e6, 3), Buffer: seg, Current: 1},
			want: 4, reason: "1080p would leave 1.2s → at most 720p"},
		// The slowest of the last five (2 Mbps) judges: 720p takes 14.45 s,
		// leaving 5.55 s of 20 s, the second 1.1 s, the third none (-3.35 s).
		{name: "a recent low forbids the upswitch", snap: Snapshot{Samples: slowLast, Buffer: 20 * time.Second, Current: 3},
			want: 3, reason: "720p would leave -3.4s → no upswitch"},
		{name: "a low outside the window does not", snap: Snapshot{Samples: slowFirst, Buffer: 20 * time.Second, Current: 3},
			want: NoOpinion},
		// 3 Mbps, 20 s buffered, at 576p: 1080p segments (14.53 s each)
		// leave 5.5 s, then 0.9 s, then -3.6 s; 720p (9.7 s) keeps 10.3 s.
		{name: "three segments checked", snap: Snapshot{Samples: steady(3e6, 3), Buffer: 20 * time.Second, Current: 3,
			SegmentIndex: 5, SegmentCount: 12}, want: 4, reason: "1080p would leave -3.6s → at most 720p"},
		// On the last segment of a VOD only that one is checked: 5.5 s left.
		{name: "last segment: only it is checked", snap: Snapshot{Samples: steady(3e6, 3), Buffer: 20 * time.Second, Current: 3,
			SegmentIndex: 11, SegmentCount: 12}, want: NoOpinion},
		// A known 6 MB 720p segment takes 9.8 s at 5 Mbps: 576p (3.9 s) is the cap.
		{name: "known segment sizes", snap: Snapshot{Samples: steady(5e6, 3), Buffer: seg, Current: 1,
			NextSizes: [][]int64{nil, nil, nil, nil, {6e6, 6e6, 6e6}}}, want: 3, reason: "at most 576p"},
		{name: "never asks for a downswitch", snap: Snapshot{Samples: steady(0.5e6, 3), Buffer: 3 * time.Second, Current: 4},
			want: 4, reason: "no upswitch"},
		{name: "at the top", snap: Snapshot{Samples: steady(1e6, 3), Buffer: seg, Current: 5}, want: NoOpinion, reason: "at the top"},
		{name: "before the first segment", snap: Snapshot{Samples: steady(1e6, 3), Buffer: seg, Current: -1}, want: NoOpinion},
		{name: "nothing measured", snap: Snapshot{Buffer: seg, Current: 1}, want: NoOpinion, reason: "nothing measured"},
		{name: "unknown segment duration", snap: Snapshot{Samples: steady(1e6, 3), Buffer: seg, Current: 1, SegmentDuration: -1},
			want: NoOpinion},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := tc.snap
			s.Variants, s.MaxBuffer = ladder(), 30*time.Second
			switch {
			case s.SegmentDuration == 0:
				s.SegmentDuration = seg
			case s.SegmentDuration < 0:
				s.SegmentDuration = 0
			}
			d := NewUpswitchGuard(GuardConfig{}).Decide(s)
			if d.Variant != tc.want || !strings.Contains(d.Reason, tc.reason) {
				t.Fatalf("Decide = %d (%q), want %d (%q)", d.Variant, d.Reason, tc.want, tc.reason)
			}
			if d.Priority != PriorityDefault {
				t.Errorf("priority %v: the guard is a plain cap", d.Priority)
			}
			if d.Variant != NoOpinion {
				mean, _ := HarmonicMean{N: DefaultGuardWindow}.Estimate(s.Samples)
				if want := UpswitchDeadline(s, d.Variant, mean); d.Deadline != want {
					t.Errorf("deadline %v, want the planner's %v", d.Deadline, want)
				}
			}
		})
	}
	if d := NewUpswitchGuard(GuardConfig{}).Decide(Snapshot{Current: 1}); d.Variant != NoOpinion {
		t.Errorf("no renditions: %+v", d)
	}
}

// In an Arbiter the guard caps the other default opinions and leaves
// lower ones alone.
func TestUpswitchGuardCapsInArbiter(t *testing.T) {
	s := Snapshot{Variants: ladder(), SegmentDuration: 10 * time.Second, MaxBuffer: 30 * time.Second,
		Samples: steady(5e6, 3), Buffer: 10 * time.Second, Current: 1}
	for _, tc := range []struct{ asked, want int }{{5, 4}, {4, 4}, {2, 2}, {0, 0}} {
		a := NewArbiter("a", plain{Decision{Variant: tc.asked, Reason: "x"}}, NewUpswitchGuard(GuardConfig{}))
		if got := a.Decide(s).Variant; got != tc.want {
			t.Errorf("asked %d: got %d, want %d", tc.asked, got, tc.want)
		}
	}
}

func TestGuardConfigDefaults(t *testing.T) {
	c := GuardConfig{Percentile: 3, MinLeft: -time.Second}.withDefaults()
	want := GuardConfig{Window: DefaultGuardWindow, Percentile: DefaultGuardPercentile, MinLeft: 0, Steps: DefaultGuardSteps}
	if c != want {
		t.Errorf("withDefaults = %+v, want %+v", c, want)
	}
}
