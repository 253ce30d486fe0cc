package decode

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"smartplay/player/media"
)

// hlsFixture encodes 2 s of the test picture and tone into 1 s HLS
// segments with the given codec arguments and returns the segments.
func hlsFixture(t *testing.T, name string, w, h int, codecArgs ...string) []*media.Segment {
	t.Helper()
	args := append(lavfiInputs(w, h, "2"), codecArgs...)
	args = append(args, "-c:a", "aac", "-ac", "2", "-f", "hls", "-hls_time", "1", "-hls_playlist_type", "vod",
		"-hls_segment_filename", "{}/seg_%03d.ts", "{}/stream.m3u8")
	dir := fixture(t, name, args...)
	p := readPlaylist(t, filepath.Join(dir, "stream.m3u8"))
	var segs []*media.Segment
	var start time.Duration
	for i, uri := range p.uris {
		segs = append(segs, &media.Segment{Index: i, Start: start, Duration: p.durations[i],
			Data: readFile(t, filepath.Join(dir, uri)), Last: i == len(p.uris)-1})
		start += p.durations[i]
	}
	return segs
}

func TestCodecs(t *testing.T) {
	x265 := []string{"-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error:keyint=30:min-keyint=30:scenecut=0"}
	tests := []struct {
		name  string
		w, h  int
		args  []string
		codec string
	}{
		{"h264", 320, 180, []string{"-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-keyint_min", "30", "-sc_threshold", "0"}, "h264"},
		{"hevc", 320, 180, append(x265, "-pix_fmt", "yuv420p"), "hevc"},
		// 10-bit output goes through swscale to 8-bit planes.
		{"hevc 10-bit", 320, 180, append(x265, "-pix_fmt", "yuv420p10le"), "hevc"},
		// Full-range H.264 also goes through swscale.
		{"h264 full range", 320, 180, []string{"-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-pix_fmt", "yuvj420p"}, "h264"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			segs := hlsFixture(t, tt.name, tt.w, tt.h, tt.args...)
			d := New(Options{})
			defer d.Close()
			var c collector
			for _, s := range segs {
				if err := d.Decode(context.Background(), s, &c); err != nil {
					t.Fatalf("segment %d: %v", s.Index, err)
				}
			}
			if info := d.Info(); info.VideoCodec != tt.codec || info.Width != tt.w || info.Height != tt.h {
				t.Errorf("info %+v", info)
			}
			// ffmpeg's EXTINF values here can be a frame long; the content
			// is 2 s, cut into 1 s GOPs.
			bounds := []*media.Segment{{Start: 0}, {Start: time.Second}}
			checkVideo(t, c.video, 2*time.Second, bounds, []rendition{{tt.w, tt.h, 0}, {tt.w, tt.h, 0}})
			checkAudio(t, &c, 2*time.Second)
		})
	}
}

// TestFileCodecs decodes small local files in other containers and codecs.
func TestFileCodecs(t *testing.T) {
	tests := []struct {
		name         string
		file         string
		start        time.Duration
		args         []string
		video, audio string
		w, h         int
		frames       int
		audioLen     time.Duration
	}{
		{"vp9 opus webm", "v.webm", 0, append(lavfiInputs(320, 180, "1"),
			"-c:v", "libvpx-vp9", "-deadline", "realtime", "-cpu-used", "8", "-c:a", "libopus", "{}/v.webm"),
			"vp9", "opus", 320, 180, 30, time.Second},
		{"av1 aac mp4", "v.mp4", 0, append(lavfiInputs(320, 180, "1"),
			"-c:v", "libsvtav1", "-preset", "12", "-c:a", "aac", "{}/v.mp4"),
			"av1", "aac", 320, 180, 30, time.Second},
		{"mpeg2 mp2 ts", "v.ts", 0, append(lavfiInputs(320, 180, "1"),
			"-c:v", "mpeg2video", "-c:a", "mp2", "{}/v.ts"),
			"mpeg2video", "mp2", 320, 180, 30, time.Second},
		// Seeking in a TS file (no index: FFmpeg seeks by timestamp, and
		// the decoder must still start at a keyframe, 12 frames apart
		// here). The video starts 10 ms after the audio, which is time 0,
		// so the frame on screen at 0.5 s starts at 0.477 s: 16 frames.
		{"mpeg2 mp2 ts from 0.5 s", "v.ts", 500 * time.Millisecond, append(lavfiInputs(320, 180, "1"),
			"-c:v", "mpeg2video", "-c:a", "mp2", "{}/v.ts"),
			"mpeg2video", "mp2", 320, 180, 16, 500 * time.Millisecond},
		// 44.1 kHz mono and 5.1 sound come out as 48 kHz stereo.
		{"mp3 44.1 kHz mono", "a.mp3", 0, []string{"-f", "lavfi", "-i", "sine=f=440:r=44100:d=2", "-ac", "1", "{}/a.mp3"},
			"", "mp3", 0, 0, 0, 2 * time.Second},
		{"aac 5.1", "a.m4a", 0, []string{"-f", "lavfi", "-i", "sine=f=440:r=48000:d=2", "-ac", "6", "-c:a", "aac", "{}/a.m4a"},
			"", "aac", 0, 0, 0, 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := fixture(t, tt.name, tt.args...)
			var c collector
			info, err := DecodeFile(context.Background(), filepath.Join(dir, tt.file), tt.start, &c)
			if err != nil {
				t.Fatal(err)
			}
			if info.VideoCodec != tt.video || info.AudioCodec != tt.audio || info.HasVideo != (tt.video != "") || !info.HasAudio {
				t.Errorf("info %+v", info)
			}
			if len(c.video) != tt.frames {
				t.Errorf("%d frames, want %d", len(c.video), tt.frames)
			}
			if n := len(c.video); n > 0 && tt.start > 0 && (c.video[0].pts > tt.start || c.video[0].pts+c.video[0].dur <= tt.start) {
				t.Errorf("first frame %v..%v does not cover the start %v", c.video[0].pts, c.video[0].pts+c.video[0].dur, tt.start)
			}
			for i, v := range c.video {
				if i > 0 && !within(v.pts-c.video[i-1].pts, frameDur, time.Millisecond) {
					t.Fatalf("frame %d at %v after %v", i, v.pts, c.video[i-1].pts)
				}
				if v.w != tt.w || v.h != tt.h || v.meanY < 40 {
					t.Fatalf("frame %d: %dx%d mean luma %.0f", i, v.w, v.h, v.meanY)
				}
			}
			// Encoders pad the last frame; allow one codec frame (mp3: 1152
			// samples at 44.1 kHz, 26 ms; AAC 21 ms; Opus 20 ms).
			if got := c.audioTotal(); !within(got, tt.audioLen, 30*time.Millisecond) {
				t.Errorf("audio lasts %v, want %v", got, tt.audioLen)
			}
			if c.badChunks > 0 {
				t.Errorf("%d bad chunks", c.badChunks)
			}
		})
	}
}

// TestPixelRange checks that full-range (yuvj420p) pictures are converted
// to the limited range the renderer expects: black is 16, white 235.
func TestPixelRange(t *testing.T) {
	for _, tt := range []struct {
		color string
		wantY float64
	}{{"black", 16}, {"white", 235}} {
		t.Run(tt.color, func(t *testing.T) {
			dir := fixture(t, "range-"+tt.color, "-f", "lavfi", "-i", "color=c="+tt.color+":s=64x64:r=30:d=0.5",
				"-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuvj420p", "{}/v.mp4")
			var c collector
			if _, err := DecodeFile(context.Background(), filepath.Join(dir, "v.mp4"), 0, &c); err != nil {
				t.Fatal(err)
			}
			if len(c.video) != 15 {
				t.Fatalf("%d frames", len(c.video))
			}
			if y := c.video[0].meanY; y < tt.wantY-2 || y > tt.wantY+2 {
				t.Errorf("mean luma %.1f, want %.0f", y, tt.wantY)
			}
		})
	}
}

// TestAspectRatio checks that a non-square sample aspect ratio reaches the
// frame: 720x576 at SAR 16:15 displays at 4:3.
func TestAspectRatio(t *testing.T) {
	dir := fixture(t, "sar", "-f", "lavfi", "-i", "testsrc2=s=720x576:r=25:d=0.4",
		"-vf", "setsar=16/15", "-c:v", "libx264", "-preset", "ultrafast", "{}/v.mp4")
	var c collector
	if _, err := DecodeFile(context.Background(), filepath.Join(dir, "v.mp4"), 0, &c); err != nil {
		t.Fatal(err)
	}
	if len(c.video) == 0 {
		t.Fatal("no frames")
	}
	if a := c.video[0].aspect; a < 4.0/3-0.001 || a > 4.0/3+0.001 {
		t.Errorf("aspect %.4f, want 4:3", a)
	}
	if len(c.audio) != 0 {
		t.Errorf("audio from a video-only file")
	}
}
