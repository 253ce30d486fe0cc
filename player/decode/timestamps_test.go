package decode

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"smartplay/assets"
	"smartplay/player/media"
)

// decodeAll decodes segs in order with one decoder and flushes.
func decodeAll(t *testing.T, d *Decoder, segs []*media.Segment, c *collector) {
	t.Helper()
	for _, s := range segs {
		if err := d.Decode(context.Background(), s, c); err != nil {
			t.Fatalf("segment %d: %v", s.Index, err)
		}
	}
	if err := d.Flush(context.Background(), c); err != nil {
		t.Fatal(err)
	}
}

// TestTimestampWrap plays a TS stream whose 33-bit timestamps wrap: the
// first segment starts 65 s before the wrap (FFmpeg hands its timestamps
// over as they are, near 2^33), the next ones within 60 s of it (FFmpeg
// makes them negative) and one contains the wrap itself. The playlist's
// EXTINF values are made 0.3 s off, as rounding does: only the unwrapped
// timestamps can then keep the picture continuous.
func TestTimestampWrap(t *testing.T) {
	wrapAt := float64(mpegtsWrapTicks) / mpegtsClockHz
	offset := wrapAt - 65 - 1.4 // ffmpeg's TS muxer starts at 1.4 s
	dir := fixture(t, "wrap", append(lavfiInputs(160, 90, "70"),
		"-c:v", "libx264", "-preset", "ultrafast", "-g", "300", "-keyint_min", "300", "-sc_threshold", "0",
		"-c:a", "aac", "-output_ts_offset", formatSeconds(offset),
		"-f", "hls", "-hls_time", "10", "-hls_playlist_type", "vod",
		"-hls_segment_filename", "{}/seg_%03d.ts", "{}/stream.m3u8")...)
	segs := segmentsOf(t, dir)
	var bounds []*media.Segment
	want := make([]rendition, len(segs))
	for i, s := range segs {
		bounds = append(bounds, &media.Segment{Start: s.Start})
		want[i] = rendition{160, 90, 0}
		if i > 0 {
			s.Start += 300 * time.Millisecond
		}
	}
	d := New(Options{})
	defer d.Close()
	var c collector
	decodeAll(t, d, segs, &c)
	checkVideo(t, c.video, 70*time.Second, bounds, want)
	checkAudio(t, &c, 70*time.Second)
}

func formatSeconds(s float64) string {
	return strconv.FormatFloat(s, 'f', 6, 64)
}

// segmentsOf reads a single-rendition HLS fixture.
func segmentsOf(t testing.TB, dir string) []*media.Segment {
	t.Helper()
	p := readPlaylist(t, filepath.Join(dir, "stream.m3u8"))
	var segs []*media.Segment
	var start time.Duration
	for i, uri := range p.uris {
		segs = append(segs, &media.Segment{Index: i, Start: start, Duration: p.durations[i],
			Init: p.init, Data: readFile(t, filepath.Join(dir, uri)), Last: i == len(p.uris)-1})
		start += p.durations[i]
	}
	return segs
}

// TestRemap plays segment 0 and then segment 2 of the TS ladder as if it
// were segment 1: its timestamps are 10 s ahead of where the mapping
// expects them. With or without EXT-X-DISCONTINUITY the decoder must
// re-anchor, so the picture and sound stay continuous. An EXTINF that is
// off by half a second, on the other hand, must not move the mapping.
func TestRemap(t *testing.T) {
	dir := ladder(t, assets.TS)
	tests := []struct {
		name       string
		second     int // which ladder segment plays second
		start      time.Duration
		disc       bool
		wantSecond time.Duration // PTS of the second segment's first frame
	}{
		{"discontinuity", 2, 10 * time.Second, true, 10 * time.Second},
		{"timestamp jump without discontinuity", 2, 10 * time.Second, false, 10 * time.Second},
		{"wrong EXTINF keeps the mapping", 1, 10500 * time.Millisecond, false, 10 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			all := segments(t, dir, "180p", "180p", "180p")
			first, second := all[0], all[tt.second]
			second.Index, second.Start, second.Discontinuity, second.Last = 1, tt.start, tt.disc, true
			d := New(Options{})
			defer d.Close()
			var c collector
			decodeAll(t, d, []*media.Segment{first, second}, &c)
			bounds := []*media.Segment{{Start: 0}, {Start: tt.wantSecond}}
			checkVideo(t, c.video, 20*time.Second, bounds, []rendition{{320, 180, 0}, {320, 180, 0}})
			if len(c.video) > 300 && !within(c.video[300].pts, tt.wantSecond, time.Millisecond) {
				t.Errorf("second segment starts at %v, want %v", c.video[300].pts, tt.wantSecond)
			}
			for i := 1; i < len(c.audio); i++ {
				if !within(c.audio[i].pts, c.audio[i-1].end, time.Millisecond) {
					t.Fatalf("audio chunk %d at %v, previous ended at %v", i, c.audio[i].pts, c.audio[i-1].end)
				}
			}
		})
	}
}

// TestSkipBefore starts playback inside a segment (a seek): frames before
// the skip time are dropped except the one on screen, audio starts exactly
// there, and Reset discards what the decoder held from before the seek.
func TestSkipBefore(t *testing.T) {
	for _, format := range []assets.Format{assets.TS, assets.FMP4} {
		t.Run(string(format), func(t *testing.T) {
			segs := segments(t, ladder(t, format), "180p", "720p", "720p")
			d := New(Options{})
			defer d.Close()
			var c collector
			// Play a bit of segment 0 first, then seek to 13.21 s.
			if err := d.Decode(context.Background(), segs[0], &c); err != nil {
				t.Fatal(err)
			}
			d.Reset()
			c = collector{}
			const skip = 13210 * time.Millisecond
			segs[1].SkipBefore = skip
			decodeAll(t, d, segs[1:], &c)
			// The frame on screen at 13.21 s started at 13.2 s.
			if len(c.video) == 0 || !within(c.video[0].pts, 13200*time.Millisecond, time.Millisecond) {
				t.Fatalf("first frame at %v, want 13.2s", c.video[0].pts)
			}
			if got, want := len(c.video), int((30*time.Second-13200*time.Millisecond)/frameDur); got != want {
				t.Errorf("%d frames, want %d", got, want)
			}
			for i := 1; i < len(c.video); i++ {
				if !within(c.video[i].pts-c.video[i-1].pts, frameDur, time.Millisecond) || c.video[i].w != 1280 {
					t.Fatalf("frame %d: %v after %v, %dx%d", i, c.video[i].pts, c.video[i-1].pts, c.video[i].w, c.video[i].h)
				}
			}
			if len(c.audio) == 0 || c.audio[0].pts != skip {
				t.Fatalf("audio starts at %v, want %v", c.audio[0].pts, skip)
			}
			for i := 1; i < len(c.audio); i++ {
				if !within(c.audio[i].pts, c.audio[i-1].end, time.Millisecond) {
					t.Fatalf("audio chunk %d at %v, previous ended at %v", i, c.audio[i].pts, c.audio[i-1].end)
				}
			}
			const aacFrame = 1024 * time.Second / 48000
			if got := c.audioTotal(); !within(got, 30*time.Second-skip, aacFrame) {
				t.Errorf("audio lasts %v, want %v", got, 30*time.Second-skip)
			}
		})
	}
}
