package qoe

import (
	"reflect"
	"testing"
	"time"
)

var ladder = []Rendition{{"360p", 750_000, 360}, {"720p", 2_850_000, 720}, {"1080p", 4_300_000, 1080}}

func TestTrackerSequences(t *testing.T) {
	s := time.Second
	type step func(*Tracker)
	tests := []struct {
		name  string
		steps []step
		want  Summary
	}{
		{
			name: "steady 720p, no stall",
			steps: []step{
				func(t *Tracker) { t.Start(500*time.Millisecond, 0, 1) },
				func(t *Tracker) { t.Advance(10 * s) },
				func(t *Tracker) { t.Advance(20 * s) },
			},
			want: Summary{StartupDelay: 0.5, PlayTime: 20, HDShare: 1, MeanBitrateKbps: 2850,
				PerRendition: []RenditionTime{{0, "360p", 0}, {1, "720p", 20}, {2, "1080p", 0}}},
		},
		{
			name: "up then down with a stall",
			steps: []step{
				func(t *Tracker) { t.Start(time.Second, 0, 0) },
				func(t *Tracker) { t.Switch(10*s, 2) },
				func(t *Tracker) { t.Stall(2 * s) },
				func(t *Tracker) { t.Switch(20*s, 1) },
				func(t *Tracker) { t.Advance(30 * s) },
				func(t *Tracker) { t.Dropped(3) },
			},
			want: Summary{StartupDelay: 1, PlayTime: 30, StallCount: 1, StallTime: 2, StallRatio: 0.0625,
				HDShare: 0.6667, MeanBitrateKbps: 2633.3, Switches: 2, SwitchesUp: 1, SwitchesDown: 1, DroppedFrames: 3,
				PerRendition: []RenditionTime{{0, "360p", 10}, {1, "720p", 10}, {2, "1080p", 10}}},
		},
		{
			name: "seek skips credit; backwards advance ignored; switch to same is no switch",
			steps: []step{
				func(t *Tracker) { t.Start(0, 0, 1) },
				func(t *Tracker) { t.Advance(5 * s) },
				func(t *Tracker) { t.Seek(60 * s) },
				func(t *Tracker) { t.Advance(50 * s) },
				func(t *Tracker) { t.Switch(65*s, 1) },
			},
			want: Summary{PlayTime: 10, HDShare: 1, MeanBitrateKbps: 2850,
				PerRendition: []RenditionTime{{0, "360p", 0}, {1, "720p", 10}, {2, "1080p", 0}}},
		},
		{
			name:  "nothing played before the first frame",
			steps: []step{func(t *Tracker) { t.Advance(10 * s) }},
			want:  Summary{PerRendition: []RenditionTime{{0, "360p", 0}, {1, "720p", 0}, {2, "1080p", 0}}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tr := NewTracker(ladder)
			for _, st := range tc.steps {
				st(tr)
			}
			got := tr.Summary()
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}
