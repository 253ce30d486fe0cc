package decode

import (
	"testing"
	"time"
)

func TestTimebaseDuration(t *testing.T) {
	tests := []struct {
		tb    timebase
		ticks int64
		want  time.Duration
	}{
		{timebase{1, 90000}, 90000, time.Second},
		{timebase{1, 90000}, 3000, time.Second / 30},
		{timebase{1, 90000}, -1920, -21333333},
		{timebase{1, 15360}, 31734, 2066015625},
		{timebase{1, 48000}, 1024, 21333333},
		{timebase{1, 1000000}, 1_500_000, 1500 * time.Millisecond},
		{timebase{1, 90000}, 1 << 40, time.Duration((1<<40)/90000*int64(time.Second)) + time.Duration((1<<40)%90000*int64(time.Second)/90000)},
		{timebase{1001, 30000}, 30, 1001 * time.Millisecond},
		{timebase{0, 1}, 5, 0},
		{timebase{1, 0}, 5, 0},
	}
	for _, tt := range tests {
		if got := tt.tb.duration(tt.ticks); got != tt.want {
			t.Errorf("%v.duration(%d) = %v, want %v", tt.tb, tt.ticks, got, tt.want)
		}
	}
}

// TestTimeline feeds sequences of segments (playlist start, first
// timestamp, flags) and checks the media time of a timestamp in each.
func TestTimeline(t *testing.T) {
	ts := timebase{1, 90000}
	type seg struct {
		start    time.Duration
		first    int64
		tb       timebase
		wrap     bool
		disc     bool
		probe    int64    // a timestamp inside the segment
		probeTB  timebase // its time base, if not tb
		want     time.Duration
		anchored bool // begin reports a (re)computed mapping
	}
	tests := []struct {
		name string
		segs []seg
	}{
		{"continuous TS keeps the first mapping", []seg{
			{0, 132000, ts, true, false, 132000 + 3000, timebase{}, time.Second / 30, true},
			// The next segment's first frame lands 10 ms late: kept, not re-anchored.
			{10 * time.Second, 132000 + 900000 + 900, ts, true, false, 132000 + 900000, timebase{}, 10 * time.Second, false},
		}},
		{"audio first timestamp before video maps below start", []seg{
			{0, 132000, ts, true, false, 130080, timebase{}, -21333333, true},
		}},
		{"discontinuity re-anchors", []seg{
			{0, 132000, ts, true, false, 132000, timebase{}, 0, true},
			{10 * time.Second, 500, ts, true, true, 500 + 90000, timebase{}, 11 * time.Second, true},
		}},
		{"jump over a second re-anchors", []seg{
			{0, 132000, ts, true, false, 132000, timebase{}, 0, true},
			{10 * time.Second, 132000 + 5*900000, ts, true, false, 132000 + 5*900000, timebase{}, 10 * time.Second, true},
		}},
		{"33-bit wrap between segments", []seg{
			{0, mpegtsWrapTicks - 450000, ts, true, false, mpegtsWrapTicks - 1, timebase{}, 5*time.Second - time.Second/90000, true},
			// 10 s later the counter has wrapped to 450000.
			{10 * time.Second, 450000, ts, true, false, 450000 + 90000, timebase{}, 11 * time.Second, false},
			{20 * time.Second, 450000 + 900000, ts, true, false, 450000 + 900000, timebase{}, 20 * time.Second, false},
		}},
		{"33-bit wrap inside a segment", []seg{
			{0, mpegtsWrapTicks - 90000, ts, true, false, 90000, timebase{}, 2 * time.Second, true},
		}},
		{"fMP4 time bases differ per stream", []seg{
			{0, 1014, timebase{1, 15360}, false, false, 1014 + 15360, timebase{}, time.Second, true},
			// Audio (1/48000) 45 ms + 10 s into the timeline; video started at 66.015625 ms.
			{10 * time.Second, 1014 + 153600, timebase{1, 15360}, false, false, 482160, timebase{1, 48000}, 9978984375, false},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tl timeline
			for i, s := range tt.segs {
				if got := tl.begin(s.start, s.first, s.tb, s.wrap, s.disc); got != s.anchored {
					t.Errorf("segment %d: begin = %v, want %v", i, got, s.anchored)
				}
				probeTB := s.tb
				if s.probeTB.valid() {
					probeTB = s.probeTB
				}
				if got := tl.media(s.probe, probeTB); !within(got, s.want, time.Microsecond) {
					t.Errorf("segment %d: media(%d) = %v, want %v", i, s.probe, got, s.want)
				}
			}
		})
	}
}

func TestTimelineAnchorAt(t *testing.T) {
	var tl timeline
	tl.anchorAt(0, 1_400_000, timebase{1, 1000000})
	if got := tl.media(132000+90000, timebase{1, 90000}); !within(got, time.Second+66666667, time.Microsecond) {
		t.Errorf("media = %v", got)
	}
}
