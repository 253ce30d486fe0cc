package decode

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/asticode/go-astiav"

	"smartplay/assets"
	"smartplay/player/media"
)

func TestSegmentWindow(t *testing.T) {
	s := time.Second
	w := segmentWindow(10*s, 10*s)
	none := astiav.NoPtsValue
	for _, c := range []struct {
		pts, dts int64
		out      bool
	}{
		{int64(10 * s), int64(10 * s), false},
		{int64(9 * s), int64(9 * s), false},    // B-frame reordering, priming: within the slack
		{int64(21 * s), int64(21 * s), false},  // a rounded EXTINF
		{int64(29 * s), int64(15 * s), true},   // a corrupt PTS
		{int64(15 * s), int64(-40 * s), true},  // a corrupt DTS
		{none, none, false},                    // unknown: left to the decoder
		{int64(8*s - 1), none, true},           // before the slack
		{int64(21*s + 1), int64(21 * s), true}, // after it
	} {
		p := astiav.AllocPacket()
		p.SetPts(c.pts)
		p.SetDts(c.dts)
		if got := w.outside(p); got != c.out {
			t.Errorf("pts %v dts %v: outside %v, want %v", time.Duration(c.pts), time.Duration(c.dts), got, c.out)
		}
		p.Free()
	}
	if p := astiav.AllocPacket(); segmentWindow(0, 0).outside(p) {
		t.Error("a segment of unknown duration has no window")
	}
}

func TestFramesStayInOrder(t *testing.T) {
	var d Decoder
	ms := time.Millisecond
	var kept []time.Duration
	for _, pts := range []time.Duration{0, 33 * ms, 66 * ms, 50 * ms, 66 * ms, 100 * ms, 2 * time.Second, 133 * ms} {
		if d.inOrder(pts) {
			kept = append(kept, pts)
		}
	}
	if len(kept) != 5 || kept[3] != 100*ms || kept[4] != 2*time.Second {
		t.Fatalf("kept %v", kept)
	}
	// Going back (a re-decode, a discontinuity) starts a new order.
	d.newTimeline(&media.Segment{Start: 0})
	if !d.inOrder(0) {
		t.Fatal("a segment that goes back was not given a new order")
	}
}

// A segment whose timestamps run past what the playlist says (here: a 10 s
// segment announced as 4 s, as a corrupt PES header would make a few
// packets do) loses those packets, not the presentation clock: the frames
// it emits stay in the window, in order, and it reports ErrCorrupt.
func TestTimestampsOutsideTheSegmentAreDropped(t *testing.T) {
	seg := *segments(t, ladder(t, assets.TS), "180p")[0]
	seg.Duration, seg.Last = 4*time.Second, true
	d := New(Options{})
	defer d.Close()
	var c collector
	err := d.Decode(context.Background(), &seg, &c)
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("err %v, want ErrCorrupt", err)
	}
	last := time.Duration(-1)
	for _, v := range c.video {
		if v.pts <= last || v.pts > 5*time.Second {
			t.Fatalf("frame at %v after %v (window ends at 5 s)", v.pts, last)
		}
		last = v.pts
	}
	if n := len(c.video); n < 140 || n > 151 {
		t.Fatalf("%d frames, want the 5 s in the window (about 150)", n)
	}
}
