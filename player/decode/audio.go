package decode

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/asticode/go-astiav"

	"smartplay/player/media"
)

// audioFormatFilter converts whatever the decoder produces to the
// player's one output format (go-astiav v0.16 has no swresample wrapper;
// libavfilter inserts the resampler itself).
var audioFormatFilter = "aformat=sample_fmts=s16:channel_layouts=stereo:sample_rates=" + strconv.Itoa(media.AudioRate)

// audioFilterTimeBase: frames enter the filter graph stamped in 48 kHz
// samples of media time, so the output timestamps are sample indices on
// the media timeline.
var audioFilterTimeBase = "1/" + strconv.Itoa(media.AudioRate)

// audioDecoder is one open audio decoder.
type audioDecoder struct {
	cc  *astiav.CodecContext
	key streamKey
}

func (a *audioDecoder) free() { a.cc.Free() }

// prepareAudio keeps the audio decoder while the codec parameters stay
// the same, and otherwise drains it and opens one for s.
func (d *Decoder) prepareAudio(ctx context.Context, s *astiav.Stream, sink Sink) error {
	if s != nil && d.audio != nil && d.audio.key == keyOf(s.CodecParameters()) {
		return nil
	}
	if err := d.closeAudio(ctx, sink); err != nil {
		return err
	}
	if s == nil {
		return nil
	}
	cc, err := openCodec(s, "audio", 1)
	if err != nil {
		return err
	}
	d.audio = &audioDecoder{cc: cc, key: keyOf(s.CodecParameters())}
	return nil
}

// closeAudio drains the audio decoder into the filter graph and frees it.
// The graph is kept: the next decoder's frames continue through it.
func (d *Decoder) closeAudio(ctx context.Context, sink Sink) error {
	if d.audio == nil {
		return nil
	}
	err := d.decodeAudio(ctx, nil, sink)
	d.audio.free()
	d.audio = nil
	return err
}

// decodeAudio sends one packet (nil drains) and filters what comes out.
func (d *Decoder) decodeAudio(ctx context.Context, pkt *astiav.Packet, sink Sink) error {
	a := d.audio
	if err := a.cc.SendPacket(pkt); err != nil && !errors.Is(err, astiav.ErrEof) {
		d.bad++
		d.log.Debug("decode: audio packet rejected", "err", err)
	}
	for {
		err := a.cc.ReceiveFrame(d.frame)
		if errors.Is(err, astiav.ErrEagain) || errors.Is(err, astiav.ErrEof) {
			return nil
		}
		if err != nil {
			d.bad++
			d.log.Debug("decode: audio decoding", "err", err)
			return nil
		}
		err = d.filterAudio(ctx, d.frame, sink)
		d.frame.Unref()
		if err != nil {
			return err
		}
	}
}

// filterAudio pushes a decoded frame (timestamps in media-time ns) through
// the conversion graph, rebuilding the graph when the frame's format
// changes, and emits the converted chunks.
func (d *Decoder) filterAudio(ctx context.Context, f *astiav.Frame, sink Sink) error {
	if f.NbSamples() <= 0 || f.SampleRate() <= 0 {
		return nil
	}
	if d.graph != nil && !d.graph.accepts(f) {
		if err := d.closeGraph(ctx, sink); err != nil {
			return err
		}
	}
	if d.graph == nil {
		g, err := newAudioGraph(f)
		if err != nil {
			return err
		}
		d.graph = g
	}
	if ts, _ := frameTimes(f); ts != astiav.NoPtsValue {
		f.SetPts(samples(time.Duration(ts)))
	} else {
		f.SetPts(astiav.NoPtsValue)
	}
	if err := d.graph.src.BuffersrcAddFrame(f, astiav.NewBuffersrcFlags(astiav.BuffersrcFlagKeepRef)); err != nil {
		d.bad++
		d.log.Debug("decode: audio filter input", "err", err)
		return nil
	}
	return d.pullAudio(ctx, sink)
}

// closeGraph flushes the filter graph (the resampler's delay), emits the
// rest and frees it.
func (d *Decoder) closeGraph(ctx context.Context, sink Sink) error {
	if d.graph == nil {
		return nil
	}
	var err error
	if e := d.graph.src.BuffersrcAddFrame(nil, astiav.NewBuffersrcFlags()); e == nil {
		err = d.pullAudio(ctx, sink)
	}
	d.graph.free()
	d.graph = nil
	return err
}

// pullAudio emits every chunk the graph has ready, fitted to the output
// by the audio cursor (gapless, trimmed before the skip time).
func (d *Decoder) pullAudio(ctx context.Context, sink Sink) error {
	out := d.graph.out
	for {
		out.Unref()
		err := d.graph.sink.BuffersinkGetFrame(out, astiav.NewBuffersinkFlags())
		if errors.Is(err, astiav.ErrEagain) || errors.Is(err, astiav.ErrEof) {
			return nil
		}
		if err != nil {
			d.bad++
			d.log.Debug("decode: audio filter output", "err", err)
			return nil
		}
		n := out.NbSamples()
		pts := out.Pts()
		if pts == astiav.NoPtsValue {
			pts = d.cursor.next
		}
		plan := d.cursor.place(pts, n, samples(max(d.cur.skip, d.cur.audioSkip)))
		if plan.silence > 0 {
			d.log.Debug("decode: filled audio gap", "samples", plan.silence, "at", samplesDuration(plan.start))
		}
		total := plan.silence + n - plan.drop
		if total <= 0 {
			continue
		}
		pcm := make([]byte, total*media.AudioBytesPerFrame)
		copy(pcm[plan.silence*media.AudioBytesPerFrame:],
			packedAudio(out, n*media.AudioBytesPerFrame)[plan.drop*media.AudioBytesPerFrame:])
		out.Unref()
		chunk := &media.AudioChunk{
			PTS: samplesDuration(plan.start), PCM: pcm,
			Variant: d.cur.variant, Segment: d.cur.index,
		}
		if err := sink.Audio(ctx, chunk); err != nil {
			return err
		}
	}
}

// audioGraph is abuffer → aformat → abuffersink for one input format.
type audioGraph struct {
	g         *astiav.FilterGraph
	src, sink *astiav.FilterContext
	out       *astiav.Frame
	rate      int
	format    astiav.SampleFormat
	channels  int
}

// accepts reports whether f has the format the graph was built for (the
// channel count stands for the layout: describing a layout allocates, and
// a layout change at the same count does not happen in practice).
func (g *audioGraph) accepts(f *astiav.Frame) bool {
	return f.SampleRate() == g.rate && f.SampleFormat() == g.format && f.ChannelLayout().NbChannels() == g.channels
}

func newAudioGraph(f *astiav.Frame) (*audioGraph, error) {
	channels := f.ChannelLayout().NbChannels()
	layout := f.ChannelLayout().String()
	if layout == "" {
		layout = strconv.Itoa(channels) + " channels"
	}
	g := &audioGraph{g: astiav.AllocFilterGraph(), rate: f.SampleRate(), format: f.SampleFormat(), channels: channels}
	if g.g == nil {
		return nil, fmt.Errorf("%w: audio filter graph: out of memory", ErrCodec)
	}
	g.g.SetThreadCount(1)
	fail := func(what string, err error) (*audioGraph, error) {
		g.free()
		return nil, fmt.Errorf("%w: audio filter %s (%d Hz %s %s): %w", ErrCodec, what, g.rate, g.format.Name(), layout, err)
	}
	var err error
	args := astiav.FilterArgs{
		"time_base":      audioFilterTimeBase,
		"sample_rate":    strconv.Itoa(g.rate),
		"sample_fmt":     g.format.Name(),
		"channel_layout": layout,
	}
	if g.src, err = g.g.NewFilterContext(astiav.FindFilterByName("abuffer"), "in", args); err != nil {
		return fail("source", err)
	}
	if g.sink, err = g.g.NewFilterContext(astiav.FindFilterByName("abuffersink"), "out", nil); err != nil {
		return fail("sink", err)
	}
	outputs, inputs := astiav.AllocFilterInOut(), astiav.AllocFilterInOut()
	defer outputs.Free()
	defer inputs.Free()
	outputs.SetName("in")
	outputs.SetFilterContext(g.src)
	outputs.SetPadIdx(0)
	outputs.SetNext(nil)
	inputs.SetName("out")
	inputs.SetFilterContext(g.sink)
	inputs.SetPadIdx(0)
	inputs.SetNext(nil)
	if err := g.g.Parse(audioFormatFilter, inputs, outputs); err != nil {
		return fail("parse", err)
	}
	if err := g.g.Configure(); err != nil {
		return fail("configure", err)
	}
	g.out = astiav.AllocFrame()
	return g, nil
}

func (g *audioGraph) free() {
	if g.g != nil {
		g.g.Free()
		g.g = nil
	}
	if g.out != nil {
		g.out.Free()
		g.out = nil
	}
}
