package media

import (
	"sync"
	"time"
)

// Audio output format: every AudioChunk carries interleaved signed 16-bit
// little-endian stereo PCM at 48 kHz, whatever the source had.
const (
	AudioRate          = 48000
	AudioChannels      = 2
	AudioBytesPerFrame = 4 // 2 channels × 2 bytes
)

// AudioDuration is the playing time of n bytes of output PCM.
func AudioDuration(n int) time.Duration {
	return time.Duration(n/AudioBytesPerFrame) * time.Second / AudioRate
}

// AudioBytes is the number of PCM bytes (whole sample frames) in d.
func AudioBytes(d time.Duration) int {
	return int(d*AudioRate/time.Second) * AudioBytesPerFrame
}

// VideoFrame is one decoded picture in planar YUV 4:2:0, 8 bits per sample
// (the decoder converts every other format to this one). Planes come from a
// pool or belong to the decoder (WrapVideoFrame): call Release when the
// frame is no longer needed, and do not keep a plane past it.
type VideoFrame struct {
	// PTS is the presentation time on the playlist's timeline.
	PTS time.Duration
	// Duration is the frame's display duration (1/frame rate).
	Duration time.Duration
	// Width and Height are the coded picture size in pixels (even).
	Width, Height int
	// AspectRatio is the display aspect ratio (width/height after the
	// sample aspect ratio); 0 means Width/Height.
	AspectRatio float64
	// Matrix is the YUV→RGB matrix the stream declares; MatrixUnknown for
	// untagged video (the renderer then guesses from the size).
	Matrix ColorMatrix
	// Y, U, V are the planes; U and V are (Width/2)×(Height/2). StrideY and
	// StrideC are the byte distances between rows.
	Y, U, V          []byte
	StrideY, StrideC int
	// Variant and Segment identify where the frame came from (-1 for a
	// local file).
	Variant, Segment int
	// Number counts frames from the start of the session, 0-based.
	Number int64

	buf     *[]byte
	release func()
}

// DisplayAspect returns the ratio to draw the frame at.
func (f *VideoFrame) DisplayAspect() float64 {
	if f.AspectRatio > 0 {
		return f.AspectRatio
	}
	if f.Height == 0 {
		return 16.0 / 9
	}
	return float64(f.Width) / float64(f.Height)
}

// ColorMatrix names the YUV↔RGB matrix of a picture.
type ColorMatrix uint8

// Matrices a stream may declare.
const (
	MatrixUnknown ColorMatrix = iota // untagged
	MatrixBT601                      // SD: BT.470BG / SMPTE 170M
	MatrixBT709                      // HD
)

var planePool sync.Pool

// NewVideoFrame returns a frame whose planes are allocated from a pool,
// with strides equal to the widths.
func NewVideoFrame(width, height int) *VideoFrame {
	cw, ch := (width+1)/2, (height+1)/2
	need := width*height + 2*cw*ch
	var b *[]byte
	if v, ok := planePool.Get().(*[]byte); ok && cap(*v) >= need {
		b = v
		*b = (*b)[:need]
	} else {
		s := make([]byte, need)
		b = &s
	}
	buf := *b
	return &VideoFrame{
		Width: width, Height: height,
		Y: buf[:width*height], U: buf[width*height : width*height+cw*ch], V: buf[width*height+cw*ch:],
		StrideY: width, StrideC: cw,
		buf: b,
	}
}

// WrapVideoFrame returns a frame over planes it does not own (a decoder's
// picture buffer, say): Y has rows strideY bytes apart, U and V rows
// strideC apart. release is called once, by the first Release.
func WrapVideoFrame(width, height int, y, u, v []byte, strideY, strideC int, release func()) *VideoFrame {
	return &VideoFrame{
		Width: width, Height: height,
		Y: y, U: u, V: v, StrideY: strideY, StrideC: strideC,
		release: release,
	}
}

// Release returns the frame's planes to the pool, or to their owner. The
// frame must not be used afterwards. Safe to call on nil and more than
// once.
func (f *VideoFrame) Release() {
	if f == nil {
		return
	}
	if f.buf != nil {
		planePool.Put(f.buf)
		f.buf = nil
	}
	if f.release != nil {
		r := f.release
		f.release = nil
		r()
	}
	f.Y, f.U, f.V = nil, nil, nil
}

// AudioChunk is a run of decoded, resampled audio.
type AudioChunk struct {
	// PTS is the presentation time of the first sample.
	PTS time.Duration
	// PCM is s16le stereo at 48 kHz.
	PCM []byte
	// Variant and Segment identify the source (-1 for a local file).
	Variant, Segment int
}

// Duration is the playing time of the chunk.
func (a *AudioChunk) Duration() time.Duration { return AudioDuration(len(a.PCM)) }

// End is the media time just after the last sample.
func (a *AudioChunk) End() time.Duration { return a.PTS + a.Duration() }
