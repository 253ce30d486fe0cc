package decode

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/asticode/go-astiav"

	"smartplay/player/media"
)

const (
	// audioLead: separate audio is decoded up to this far ahead of the
	// video packet being decoded, as a muxer interleaves it, so that the
	// renderer never waits on audio while video fills its queue.
	audioLead = 100 * time.Millisecond
	// silenceChunk: a lost audio span is emitted as silence in chunks of
	// at most this length (a 10 s span is not one 1.9 MB chunk).
	silenceChunk = 100 * time.Millisecond
	// audioContinuity: a video segment starting this close to where the
	// previous one ended continues its separate audio (packets already
	// played are skipped); farther, the audio starts afresh.
	audioContinuity = 5 * time.Millisecond
	// audioPreroll: audio starting afresh is decoded from this long before
	// the segment (the samples before it are dropped, audioSkip): the
	// packets there prime the decoder (fMP4's edit list gives the encoder
	// delay a negative time, and AAC overlaps each frame with the last).
	audioPreroll = 50 * time.Millisecond
)

// audioFed is what the decoder played of separate audio, across segments.
type audioFed struct {
	have bool
	// end is where the last audio packet played (or silence) ended;
	// segEnd where the last segment with separate audio ended.
	end, segEnd time.Duration
}

// audioFeed plays one segment's separate audio parts interleaved with its
// video: pump decodes the audio packets (or silence for a lost part) that
// start before a given media time and inside [start, end).
type audioFeed struct {
	parts      []media.AudioPart
	next       int // the next part to open
	start, end time.Duration
	// The open part: its demuxer, stream, time base and mapping.
	in     *input
	part   *media.AudioPart
	tb     timebase
	own    bool          // the part's own mapping (its timestamps disagree with the video's)
	offset time.Duration // own mapping: media = tb.duration(ts) + offset
	lost   bool          // the open part has no data: silence
	pkt    *astiav.Packet
	held   bool // pkt holds a retimed packet not yet decoded
}

// startAudioFeed prepares seg's separate audio (seg.SeparateAudio).
func (d *Decoder) startAudioFeed(seg *media.Segment) *audioFeed {
	if !d.fed.have || seg.Discontinuity || absDur(seg.Start-d.fed.segEnd) > audioContinuity {
		d.fed = audioFed{}
	}
	return &audioFeed{parts: seg.Audio, start: seg.Start, end: seg.End(), pkt: astiav.AllocPacket()}
}

// close frees the feed and records where the segment's audio ended.
func (f *audioFeed) close(d *Decoder) {
	f.closePart()
	f.pkt.Free()
	d.fed.segEnd = f.end
}

func (f *audioFeed) closePart() {
	if f.in != nil {
		f.in.close()
		f.in = nil
	}
	f.part, f.lost, f.held = nil, false, false
}

// pump plays the audio that starts before upTo (media time).
func (d *Decoder) pump(ctx context.Context, f *audioFeed, upTo time.Duration, sink Sink) error {
	for {
		if f.part == nil {
			ok, err := d.openPart(ctx, f, sink)
			if err != nil || !ok {
				return err
			}
		}
		if f.lost {
			done, err := d.silence(ctx, f, upTo, sink)
			if err != nil || !done {
				return err
			}
			f.closePart()
			continue
		}
		if !f.held && !d.readPart(f) {
			f.closePart()
			continue
		}
		pts := time.Duration(f.pkt.Pts())
		if pts > upTo {
			return nil
		}
		f.held = false
		dur := time.Duration(max(f.pkt.Duration(), 0))
		err := d.decodeAudio(ctx, f.pkt, sink)
		f.pkt.Unref()
		d.fed.have, d.fed.end = true, max(d.fed.end, pts+dur)
		if err != nil {
			return err
		}
	}
}

// openPart opens the next part; false when none is left. A part that does
// not open plays as silence; only the sink's errors are returned.
func (d *Decoder) openPart(ctx context.Context, f *audioFeed, sink Sink) (bool, error) {
	for f.next < len(f.parts) {
		p := &f.parts[f.next]
		f.next++
		f.part = p
		if p.Data == nil {
			f.lost = true
			return true, nil
		}
		src := newByteSource(p.Init, p.Data)
		in, err := openInput(src, src.size, segmentFormats, d.log)
		if err == nil && in.audio == nil {
			in.close()
			err = ErrNoStreams
		}
		if err == nil {
			// Keeps the decoder when the codec is the same; else drains it
			// (into the sink) and opens one for this part.
			if err = d.prepareAudio(ctx, in.audio, sink); err != nil {
				in.close()
				if !errors.Is(err, ErrCodec) && !errors.Is(err, ErrUnsupportedCodec) {
					return false, err
				}
			}
		}
		if err != nil {
			d.bad++
			d.log.Debug("decode: audio part unusable; silence", "part", p.Index, "err", err)
			f.lost = true
			return true, nil
		}
		f.in, f.tb = in, streamTB(in.audio)
		d.info.HasAudio, d.info.AudioCodec = true, in.audio.CodecParameters().CodecID().Name()
		f.own = false
		if ts, ok := packedAudioTimestamp(p.Data); ok && in.format != "mpegts" && in.format != "mov" {
			// Packed audio: the ID3 timestamp is its first sample's.
			st := in.audio.StartTime()
			if st == astiav.NoPtsValue {
				st = 0
			}
			if at := d.tl.media(ts, timebase{1, mpegtsClockHz}); absDur(at-p.Start) <= reanchorThreshold {
				f.own, f.offset = true, at-f.tb.duration(st)
				return true, nil
			}
		}
		if st := in.audio.StartTime(); st != astiav.NoPtsValue {
			if absDur(d.tl.media(st, f.tb)-p.Start) > reanchorThreshold {
				// Timestamps unlike the video's (ADTS has none): place the
				// part at its playlist time.
				f.own, f.offset = true, p.Start-f.tb.duration(st)
			}
		} else {
			f.own, f.offset = true, p.Start
		}
		return true, nil
	}
	return false, nil
}

// readPart reads the open part's next audio packet that belongs to this
// segment and was not played yet, retimed, into f.pkt; false at the
// part's end (or once its packets pass the segment's end).
func (d *Decoder) readPart(f *audioFeed) bool {
	idx := f.in.audio.Index()
	for {
		if err := f.in.fc.ReadFrame(f.pkt); err != nil {
			if !errors.Is(err, astiav.ErrEof) {
				d.bad++
			}
			return false
		}
		if f.pkt.StreamIndex() != idx || f.pkt.Pts() == astiav.NoPtsValue {
			f.pkt.Unref()
			continue
		}
		if f.own {
			f.pkt.SetPts(int64(f.tb.duration(f.pkt.Pts()) + f.offset))
			f.pkt.SetDts(f.pkt.Pts())
			if v := f.pkt.Duration(); v > 0 {
				f.pkt.SetDuration(int64(f.tb.duration(v)))
			}
		} else {
			d.retime(f.pkt, f.tb)
		}
		pts, dur := time.Duration(f.pkt.Pts()), time.Duration(max(f.pkt.Duration(), 0))
		switch {
		case pts >= f.end-audioSnapTolerance: // the next segment's
			f.pkt.Unref()
			return false
		case d.fed.have && pts < d.fed.end-audioSnapTolerance: // played already
			f.pkt.Unref()
			continue
		case !d.fed.have && pts+dur <= f.start-audioPreroll: // well before the segment
			f.pkt.Unref()
			continue
		}
		f.held = true
		return true
	}
}

// silence emits silence for the lost part's span inside the segment up to
// upTo; done once the span is covered.
func (d *Decoder) silence(ctx context.Context, f *audioFeed, upTo time.Duration, sink Sink) (bool, error) {
	from := max(f.part.Start, f.start)
	if d.fed.have {
		from = max(from, d.fed.end)
	}
	to := min(f.part.End(), f.end)
	for from < to {
		if from >= upTo {
			return false, nil
		}
		n := min(to, from+silenceChunk, max(upTo, from+time.Millisecond)) - from
		count := samples(n)
		if count <= 0 {
			break
		}
		plan := d.cursor.place(samples(from), int(count), samples(max(d.cur.skip, d.cur.audioSkip)))
		if total := plan.silence + int(count) - plan.drop; total > 0 {
			chunk := &media.AudioChunk{PTS: samplesDuration(plan.start), PCM: make([]byte, total*media.AudioBytesPerFrame),
				Variant: d.cur.variant, Segment: d.cur.index}
			if err := sink.Audio(ctx, chunk); err != nil {
				return false, err
			}
		}
		from += samplesDuration(count)
		d.fed.have, d.fed.end = true, from
	}
	return true, nil
}

// absDur is |d| (saturating: timestamps come from outside).
func absDur(d time.Duration) time.Duration {
	switch {
	case d == math.MinInt64:
		return math.MaxInt64
	case d < 0:
		return -d
	}
	return d
}

// packetTime is a retimed packet's decode time (its PTS without a DTS),
// the order in which a muxer interleaves streams.
func packetTime(p *astiav.Packet) time.Duration {
	if v := p.Dts(); v != astiav.NoPtsValue {
		return time.Duration(v)
	}
	if v := p.Pts(); v != astiav.NoPtsValue {
		return time.Duration(v)
	}
	return math.MinInt64 / 2 // unknown: no audio is due yet
}
