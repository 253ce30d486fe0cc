package decode

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/asticode/go-astiav"
)

// DecodeFile decodes a local media file (MP4, MPEG-TS, Matroska/WebM,
// MP3, ...) from start to its end, handing frames and audio to sink. The
// file's first timestamp plays at zero; frames and audio before start are
// dropped (the frame on screen at start is kept). Frames carry Variant and
// Segment -1. FFmpeg reads the file through our own IO context, like
// segments.
func DecodeFile(ctx context.Context, path string, start time.Duration, sink Sink) (Info, error) {
	if sink == nil {
		return Info{}, ErrNilSegment
	}
	f, err := os.Open(path)
	if err != nil {
		return Info{}, fmt.Errorf("decode: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Info{}, fmt.Errorf("decode: %w", err)
	}
	if !st.Mode().IsRegular() {
		return Info{}, fmt.Errorf("decode: %s: %w (not a regular file)", path, ErrOpenInput)
	}
	d := New(Options{})
	defer d.Close()
	in, err := openInput(f, st.Size(), fileFormats, d.log)
	if err != nil {
		return Info{}, fmt.Errorf("decode: %s: %w", path, err)
	}
	defer in.close()
	info := in.info()
	usec := timebase{1, int64(astiav.TimeBase)}
	first := in.fc.StartTime()
	if first == astiav.NoPtsValue {
		first = 0
	}
	start = max(start, 0)
	if start > 0 {
		ts := first + start.Microseconds()
		if err := in.fc.SeekFrame(-1, ts, astiav.NewSeekFlags(astiav.SeekFlagBackward)); err != nil {
			return info, fmt.Errorf("decode: %s: seeking to %v: %w", path, start, err)
		}
	}
	sc := segContext{index: -1, variant: -1, skip: start}
	anchor := func(int64, timebase) { d.tl.anchorAt(0, first, usec) }
	if err := d.decodeInput(ctx, in, sc, anchor, sink); err != nil {
		return info, withContext(err, path)
	}
	if err := d.Flush(ctx, sink); err != nil {
		return info, withContext(err, path)
	}
	if d.bad > 0 {
		return info, fmt.Errorf("decode: %s: %w (%d bad packets)", path, ErrCorrupt, d.bad)
	}
	return info, nil
}
