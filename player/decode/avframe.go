package decode

// #cgo pkg-config: libavutil
// #include <libavutil/frame.h>
import "C"

import (
	"unsafe"

	"github.com/asticode/go-astiav"
)

// go-astiav v0.16 copies plane data into fresh Go slices and hides
// best_effort_timestamp and pkt_duration; these helpers read the AVFrame
// directly so that a frame costs one copy into pooled planes and no
// allocation.

// frameTimes returns the frame's best-effort timestamp and duration, in
// the time base of the packets that were sent to the decoder.
func frameTimes(f *astiav.Frame) (pts, duration int64) {
	c := (*C.AVFrame)(f.UnsafePointer())
	return int64(c.best_effort_timestamp), int64(c.pkt_duration)
}

// copyPlane copies rows×width bytes of plane i of f into dst, whose rows
// are dstStride bytes apart.
func copyPlane(f *astiav.Frame, i int, dst []byte, dstStride, width, rows int) {
	c := (*C.AVFrame)(f.UnsafePointer())
	src := unsafe.Pointer(c.data[i])
	ls := int(c.linesize[i])
	if src == nil || width <= 0 {
		return
	}
	for y := 0; y < rows; y++ {
		row := unsafe.Slice((*byte)(unsafe.Add(src, y*ls)), width)
		copy(dst[y*dstStride:y*dstStride+width], row)
	}
}

// packedAudio returns a view of the first n bytes of plane 0 of f (packed
// sample formats keep all channels there). The view is valid until f is
// unreferenced.
func packedAudio(f *astiav.Frame, n int) []byte {
	c := (*C.AVFrame)(f.UnsafePointer())
	if c.data[0] == nil || n <= 0 {
		return nil
	}
	return unsafe.Slice((*byte)(unsafe.Pointer(c.data[0])), n)
}
