package decode

import (
	"context"
	"fmt"
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
	d := New(Options{})
	defer d.Close()
	f, in, err := openFile(path, d.log)
	if err != nil {
		return Info{}, err
	}
	defer f.Close()
	defer in.close()
	info := in.info()
	usec := timebase{1, int64(astiav.TimeBase)}
	first := in.fc.StartTime()
	if first == astiav.NoPtsValue {
		first = 0
	}
	start = max(start, 0)
	if start > 0 {
		if err := seekToKeyframe(in, d.pkt, first, start); err != nil {
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

const (
	// seekPrerollStep is how far before the target the search for a
	// keyframe starts again when the demuxer landed after the last one
	// (MPEG-TS and MPEG-PS have no index: FFmpeg seeks by timestamp, not to
	// keyframes). It doubles each time.
	seekPrerollStep = time.Second
	// seekPrerollMax bounds the search; beyond it, decoding starts at the
	// target and the decoder skips to the next keyframe.
	seekPrerollMax = 64 * time.Second
	// seekProbePackets bounds the packets read to find a keyframe.
	seekProbePackets = 4096
)

// seekToKeyframe positions the demuxer so that the first video packet is a
// keyframe at or before start (first is the file's start time in
// microseconds).
func seekToKeyframe(in *input, pkt *astiav.Packet, first int64, start time.Duration) error {
	usec := timebase{1, int64(astiav.TimeBase)}
	base := usec.duration(first)
	flags := astiav.NewSeekFlags(astiav.SeekFlagBackward)
	for back := time.Duration(0); ; back = max(2*back, seekPrerollStep) {
		target := max(start-back, 0)
		if err := in.fc.SeekFrame(-1, first+target.Microseconds(), flags); err != nil {
			return err
		}
		if in.video == nil || target == 0 || back >= seekPrerollMax {
			return nil
		}
		key, ok := firstKeyframe(in, pkt)
		if ok && key-base <= start {
			// Seek again: the probe consumed packets.
			return in.fc.SeekFrame(-1, first+target.Microseconds(), flags)
		}
	}
}

// firstKeyframe reads packets until the first video keyframe and returns
// its timestamp as a duration in the file's time (not yet mapped).
func firstKeyframe(in *input, pkt *astiav.Packet) (time.Duration, bool) {
	defer pkt.Unref()
	tb := streamTB(in.video)
	for i := 0; i < seekProbePackets; i++ {
		pkt.Unref()
		if err := in.fc.ReadFrame(pkt); err != nil {
			return 0, false
		}
		if pkt.StreamIndex() == in.video.Index() && pkt.Flags().Has(astiav.PacketFlagKey) && pkt.Pts() != astiav.NoPtsValue {
			return tb.duration(pkt.Pts()), true
		}
	}
	return 0, false
}
