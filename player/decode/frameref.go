package decode

// #cgo pkg-config: libavutil
// #include <libavutil/frame.h>
//
// static void free_frame(AVFrame *f) { av_frame_free(&f); }
import "C"

import (
	"runtime"
	"sync/atomic"
	"unsafe"

	"github.com/asticode/go-astiav"

	"smartplay/player/media"
)

// heldFrames counts the decoder pictures referenced by frames not yet
// released (tests check that playback gives every one back).
var heldFrames atomic.Int64

// refVideoFrame returns a frame whose planes are the decoder's own picture
// (a new reference to its buffers, no copy), or nil when the picture's
// layout does not allow it (no buffer, negative or unequal chroma
// strides), for the caller to copy instead. Why: a 1080p picture is 3 MB;
// copying it into Go memory cost a copy per frame and kept a second set of
// pictures in the Go heap, grown by the collector's headroom, on top of
// FFmpeg's own buffer pool (measured: 25 MB of the Go heap at 1080p with
// a 0.2 s decoded queue).
func refVideoFrame(f *astiav.Frame, w, h int) *media.VideoFrame {
	c := (*C.AVFrame)(f.UnsafePointer())
	ys, us, vs := int(c.linesize[0]), int(c.linesize[1]), int(c.linesize[2])
	cw, ch := (w+1)/2, (h+1)/2
	if c.buf[0] == nil || c.data[0] == nil || c.data[1] == nil || c.data[2] == nil ||
		ys < w || us < cw || us != vs {
		return nil
	}
	clone := C.av_frame_clone(c)
	if clone == nil {
		return nil
	}
	plane := func(i, stride, width, rows int) []byte {
		return unsafe.Slice((*byte)(unsafe.Pointer(clone.data[i])), stride*(rows-1)+width)
	}
	heldFrames.Add(1)
	var freed atomic.Bool
	free := func() {
		if freed.CompareAndSwap(false, true) {
			C.free_frame(clone)
			heldFrames.Add(-1)
		}
	}
	var cleanup runtime.Cleanup
	out := media.WrapVideoFrame(w, h, plane(0, ys, w, h), plane(1, us, cw, ch), plane(2, us, cw, ch), ys, us,
		func() {
			cleanup.Stop()
			free()
		})
	// A frame dropped without Release would hold its picture for good:
	// give it back when the frame is collected.
	cleanup = runtime.AddCleanup(out, func(struct{}) { free() }, struct{}{})
	return out
}
