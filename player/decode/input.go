package decode

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"syscall"

	"github.com/asticode/go-astiav"
)

const (
	// ioBufferSize is FFmpeg's read buffer: 64 KiB amortises each cgo
	// read callback over ~350 TS packets.
	ioBufferSize = 64 << 10
	// avseekSize and avseekForce are FFmpeg's AVSEEK_SIZE and AVSEEK_FORCE
	// flags, which its seek callback receives OR-ed into whence.
	avseekSize  = 0x10000
	avseekForce = 0x20000

	// segmentFormats are the demuxers FFmpeg may pick for an HLS segment
	// ("mov" is MP4 and fMP4, "matroska" also WebM, "aac" is ADTS audio).
	segmentFormats = "mpegts,mov,matroska,aac"
	// fileFormats adds what common local media files need.
	fileFormats = segmentFormats + ",mp3,flac,ogg,wav,avi,flv,mpeg,ivf"
	// noProtocols is a protocol whitelist that matches no protocol, so a
	// demuxer can never open a nested URL or file (HLS, DASH, concat, mov
	// data references): FFmpeg only sees the bytes we hand it.
	noProtocols = "none"
)

// byteSource reads a sequence of byte slices as one seekable stream (an
// fMP4 init section followed by a segment) without concatenating them.
type byteSource struct {
	parts [][]byte
	size  int64
	pos   int64
}

func newByteSource(parts ...[]byte) *byteSource {
	s := &byteSource{}
	for _, p := range parts {
		if len(p) > 0 {
			s.parts = append(s.parts, p)
			s.size += int64(len(p))
		}
	}
	return s
}

func (s *byteSource) Read(b []byte) (int, error) {
	if s.pos >= s.size {
		return 0, io.EOF
	}
	n, off := 0, s.pos
	for _, p := range s.parts {
		if off >= int64(len(p)) {
			off -= int64(len(p))
			continue
		}
		c := copy(b[n:], p[off:])
		n += c
		off = 0
		if n == len(b) {
			break
		}
	}
	s.pos += int64(n)
	return n, nil
}

func (s *byteSource) Seek(offset int64, whence int) (int64, error) {
	var p int64
	switch whence {
	case io.SeekStart:
		p = offset
	case io.SeekCurrent:
		p = s.pos + offset
	case io.SeekEnd:
		p = s.size + offset
	default:
		return 0, fmt.Errorf("byte source: bad whence %d", whence)
	}
	if p < 0 {
		return 0, fmt.Errorf("byte source: seek to %d", p)
	}
	s.pos = p
	return p, nil
}

// input is an opened FFmpeg demuxer over our own bytes, with the streams
// chosen for decoding.
type input struct {
	fc     *astiav.FormatContext
	ioc    *astiav.IOContext
	ref    *srcRef
	format string
	video  *astiav.Stream // nil when there is no decodable video
	audio  *astiav.Stream // nil when there is no decodable audio
	// audioCodec names an audio stream that was skipped as unsupported.
	skippedAudio string
}

// openInput opens src (size bytes) with one of the demuxers in formats,
// reads stream info and picks the first video and audio streams.
func openInput(src io.ReadSeeker, size int64, formats string, log *slog.Logger) (*input, error) {
	if size <= 0 {
		return nil, ErrEmptyInput
	}
	ref := &srcRef{src: src}
	read := func(b []byte) (int, error) {
		if ref.src == nil {
			return 0, astiav.ErrEof
		}
		n, err := ref.src.Read(b)
		switch {
		case n > 0:
			return n, nil
		case err == nil || errors.Is(err, io.EOF):
			return 0, astiav.ErrEof
		default:
			return 0, astiav.ErrEio
		}
	}
	seek := func(offset int64, whence int) (int64, error) {
		if whence&avseekSize != 0 {
			return size, nil
		}
		if ref.src == nil {
			return 0, astiav.ErrEio
		}
		n, err := ref.src.Seek(offset, whence&^avseekForce)
		if err != nil {
			return 0, astiav.ErrEio
		}
		return n, nil
	}
	ioc, err := astiav.AllocIOContext(ioBufferSize, false, read, seek, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: io context: %w", ErrCodec, err)
	}
	fc := astiav.AllocFormatContext()
	if fc == nil {
		ioc.Free()
		ref.release()
		return nil, fmt.Errorf("%w: format context: out of memory", ErrCodec)
	}
	fc.SetPb(ioc)
	opts := astiav.NewDictionary()
	defer opts.Free()
	if err := opts.Set("format_whitelist", formats, 0); err != nil {
		fc.Free()
		ioc.Free()
		ref.release()
		return nil, fmt.Errorf("%w: options: %w", ErrCodec, err)
	}
	if err := opts.Set("protocol_whitelist", noProtocols, 0); err != nil {
		fc.Free()
		ioc.Free()
		ref.release()
		return nil, fmt.Errorf("%w: options: %w", ErrCodec, err)
	}
	if err := fc.OpenInput("", nil, opts); err != nil {
		// avformat_open_input freed fc on failure; our IO context is ours.
		fc.Free()
		ioc.Free()
		ref.release()
		if errors.Is(err, astiav.Error(-int(syscall.EINVAL))) {
			// FFmpeg's answer when the probed format is not on the list.
			return nil, fmt.Errorf("%w: not one of the accepted containers (%s)", ErrOpenInput, formats)
		}
		return nil, fmt.Errorf("%w (accepted: %s): %w", ErrOpenInput, formats, err)
	}
	in := &input{fc: fc, ioc: ioc, ref: ref, format: fc.InputFormat().Name()}
	if err := fc.FindStreamInfo(nil); err != nil {
		in.close()
		return nil, fmt.Errorf("%w: %s: stream info: %w", ErrOpenInput, in.format, err)
	}
	if err := in.pickStreams(log); err != nil {
		in.close()
		return nil, err
	}
	return in, nil
}

// pickStreams chooses the first decodable video and audio streams. An
// unsupported video codec is an error; an unsupported audio codec next to
// playable video is logged and skipped (the video still plays).
func (in *input) pickStreams(log *slog.Logger) error {
	var videoErr, audioErr error
	for _, s := range in.fc.Streams() {
		cp := s.CodecParameters()
		switch cp.MediaType() {
		case astiav.MediaTypeVideo:
			if in.video != nil || videoErr != nil || stillImageCodecs[cp.CodecID().Name()] {
				continue
			}
			if _, err := findDecoder(cp.CodecID(), "video"); err != nil {
				videoErr = err
				continue
			}
			in.video = s
		case astiav.MediaTypeAudio:
			if in.audio != nil {
				continue
			}
			if _, err := findDecoder(cp.CodecID(), "audio"); err != nil {
				if audioErr == nil {
					audioErr = err
				}
				continue
			}
			in.audio = s
		}
	}
	switch {
	case videoErr != nil:
		return videoErr
	case in.video == nil && in.audio == nil && audioErr != nil:
		return audioErr
	case in.video == nil && in.audio == nil:
		return fmt.Errorf("%w (%s)", ErrNoStreams, in.format)
	case audioErr != nil:
		var uc *UnsupportedCodecError
		if errors.As(audioErr, &uc) {
			in.skippedAudio = uc.Codec
		}
		log.Warn("decode: skipping audio stream", "err", audioErr)
	}
	return nil
}

// tb returns a stream's time base.
func streamTB(s *astiav.Stream) timebase {
	r := s.TimeBase()
	return timebase{num: int64(r.Num()), den: int64(r.Den())}
}

// info describes the chosen streams.
func (in *input) info() Info {
	var i Info
	if d := in.fc.Duration(); d > 0 && d != astiav.NoPtsValue {
		i.Duration = timebase{1, int64(astiav.TimeBase)}.duration(d)
	}
	if in.video != nil {
		cp := in.video.CodecParameters()
		i.HasVideo, i.Width, i.Height, i.VideoCodec = true, cp.Width(), cp.Height(), cp.CodecID().Name()
	}
	if in.audio != nil {
		i.HasAudio, i.AudioCodec = true, in.audio.CodecParameters().CodecID().Name()
	} else if in.skippedAudio != "" {
		i.AudioCodec = in.skippedAudio
	}
	return i
}

// close frees the demuxer and the IO context (FFmpeg leaves a custom IO
// context to its owner).
func (in *input) close() {
	if in.fc != nil {
		in.fc.CloseInput()
		in.fc.Free()
		in.fc = nil
	}
	if in.ioc != nil {
		in.ioc.Free()
		in.ioc = nil
	}
	in.ref.release()
}

// srcRef is the only thing go-astiav's IO callbacks reach our bytes
// through. go-astiav v0.16 keeps each IOContext's callbacks in a
// package-level map that IOContext.Free never clears, so whatever they
// reference lives as long as the process: without this indirection, every
// segment's bytes (5 MB at 1080p, one every 10 s) stayed in memory. Closing
// the input empties the ref; what leaks is then a few dozen bytes.
type srcRef struct{ src io.ReadSeeker }

func (r *srcRef) release() {
	if r != nil {
		r.src = nil
	}
}
