package decode

import (
	"context"
	"testing"

	"smartplay/assets"
)

func TestThreadsFor(t *testing.T) {
	tests := []struct {
		name  string
		codec string
		w, h  int
		fps   float64
		cpus  int
		want  int
	}{
		{"H.264 1080p30: one thread", "h264", 1920, 1080, 30, 2, 1},
		{"H.264 720p30", "h264", 1280, 720, 30, 8, 1},
		{"H.264 1080p29.97", "h264", 1920, 1080, 29.97, 2, 1},
		{"H.264 1080p60: threads", "h264", 1920, 1080, 60, 2, 2},
		{"H.264 4K30 on 8 cores: capped", "h264", 3840, 2160, 30, 8, maxDecodeThreads},
		{"H.264 4K30 on 1 core: still 2 (frame threading overlaps waits)", "h264", 3840, 2160, 30, 1, 2},
		{"HEVC 1080p30: twice the cost", "hevc", 1920, 1080, 30, 2, 2},
		{"HEVC 720p30", "hevc", 1280, 720, 30, 2, 1},
		{"AV1 1080p30", "av1", 1920, 1080, 30, 4, 4},
		{"VP9 1080p24", "vp9", 1920, 1080, 24, 2, 2},
		{"unknown rate at 1080p: assumed 60", "h264", 1920, 1080, 0, 2, 2},
		{"unknown rate at 720p: 60 fits", "h264", 1280, 720, 0, 2, 1},
		{"absurd rate: assumed 60", "h264", 1920, 1080, 1e6, 2, 2},
	}
	for _, tt := range tests {
		if got := threadsFor(tt.codec, tt.w, tt.h, tt.fps, tt.cpus); got != tt.want {
			t.Errorf("%s: threadsFor = %d, want %d", tt.name, got, tt.want)
		}
	}
}

// TestDecoderThreadsByStream: the built-in ladder's 1080p30 H.264 is
// decoded on one thread; a fixed Options.Threads is kept.
func TestDecoderThreadsByStream(t *testing.T) {
	dir := ladder(t, assets.TS)
	for _, tt := range []struct {
		opts Options
		want int
	}{{Options{}, 1}, {Options{Threads: 3}, 3}} {
		d := New(tt.opts)
		seg := segments(t, dir, "1080p")[0]
		if err := d.Decode(context.Background(), seg, &collector{}); err != nil {
			t.Fatal(err)
		}
		if d.video == nil {
			t.Fatal("no video decoder open after a segment")
		}
		if got := d.video.cc.ThreadCount(); got != tt.want {
			t.Errorf("Options %+v: %d decoding threads, want %d", tt.opts, got, tt.want)
		}
		d.Close()
	}
}
