package render

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"smartplay/player/media"
)

const ms = time.Millisecond

// fakeClock is an injectable wall clock moved by the test.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Unix(1_700_000_000, 0)} }

func (f *fakeClock) now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeClock) advance(d time.Duration) {
	f.mu.Lock()
	f.t = f.t.Add(d)
	f.mu.Unlock()
}

// recorder is an Observer that logs events as strings.
type recorder struct {
	mu  sync.Mutex
	evs []string
}

func (r *recorder) add(format string, args ...any) {
	r.mu.Lock()
	r.evs = append(r.evs, fmt.Sprintf(format, args...))
	r.mu.Unlock()
}

func (r *recorder) FirstFrame(pts time.Duration, _ time.Time) { r.add("first %v", pts) }
func (r *recorder) StallStart(pos time.Duration)              { r.add("stall %v", pos) }
func (r *recorder) StallEnd(pos, dur time.Duration)           { r.add("resume %v after %v", pos, dur) }
func (r *recorder) Dropped(n int, pos time.Duration)          { r.add("dropped %d at %v", n, pos) }
func (r *recorder) Switched(from, to int, pts time.Duration) {
	r.add("switch %d->%d at %v", from, to, pts)
}
func (r *recorder) Ended(pos time.Duration) { r.add("ended %v", pos) }

func (r *recorder) events() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.evs...)
}

// frame returns a small frame at pts lasting dur.
func frame(pts, dur time.Duration, variant int) *media.VideoFrame {
	f := media.NewVideoFrame(16, 16)
	f.PTS, f.Duration, f.Variant = pts, dur, variant
	return f
}

// chunk returns PCM from pts lasting dur, every byte set to val.
func chunk(pts, dur time.Duration, val byte) *media.AudioChunk {
	b := make([]byte, media.AudioBytes(dur))
	for i := range b {
		b[i] = val
	}
	return &media.AudioChunk{PTS: pts, PCM: b}
}

// feed pushes frames every step over [from, to) and audio in 20 ms chunks.
func feed(t *testing.T, c *Consumer, from, to, step time.Duration, audio, video bool) {
	t.Helper()
	ctx := context.Background()
	for p := from; p < to; p += step {
		if video {
			if err := c.Video(ctx, frame(p, step, 0)); err != nil {
				t.Fatalf("Video(%v): %v", p, err)
			}
		}
	}
	for p := from; audio && p < to; p += 20 * ms {
		if err := c.Audio(ctx, chunk(p, min(20*ms, to-p), 1)); err != nil {
			t.Fatalf("Audio(%v): %v", p, err)
		}
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
