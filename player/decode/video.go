package decode

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/asticode/go-astiav"

	"smartplay/player/media"
)

// streamKey identifies a stream's codec parameters: while it stays equal
// across segments the decoder is kept; when it changes (a rendition switch
// to another resolution, SPS or init segment) the old decoder is drained
// and a new one opened.
type streamKey struct {
	codec         astiav.CodecID
	width, height int
	format        int
	rate          int
	channels      int
	extra         string
}

func keyOf(cp *astiav.CodecParameters) streamKey {
	k := streamKey{codec: cp.CodecID(), extra: string(cp.ExtraData())}
	if cp.MediaType() == astiav.MediaTypeVideo {
		k.width, k.height, k.format = cp.Width(), cp.Height(), int(cp.PixelFormat())
	} else {
		k.rate, k.channels, k.format = cp.SampleRate(), cp.ChannelLayout().NbChannels(), int(cp.SampleFormat())
	}
	return k
}

// openCodec opens a decoder for a stream.
func openCodec(s *astiav.Stream, mediaType string, threads int) (*astiav.CodecContext, error) {
	cp := s.CodecParameters()
	codec, err := findDecoder(cp.CodecID(), mediaType)
	if err != nil {
		return nil, err
	}
	cc := astiav.AllocCodecContext(codec)
	if cc == nil {
		return nil, fmt.Errorf("%w: %s: out of memory", ErrCodec, codec.Name())
	}
	if err := cp.ToCodecContext(cc); err != nil {
		cc.Free()
		return nil, fmt.Errorf("%w: %s parameters: %w", ErrCodec, codec.Name(), err)
	}
	if threads > 1 {
		cc.SetThreadCount(threads)
		cc.SetThreadType(astiav.ThreadTypeFrame | astiav.ThreadTypeSlice)
	}
	// Packets reach decoders stamped in media-time nanoseconds (retime).
	opts := astiav.NewDictionary()
	defer opts.Free()
	if err := opts.Set("pkt_timebase", "1/1000000000", 0); err != nil {
		cc.Free()
		return nil, fmt.Errorf("%w: %s options: %w", ErrCodec, codec.Name(), err)
	}
	if err := cc.Open(codec, opts); err != nil {
		cc.Free()
		return nil, fmt.Errorf("%w: opening %s: %w", ErrCodec, codec.Name(), err)
	}
	return cc, nil
}

// videoDecoder is one open video decoder and its pixel format converter.
type videoDecoder struct {
	cc      *astiav.CodecContext
	key     streamKey
	conv    scaler
	lastPTS time.Duration
	havePTS bool
}

func (v *videoDecoder) free() {
	v.cc.Free()
	v.conv.free()
}

// prepareVideo keeps the current video decoder when s has the same codec
// parameters, and otherwise drains it and opens one for s.
func (d *Decoder) prepareVideo(ctx context.Context, s *astiav.Stream, sink Sink) error {
	if s != nil && d.video != nil && d.video.key == keyOf(s.CodecParameters()) {
		return nil
	}
	if err := d.closeVideo(ctx, sink); err != nil {
		return err
	}
	if s == nil {
		return nil
	}
	cc, err := openCodec(s, "video", d.streamThreads(s))
	if err != nil {
		return err
	}
	d.video = &videoDecoder{cc: cc, key: keyOf(s.CodecParameters())}
	return nil
}

// closeVideo drains the video decoder, emitting its delayed frames, and
// frees it.
func (d *Decoder) closeVideo(ctx context.Context, sink Sink) error {
	if d.video == nil {
		return nil
	}
	err := d.decodeVideo(ctx, nil, sink)
	d.video.free()
	d.video = nil
	return err
}

// decodeVideo sends one packet (nil drains) and emits the frames that
// come out. Only sink errors are returned; data the decoder rejects is
// counted in d.bad.
func (d *Decoder) decodeVideo(ctx context.Context, pkt *astiav.Packet, sink Sink) error {
	v := d.video
	err := v.cc.SendPacket(pkt)
	if errors.Is(err, astiav.ErrEagain) {
		// Cannot happen with the output always drained; recover anyway.
		if err := d.receiveVideo(ctx, sink); err != nil {
			return err
		}
		err = v.cc.SendPacket(pkt)
	}
	if err != nil && !errors.Is(err, astiav.ErrEof) {
		d.bad++
		d.log.Debug("decode: video packet rejected", "err", err)
	}
	return d.receiveVideo(ctx, sink)
}

func (d *Decoder) receiveVideo(ctx context.Context, sink Sink) error {
	for {
		err := d.video.cc.ReceiveFrame(d.frame)
		if errors.Is(err, astiav.ErrEagain) || errors.Is(err, astiav.ErrEof) {
			return nil
		}
		if err != nil {
			d.bad++
			d.log.Debug("decode: video decoding", "err", err)
			return nil
		}
		err = d.emitVideo(ctx, d.frame, sink)
		d.frame.Unref()
		if err != nil {
			return err
		}
	}
}

// emitVideo converts a decoded frame (timestamps in media-time ns) to a
// media.VideoFrame and hands it to the sink, unless it ends before the
// segment's skip time.
func (d *Decoder) emitVideo(ctx context.Context, f *astiav.Frame, sink Sink) error {
	v := d.video
	w, h := f.Width(), f.Height()
	if w <= 0 || h <= 0 {
		d.bad++
		return nil
	}
	ts, pktDur := frameTimes(f)
	pts := time.Duration(ts)
	sc := d.contextFor(pts)
	dur := sc.frameDur
	if dur <= 0 && pktDur > 0 {
		dur = time.Duration(pktDur)
	}
	if ts == astiav.NoPtsValue {
		if !v.havePTS {
			d.bad++
			return nil
		}
		pts = v.lastPTS + dur
		sc = d.contextFor(pts)
	}
	if dur <= 0 && v.havePTS && pts > v.lastPTS {
		dur = pts - v.lastPTS
	}
	v.lastPTS, v.havePTS = pts, true
	// Keep the frame on screen at the skip time, drop the ones before
	// (a frame of unknown duration is dropped when it starts before).
	if pts+max(dur, 1) <= sc.skip {
		return nil
	}
	if !d.inOrder(pts) {
		d.bad++
		return nil
	}
	src := f
	if f.PixelFormat() != astiav.PixelFormatYuv420P {
		var err error
		if src, err = v.conv.convert(f); err != nil {
			return err
		}
	}
	var out *media.VideoFrame
	if src == f { // the decoder's own picture: reference it
		out = refVideoFrame(f, w, h)
	}
	if out == nil { // the scaler reuses its output: copy
		out = media.NewVideoFrame(w, h)
		cw, ch := (w+1)/2, (h+1)/2
		copyPlane(src, 0, out.Y, out.StrideY, w, h)
		copyPlane(src, 1, out.U, out.StrideC, cw, ch)
		copyPlane(src, 2, out.V, out.StrideC, cw, ch)
	}
	out.PTS, out.Duration = pts, dur
	out.AspectRatio = float64(w) / float64(h)
	if sar := f.SampleAspectRatio(); sar.Num() > 0 && sar.Den() > 0 {
		out.AspectRatio = float64(w*sar.Num()) / float64(h*sar.Den())
	}
	out.Matrix = colorMatrix(v.cc.ColorSpace()) // from the bitstream (H.264 VUI)
	out.Variant, out.Segment = sc.variant, sc.index
	out.Number = d.number
	d.number++
	return sink.Video(ctx, out)
}

// scaler converts frames of other pixel formats (yuvj420p, nv12,
// yuv420p10, 4:2:2, ...) to planar 8-bit YUV 4:2:0 of the same size.
type scaler struct {
	sws    *astiav.SoftwareScaleContext
	dst    *astiav.Frame
	w, h   int
	format astiav.PixelFormat
}

func (s *scaler) convert(f *astiav.Frame) (*astiav.Frame, error) {
	w, h, pf := f.Width(), f.Height(), f.PixelFormat()
	if s.sws == nil || s.w != w || s.h != h || s.format != pf {
		s.free()
		sws, err := astiav.CreateSoftwareScaleContext(w, h, pf, w, h, astiav.PixelFormatYuv420P,
			astiav.NewSoftwareScaleContextFlags(astiav.SoftwareScaleContextFlagBilinear))
		if err != nil {
			return nil, fmt.Errorf("%w: converting %s to yuv420p: %w", ErrCodec, pf.Name(), err)
		}
		dst := astiav.AllocFrame()
		dst.SetWidth(w)
		dst.SetHeight(h)
		dst.SetPixelFormat(astiav.PixelFormatYuv420P)
		if err := dst.AllocBuffer(0); err != nil {
			dst.Free()
			sws.Free()
			return nil, fmt.Errorf("%w: %dx%d yuv420p buffer: %w", ErrCodec, w, h, err)
		}
		s.sws, s.dst, s.w, s.h, s.format = sws, dst, w, h, pf
	}
	if err := s.sws.ScaleFrame(f, s.dst); err != nil {
		return nil, fmt.Errorf("%w: converting %s to yuv420p: %w", ErrCodec, pf.Name(), err)
	}
	return s.dst, nil
}

func (s *scaler) free() {
	if s.sws != nil {
		s.sws.Free()
		s.dst.Free()
		s.sws, s.dst = nil, nil
	}
}

// colorMatrix maps the stream's declared colour space to the matrix the
// renderer uses; anything else is left for the renderer to guess.
func colorMatrix(cs astiav.ColorSpace) media.ColorMatrix {
	switch cs {
	case astiav.ColorSpaceBt709:
		return media.MatrixBT709
	case astiav.ColorSpaceBt470Bg, astiav.ColorSpaceSmpte170M:
		return media.MatrixBT601
	}
	return media.MatrixUnknown
}
