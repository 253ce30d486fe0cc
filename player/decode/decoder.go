package decode

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"time"

	"github.com/asticode/go-astiav"

	"smartplay/player/media"
)

const (
	// tsPacketSize is the MPEG-TS packet size HLS uses; a TS segment whose
	// length is not a multiple of it was cut short.
	tsPacketSize = 188
	// truncatedShortfall: a segment whose packets end this much before its
	// playlist end was cut short (a truncation at a packet or sample
	// boundary leaves no other trace). EXTINF values are rounded to at
	// most half a second, so a second cannot be mistaken for rounding.
	truncatedShortfall = time.Second
)

// Sink receives the decoder's output in presentation order per stream.
// Ownership of every frame and chunk passes to the sink, even when it
// returns an error: the sink must Release video frames it drops.
type Sink interface {
	// Video may block (backpressure); it returns ctx.Err() when cancelled.
	Video(ctx context.Context, f *media.VideoFrame) error
	// Audio may block likewise.
	Audio(ctx context.Context, a *media.AudioChunk) error
}

// Options configures a Decoder.
type Options struct {
	// Threads is the number of threads of each video decoder. Default (0):
	// by the stream's pixel rate, threadsFor.
	Threads int
	// Logger receives the decoder's logs. Default slog.Default().
	Logger *slog.Logger
}

// Info describes the streams of the last input decoded.
type Info struct {
	// Duration is, for a file, FFmpeg's estimate of its duration (0 if
	// unknown); for a segment, its playlist duration.
	Duration               time.Duration
	Width, Height          int
	VideoCodec, AudioCodec string
	HasAudio, HasVideo     bool
}

// segContext is what the decoder knows about the segment a frame came
// from. Frames still inside the video decoder when the next segment starts
// belong to the previous context.
type segContext struct {
	index, variant int
	// skip drops output before this media time (SkipBefore, never < 0);
	// audioSkip drops audio before it (separate audio starting afresh).
	skip, audioSkip time.Duration
	// firstVideo is the media time of the segment's first video frame.
	firstVideo    time.Duration
	hasFirstVideo bool
	// frameDur is 1/frame rate of the segment's video (0 if unknown).
	frameDur time.Duration
	// win is the media time its packets may carry (segments only).
	win window
}

// Decoder turns segments into frames and audio chunks. It keeps its video
// and audio decoders, and one timestamp mapping, across segments. A
// Decoder is not safe for concurrent use.
type Decoder struct {
	threads int
	log     *slog.Logger
	pkt     *astiav.Packet
	frame   *astiav.Frame

	video  *videoDecoder
	audio  *audioDecoder
	graph  *audioGraph
	tl     timeline
	cursor audioCursor

	cur, prev segContext
	havePrev  bool
	number    int64
	info      Info
	bad       int // packets the demuxer or decoders rejected, this input
	// dataEnd is the media time at which the input's packets end.
	dataEnd time.Duration
	closed  bool
	// lastEmitted is the PTS of the last video frame handed to the sink
	// (valid when haveEmitted; forgotten by Reset).
	lastEmitted time.Duration
	haveEmitted bool
	// feed plays the separate audio of the segment being decoded (nil
	// without); fed is what was played of it, across segments.
	feed *audioFeed
	fed  audioFed
}

// New returns a Decoder. Call Close when done.
func New(opts Options) *Decoder {
	routeFFmpegLogs()
	opts.Threads = max(opts.Threads, 0)
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	return &Decoder{
		threads: opts.Threads,
		log:     opts.Logger,
		pkt:     astiav.AllocPacket(),
		frame:   astiav.AllocFrame(),
		cur:     segContext{index: -1, variant: -1},
	}
}

// Info describes the last segment decoded.
func (d *Decoder) Info() Info { return d.info }

// Decode decodes one segment synchronously, handing frames and audio to
// sink. Frames the video decoder still holds at the end are emitted with
// the next segment (or by Flush); a segment with Last set is flushed.
// A truncated or corrupt segment emits what decodes and returns an error
// matching ErrCorrupt; errors from sink are returned as they are.
func (d *Decoder) Decode(ctx context.Context, seg *media.Segment, sink Sink) error {
	if d.closed {
		return ErrClosed
	}
	if seg == nil || sink == nil {
		return ErrNilSegment
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	src := newByteSource(seg.Init, seg.Data)
	in, err := openInput(src, src.size, segmentFormats, d.log)
	if err != nil {
		return fmt.Errorf("decode: segment %d (variant %d): %w", seg.Index, seg.Variant, err)
	}
	defer in.close()
	if seg.SeparateAudio { // the rendition's audio, not any muxed into the video
		in.audio, in.skippedAudio = nil, ""
		d.feed = d.startAudioFeed(seg)
		defer func() { d.feed.close(d); d.feed = nil }()
	}
	sc := segContext{index: seg.Index, variant: seg.Variant, skip: max(seg.SkipBefore, 0),
		win: segmentWindow(seg.Start, seg.Duration)}
	if d.feed != nil && !d.fed.have { // separate audio starting afresh: none before the segment
		sc.audioSkip = seg.Start
	}
	d.newTimeline(seg)
	anchor := func(first int64, tb timebase) {
		if d.tl.begin(seg.Start, first, tb, in.format == "mpegts", seg.Discontinuity) {
			d.log.Debug("decode: timestamps anchored", "segment", seg.Index, "start", seg.Start)
		}
	}
	where := fmt.Sprintf("segment %d (variant %d)", seg.Index, seg.Variant)
	if err := d.decodeInput(ctx, in, sc, anchor, sink); err != nil {
		if errors.Is(err, ErrCodec) || errors.Is(err, ErrUnsupportedCodec) {
			d.dropDecoders() // what they hold is this broken segment's (FuzzSegmentDemux/d33e…)
		}
		return withContext(err, where)
	}
	if d.feed != nil { // the audio after the last video packet
		if err := d.pump(ctx, d.feed, math.MaxInt64, sink); err != nil {
			return withContext(err, where)
		}
	}
	d.info.Duration = seg.Duration
	if in.format == "mpegts" && len(seg.Data)%tsPacketSize != 0 {
		d.bad++
	}
	if seg.Duration > 0 && d.dataEnd < seg.End()-truncatedShortfall {
		d.log.Debug("decode: segment ends early", "segment", seg.Index, "end", d.dataEnd, "want", seg.End())
		d.bad++
	}
	if d.bad > 0 && !seg.Last {
		// A damaged segment's leftovers in the decoders (a broken
		// reference picture, half an audio frame) come out or are rejected
		// now and count against it, not against the next, good segment
		// (FuzzSegmentDemux/7aaf4150f1d6010e); the next opens fresh ones.
		if err := d.closeDecoders(ctx, sink); err != nil {
			return withContext(err, where)
		}
	}
	if seg.Last {
		if err := d.Flush(ctx, sink); err != nil {
			return withContext(err, where)
		}
	}
	if d.bad > 0 {
		return fmt.Errorf("decode: %s: %w (%d bad packets or bytes)", where, ErrCorrupt, d.bad)
	}
	return nil
}

// withContext adds where to the decoder's own errors; the sink's errors
// (ctx.Err() above all) are returned as they are.
func withContext(err error, where string) error {
	if errors.Is(err, ErrCodec) || errors.Is(err, ErrUnsupportedCodec) {
		return fmt.Errorf("decode: %s: %w", where, err)
	}
	return err
}

// decodeInput runs the packets of one opened input through the decoders.
// anchor sets the timestamp mapping from the input's first timestamp.
func (d *Decoder) decodeInput(ctx context.Context, in *input, sc segContext, anchor func(int64, timebase), sink Sink) error {
	d.bad, d.dataEnd = 0, math.MinInt64
	d.info = in.info()
	// Drain decoders whose parameters changed while frames still belong
	// to the previous segment's context.
	if err := d.prepareVideo(ctx, in.video, sink); err != nil {
		return err
	}
	if d.feed == nil { // separate audio keeps its decoder (audioparts.go)
		if err := d.prepareAudio(ctx, in.audio, sink); err != nil {
			return err
		}
	}
	first, tb := in.firstTimestamp()
	anchor(first, tb)
	if in.video != nil {
		sc.frameDur = frameDuration(in.fc.GuessFrameRate(in.video, nil))
		if st := in.video.StartTime(); st != astiav.NoPtsValue {
			sc.firstVideo, sc.hasFirstVideo = d.tl.media(st, streamTB(in.video)), true
		}
	}
	d.prev, d.cur, d.havePrev = d.cur, sc, true

	videoIdx, audioIdx := -1, -1
	var videoTB, audioTB timebase
	if in.video != nil {
		videoIdx, videoTB = in.video.Index(), streamTB(in.video)
	}
	if in.audio != nil {
		audioIdx, audioTB = in.audio.Index(), streamTB(in.audio)
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := in.fc.ReadFrame(d.pkt); err != nil {
			if !errors.Is(err, astiav.ErrEof) {
				d.bad++
				d.log.Debug("decode: reading packets", "format", in.format, "err", err)
			}
			return nil
		}
		if d.pkt.Flags().Has(astiav.PacketFlagCorrupt) {
			d.bad++
		}
		var err error
		switch d.pkt.StreamIndex() {
		case videoIdx, audioIdx:
			tb := videoTB
			if d.pkt.StreamIndex() == audioIdx {
				tb = audioTB
			}
			if d.retime(d.pkt, tb); sc.win.outside(d.pkt) {
				d.bad++ // a broken timestamp: the packet is lost, not the clock
				d.pkt.Unref()
				continue
			}
		}
		switch d.pkt.StreamIndex() {
		case videoIdx:
			d.noteEnd(d.pkt)
			if d.feed != nil {
				err = d.pump(ctx, d.feed, packetTime(d.pkt)+audioLead, sink)
			}
			if err == nil {
				err = d.decodeVideo(ctx, d.pkt, sink)
			}
		case audioIdx:
			d.noteEnd(d.pkt)
			err = d.decodeAudio(ctx, d.pkt, sink)
		}
		d.pkt.Unref()
		if err != nil {
			return err
		}
	}
}

// firstTimestamp returns the timestamp the mapping anchors on: the first
// video frame's (so that video lands exactly on the playlist's segment
// start), else the first audio frame's.
func (in *input) firstTimestamp() (int64, timebase) {
	for _, s := range []*astiav.Stream{in.video, in.audio} {
		if s != nil && s.StartTime() != astiav.NoPtsValue {
			return s.StartTime(), streamTB(s)
		}
	}
	if st := in.fc.StartTime(); st != astiav.NoPtsValue {
		return st, timebase{1, int64(astiav.TimeBase)}
	}
	return 0, timebase{1, int64(astiav.TimeBase)}
}

// retime rewrites a packet's timestamps as media time in nanoseconds, the
// time base every decoder of this package runs in: so decoders survive
// segments whose containers use different time bases, and frames leave
// the decoder already on the playlist timeline.
func (d *Decoder) retime(p *astiav.Packet, tb timebase) {
	if v := p.Pts(); v != astiav.NoPtsValue {
		p.SetPts(int64(d.tl.media(v, tb)))
	}
	if v := p.Dts(); v != astiav.NoPtsValue {
		p.SetDts(int64(d.tl.media(v, tb)))
	}
	if v := p.Duration(); v > 0 {
		p.SetDuration(int64(tb.duration(v)))
	}
}

// noteEnd records where a retimed packet ends.
func (d *Decoder) noteEnd(p *astiav.Packet) {
	if pts := p.Pts(); pts != astiav.NoPtsValue {
		d.dataEnd = max(d.dataEnd, time.Duration(pts+max(p.Duration(), 0)))
	}
}

// contextFor returns the context of the segment a video frame at pts came
// from.
func (d *Decoder) contextFor(pts time.Duration) *segContext {
	if d.havePrev && d.cur.hasFirstVideo && pts < d.cur.firstVideo-time.Millisecond {
		return &d.prev
	}
	return &d.cur
}

// frameDuration is 1/r, or 0 for an unknown rate.
func frameDuration(r astiav.Rational) time.Duration {
	if r.Num() <= 0 || r.Den() <= 0 {
		return 0
	}
	return time.Duration(int64(r.Den()) * int64(time.Second) / int64(r.Num()))
}
