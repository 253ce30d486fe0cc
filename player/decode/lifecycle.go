package decode

import "context"

// Flush drains the decoders at the end of the stream: delayed video
// frames and buffered audio are emitted, and the decoders are closed (the
// next Decode opens new ones). The timestamp mapping is kept.
func (d *Decoder) Flush(ctx context.Context, sink Sink) error {
	if d.closed {
		return ErrClosed
	}
	if sink == nil {
		return ErrNilSegment
	}
	if err := d.closeVideo(ctx, sink); err != nil {
		return err
	}
	if err := d.closeAudio(ctx, sink); err != nil {
		return err
	}
	return d.closeGraph(ctx, sink)
}

// Reset drops everything the decoders hold without emitting it and forgets
// the timestamp mapping: call it before decoding from a new position
// (seek). The frame counter keeps running.
func (d *Decoder) Reset() {
	if d.video != nil {
		d.video.free()
		d.video = nil
	}
	if d.audio != nil {
		d.audio.free()
		d.audio = nil
	}
	if d.graph != nil {
		d.graph.free()
		d.graph = nil
	}
	d.tl.reset()
	d.cursor.reset()
	d.fed = audioFed{}
	d.havePrev = false
	d.haveEmitted = false
	d.cur = segContext{index: -1, variant: -1}
}

// Close frees every FFmpeg object. Safe to call more than once.
func (d *Decoder) Close() {
	if d.closed {
		return
	}
	d.Reset()
	d.pkt.Free()
	d.frame.Free()
	d.closed = true
}
