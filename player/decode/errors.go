package decode

import (
	"errors"
	"fmt"
)

// Errors are wrapped with what they concern ("decode: segment 3 (variant
// 2): ..."); ErrClosed and ErrNilSegment are returned as they are.
var (
	// ErrClosed is returned by a Decoder used after Close.
	ErrClosed = errors.New("decode: decoder closed")
	// ErrNilSegment is returned by Decode for a nil segment or sink.
	ErrNilSegment = errors.New("decode: nil segment or sink")
	// ErrEmptyInput is returned for a segment or file with no bytes.
	ErrEmptyInput = errors.New("empty input")
	// ErrOpenInput wraps FFmpeg's refusal to open the bytes: not a
	// container this package accepts (MPEG-TS, fMP4/MP4, Matroska/WebM,
	// ADTS AAC for segments; a few more for local files), or garbage.
	ErrOpenInput = errors.New("cannot open input")
	// ErrNoStreams is returned when the input holds neither audio nor video.
	ErrNoStreams = errors.New("no audio or video stream")
	// ErrUnsupportedCodec is matched (errors.Is) by *UnsupportedCodecError.
	ErrUnsupportedCodec = errors.New("unsupported codec")
	// ErrCorrupt reports a segment that was truncated or held data the
	// demuxer or decoder rejected. What could be decoded was emitted; the
	// stream can go on with the next segment.
	ErrCorrupt = errors.New("corrupt or truncated data")
	// ErrCodec wraps a failure to set up a decoder, scaler or filter graph.
	ErrCodec = errors.New("codec setup failed")
)

// UnsupportedCodecError names a codec the decoder will not decode: either
// FFmpeg has no decoder for it here, or it is not on this package's list
// of codecs (see codecs.go).
type UnsupportedCodecError struct {
	// Media is "video" or "audio".
	Media string
	// Codec is FFmpeg's codec name, e.g. "ffv1".
	Codec string
}

func (e *UnsupportedCodecError) Error() string {
	return fmt.Sprintf("unsupported %s codec %q", e.Media, e.Codec)
}

// Is makes errors.Is(err, ErrUnsupportedCodec) true.
func (e *UnsupportedCodecError) Is(target error) bool { return target == ErrUnsupportedCodec }
