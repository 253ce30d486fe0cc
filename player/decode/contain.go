package decode

import (
	"context"
	"time"

	"github.com/asticode/go-astiav"

	"smartplay/player/media"
)

// timestampSlack: a packet of a segment may start this far before the
// segment's start on the playlist (B-frame reordering, AAC priming) or end
// this far past its end (a rounded EXTINF) and still be trusted. Beyond
// it, a timestamp is broken (a corrupt PES header): the packet is dropped
// and counted as bad, so that it costs one frame instead of sending the
// presentation clock seconds ahead.
const timestampSlack = time.Second

// window is the media time a segment's packets may carry.
type window struct {
	from, to time.Duration
	valid    bool // false: anything goes (local files, unknown duration)
}

// segmentWindow is [start−slack, end+slack] for a segment of known
// duration.
func segmentWindow(start, dur time.Duration) window {
	if dur <= 0 {
		return window{}
	}
	return window{from: start - timestampSlack, to: start + dur + timestampSlack, valid: true}
}

// outside reports whether a retimed packet's PTS or DTS (media time in
// ns) falls out of the window.
func (w window) outside(p *astiav.Packet) bool {
	if !w.valid {
		return false
	}
	for _, v := range []int64{p.Pts(), p.Dts()} {
		if v != astiav.NoPtsValue && (time.Duration(v) < w.from || time.Duration(v) > w.to) {
			return true
		}
	}
	return false
}

// newTimeline forgets the last emitted frame when seg goes back to it or
// before (the caller decodes an earlier stretch again) or follows a
// discontinuity: its frames start a new order.
func (d *Decoder) newTimeline(seg *media.Segment) {
	if seg.Discontinuity || seg.Start <= d.lastEmitted {
		d.haveEmitted = false
	}
}

// inOrder reports whether a video frame at pts may be emitted after the
// last one: frames leave the decoders in presentation order, so a frame
// at or before the last emitted one has a broken timestamp (corrupt
// data) and is dropped rather than failing the presentation. A seek
// (Reset) starts over.
func (d *Decoder) inOrder(pts time.Duration) bool {
	if d.haveEmitted && pts <= d.lastEmitted {
		return false
	}
	d.lastEmitted, d.haveEmitted = pts, true
	return true
}

// dropDecoders frees the video and muxed-audio decoders without draining
// them, after a segment broke their setup: what they hold is that
// segment's; the next segment opens new ones.
func (d *Decoder) dropDecoders() {
	if d.video != nil {
		d.video.free()
		d.video = nil
	}
	if d.audio != nil && d.feed == nil {
		d.audio.free()
		d.audio = nil
	}
}

// closeDecoders drains and frees the video decoder and the muxed-audio
// decoder (separate audio keeps its own, audioparts.go); the next segment
// opens new ones.
func (d *Decoder) closeDecoders(ctx context.Context, sink Sink) error {
	if err := d.closeVideo(ctx, sink); err != nil {
		return err
	}
	if d.feed != nil {
		return nil
	}
	return d.closeAudio(ctx, sink)
}
