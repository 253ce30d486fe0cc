package decode

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"smartplay/assets"
)

func clip(t testing.TB, height int, d time.Duration) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	p, err := assets.EnsureClip(ctx, assets.ClipOptions{Height: height, Duration: d, FPS: assets.FrameRate})
	if err != nil {
		t.Fatalf("clip: %v", err)
	}
	return p
}

func TestDecodeFile(t *testing.T) {
	path := clip(t, 360, 10*time.Second)
	tests := []struct {
		name       string
		start      time.Duration
		firstVideo time.Duration // PTS of the first frame
		frames     int
	}{
		{"from the start", 0, 0, 300},
		{"from a frame boundary", 4500 * time.Millisecond, 4500 * time.Millisecond, 165},
		// The frame on screen at 4.51 s started at 4.5 s: it is kept.
		{"from inside a frame", 4510 * time.Millisecond, 4500 * time.Millisecond, 165},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c collector
			info, err := DecodeFile(context.Background(), path, tt.start, &c)
			if err != nil {
				t.Fatal(err)
			}
			want := Info{Duration: info.Duration, Width: 640, Height: 360, VideoCodec: "h264", AudioCodec: "aac", HasAudio: true, HasVideo: true}
			if info != want || !within(info.Duration, 10*time.Second, 50*time.Millisecond) {
				t.Errorf("info %+v, want %+v with duration ~10s", info, want)
			}
			if len(c.video) != tt.frames {
				t.Errorf("%d frames, want %d", len(c.video), tt.frames)
			}
			if len(c.video) > 0 && !within(c.video[0].pts, tt.firstVideo, time.Millisecond) {
				t.Errorf("first frame at %v, want %v", c.video[0].pts, tt.firstVideo)
			}
			for i, v := range c.video {
				if v.variant != -1 || v.segment != -1 {
					t.Fatalf("frame %d: variant %d segment %d, want -1 -1", i, v.variant, v.segment)
				}
				if i > 0 && !within(v.pts-c.video[i-1].pts, frameDur, time.Millisecond) {
					t.Fatalf("frame %d at %v after %v", i, v.pts, c.video[i-1].pts)
				}
			}
			if len(c.audio) == 0 {
				t.Fatal("no audio")
			}
			if !within(c.audio[0].pts, tt.start, 0) {
				t.Errorf("audio starts at %v, want exactly %v", c.audio[0].pts, tt.start)
			}
			for i := 1; i < len(c.audio); i++ {
				if !within(c.audio[i].pts, c.audio[i-1].end, time.Millisecond) {
					t.Fatalf("audio chunk %d at %v, previous ended at %v", i, c.audio[i].pts, c.audio[i-1].end)
				}
			}
			const aacFrame = 1024 * time.Second / 48000
			if got := c.audio[len(c.audio)-1].end; !within(got, 10*time.Second, aacFrame) {
				t.Errorf("audio ends at %v, want 10s", got)
			}
		})
	}
}

func TestDecodeFileErrors(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name string
		path string
		want error
	}{
		{"missing file", filepath.Join(dir, "nope.mp4"), nil},
		{"a directory", dir, ErrOpenInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c collector
			_, err := DecodeFile(context.Background(), tt.path, 0, &c)
			if err == nil || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if len(c.video)+len(c.audio) != 0 {
				t.Errorf("emitted output on error")
			}
		})
	}
}
