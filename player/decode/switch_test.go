package decode

import (
	"context"
	"testing"
	"time"

	"smartplay/player/media"

	"smartplay/assets"
)

// TestRenditionSwitch is the key test: segments 0, 1, 2 come from
// 180p, 1080p and 360p. Every source frame must come out exactly once with
// continuous timestamps, the size must change at each boundary, and the
// audio must be gapless.
func TestRenditionSwitch(t *testing.T) {
	for _, format := range []assets.Format{assets.TS, assets.FMP4} {
		t.Run(string(format), func(t *testing.T) {
			segs := segments(t, ladder(t, format), "180p", "1080p", "360p")
			d := New(Options{})
			defer d.Close()
			var c collector
			for _, s := range segs {
				if err := d.Decode(context.Background(), s, &c); err != nil {
					t.Fatalf("segment %d: %v", s.Index, err)
				}
			}
			if err := d.Flush(context.Background(), &c); err != nil {
				t.Fatal(err)
			}
			total := segs[len(segs)-1].End()
			checkVideo(t, c.video, total, segs, []rendition{{320, 180, 0}, {1920, 1080, 5}, {640, 360, 1}})
			checkAudio(t, &c, total)
		})
	}
}

// rendition is the expected size and variant of a segment's frames.
type rendition struct{ w, h, variant int }

// checkVideo asserts one frame per 1/30 s from 0 to total, each once, in
// order, numbered 0.., with the size and variant of its segment (segment
// i is segs[i] and has want[i]; the segments' Start must be exact).
func checkVideo(t *testing.T, video []videoRec, total time.Duration, segs []*media.Segment, want []rendition) {
	t.Helper()
	wantFrames := int(total / frameDur)
	if len(video) != wantFrames {
		t.Errorf("%d video frames, want %d", len(video), wantFrames)
	}
	if len(video) == 0 {
		return
	}
	if !within(video[0].pts, 0, time.Millisecond) {
		t.Errorf("first frame at %v, want 0", video[0].pts)
	}
	seen := map[int]bool{}
	errs := 0
	for i, v := range video {
		slot := int((v.pts + frameDur/2) / frameDur) // the source frame number
		if seen[slot] {
			t.Errorf("frame %d (pts %v) emitted twice", slot, v.pts)
			errs++
		}
		seen[slot] = true
		if v.number != int64(i) {
			t.Errorf("frame %d has Number %d", i, v.number)
			errs++
		}
		if !within(v.dur, frameDur, time.Millisecond) {
			t.Errorf("frame %d: duration %v", i, v.dur)
			errs++
		}
		if i > 0 && !within(v.pts-video[i-1].pts, frameDur, time.Millisecond) {
			t.Errorf("frame %d at %v follows %v: step %v, want %v", i, v.pts, video[i-1].pts, v.pts-video[i-1].pts, frameDur)
			errs++
		}
		seg := len(segs) - 1
		for seg > 0 && v.pts < segs[seg].Start {
			seg--
		}
		if seg < len(want) {
			w := want[seg]
			if v.w != w.w || v.h != w.h || v.variant != w.variant || v.segment != seg {
				t.Errorf("frame %d at %v: %dx%d variant %d segment %d, want %dx%d variant %d segment %d",
					i, v.pts, v.w, v.h, v.variant, v.segment, w.w, w.h, w.variant, seg)
				errs++
			}
		}
		// testsrc2 is bright and colourful: a black frame means a
		// decoder that was not ready at a switch.
		if v.meanY < 40 {
			t.Errorf("frame %d at %v is dark (mean luma %.1f)", i, v.pts, v.meanY)
			errs++
		}
		if errs > 10 {
			t.Fatal("too many errors")
		}
	}
	for n := 0; n < wantFrames; n++ {
		if !seen[n] {
			t.Errorf("source frame %d (at %v) missing", n, time.Duration(n)*frameDur)
		}
	}
}

// checkAudio asserts gapless chunks from 0 to total (within one AAC frame).
func checkAudio(t *testing.T, c *collector, total time.Duration) {
	t.Helper()
	const aacFrame = 1024 * time.Second / 48000
	if c.badChunks > 0 {
		t.Errorf("%d empty or partial-sample chunks", c.badChunks)
	}
	if len(c.audio) == 0 {
		t.Fatal("no audio")
	}
	if !within(c.audio[0].pts, 0, time.Millisecond) {
		t.Errorf("audio starts at %v, want 0", c.audio[0].pts)
	}
	for i := 1; i < len(c.audio); i++ {
		if !within(c.audio[i].pts, c.audio[i-1].end, time.Millisecond) {
			t.Fatalf("audio chunk %d at %v, previous ended at %v", i, c.audio[i].pts, c.audio[i-1].end)
		}
	}
	if got := c.audioTotal(); !within(got, total, aacFrame) {
		t.Errorf("audio lasts %v, want %v ± %v", got, total, aacFrame)
	}
	end := c.audio[len(c.audio)-1].end
	if !within(end, total, aacFrame) {
		t.Errorf("audio ends at %v, want %v", end, total)
	}
}
