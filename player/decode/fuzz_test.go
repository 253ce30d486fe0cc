package decode

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"smartplay/player/media"
)

// FuzzDecode feeds arbitrary bytes as a segment (and, split in two, as an
// fMP4 init section and a segment): the decoder must return, without
// panicking, either nil or one of its errors, and emit only well-formed
// output.
func FuzzDecode(f *testing.F) {
	ts := segmentsOf(f, fixture(f, "fuzz-ts", append(lavfiInputs(64, 36, "0.5"),
		"-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac",
		"-f", "hls", "-hls_time", "1", "-hls_segment_filename", "{}/seg_%03d.ts", "{}/stream.m3u8")...))[0]
	fm := fixture(f, "fuzz-fmp4", append(lavfiInputs(64, 36, "0.5"),
		"-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac",
		"-f", "hls", "-hls_time", "1", "-hls_segment_type", "fmp4",
		"-hls_segment_filename", "{}/seg_%03d.m4s", "{}/stream.m3u8")...)
	init := readFile(f, filepath.Join(fm, "init.mp4"))
	f.Add(ts.Data, 0)
	f.Add(append(append([]byte(nil), init...), readFile(f, filepath.Join(fm, "seg_000.m4s"))...), len(init))
	f.Add([]byte("#EXTM3U\n"), 0)
	f.Add([]byte{0x47, 0x40, 0x00, 0x10}, 0)
	f.Fuzz(func(t *testing.T, data []byte, split int) {
		var s media.Segment
		s.Duration = time.Second
		if split > 0 && split < len(data) {
			s.Init, s.Data = data[:split], data[split:]
		} else {
			s.Data = data
		}
		d := New(Options{})
		defer d.Close()
		var c collector
		err := d.Decode(context.Background(), &s, &c)
		if err == nil {
			err = d.Flush(context.Background(), &c)
		}
		known := []error{ErrEmptyInput, ErrOpenInput, ErrNoStreams, ErrUnsupportedCodec, ErrCorrupt, ErrCodec}
		if err != nil && !isOneOf(err, known) {
			t.Fatalf("unexpected error %v", err)
		}
		if c.badChunks > 0 {
			t.Fatalf("%d malformed audio chunks", c.badChunks)
		}
		for _, v := range c.video {
			if v.w <= 0 || v.h <= 0 {
				t.Fatalf("frame %dx%d", v.w, v.h)
			}
		}
	})
}

func isOneOf(err error, targets []error) bool {
	for _, t := range targets {
		if errors.Is(err, t) {
			return true
		}
	}
	return false
}
