package session

import (
	"errors"
	"fmt"
	"time"

	"smartplay/player/decode"
	"smartplay/player/events"
	"smartplay/player/media"
)

// maxUndecodableInRow: segments in a row that cannot be decoded at all
// (not opened, empty, no stream, decoder set-up failed) before the session
// ends with the error; one or two are damaged segments, three are content
// the player cannot play.
const maxUndecodableInRow = 3

// decodeGuard decides which decode errors cost only their segment.
type decodeGuard struct {
	decoded bool // a segment of this pipeline decoded (at least in part)
	inRow   int  // undecodable segments in a row
}

// contain reports whether err, from decoding one segment, is contained:
// corrupt or truncated data always (what decoded was played); a segment
// that could not be decoded at all once an earlier one decoded (the
// content is known to play: this segment is damaged), up to
// maxUndecodableInRow in a row. An unsupported codec never is.
func (g *decodeGuard) contain(err error) bool {
	switch {
	case err == nil, errors.Is(err, decode.ErrCorrupt):
		g.decoded, g.inRow = true, 0
		return err != nil
	case errors.Is(err, decode.ErrUnsupportedCodec) || !g.decoded:
		return false
	case errors.Is(err, decode.ErrOpenInput), errors.Is(err, decode.ErrEmptyInput),
		errors.Is(err, decode.ErrNoStreams), errors.Is(err, decode.ErrCodec):
		g.inRow++
		return g.inRow < maxUndecodableInRow
	}
	return false
}

// leadingHoleMin: a pipeline's first segment that starts this much after
// the playhead left a hole before it (the segments before it were lost);
// less is the usual rounding of segment boundaries.
const leadingHoleMin = time.Second

// skipLeadingHole moves the playhead to the first segment a pipeline
// decodes when the ones before it were lost (segment_skipped): there is
// no picture to hold in the hole yet, and the consumer would wait for
// audio before it (an fMP4 fragment carries its video before its audio).
func (s *Session) skipLeadingHole(seg *media.Segment) {
	pos := s.consumer.Position()
	start := max(seg.Start, seg.SkipBefore)
	if start < pos+leadingHoleMin {
		return
	}
	s.consumer.Reset(start)
	s.log.Emit(events.Event{Type: events.Notice, Media: events.Seconds(start), Segment: events.Int(seg.Index),
		Message: fmt.Sprintf("playback starts at %.1f s: the segments before could not be fetched", start.Seconds())})
}

// emitUnavailable tells, after session_start, which renditions of the
// master playlist were left out because their playlist failed to load.
func (s *Session) emitUnavailable() {
	if s.pres == nil {
		return
	}
	for _, u := range s.pres.Unavailable {
		s.log.Emit(events.Event{Type: events.Notice, Label: u.Label, URI: u.URI, Err: u.Err.Error(),
			Message: "rendition " + u.Label + " left out: its playlist could not be loaded"})
	}
	for _, f := range s.pres.AudioFallbacks { // one notice per audio rendition gone
		msg := "audio " + f.From.Label() + " unavailable: playing " + f.To.Label() + " instead"
		if f.To == nil {
			msg = "audio " + f.From.Label() + " unavailable and no alternative: playing the variant's own audio if it has any, else muted"
		}
		e := events.Event{Type: events.Notice, Label: f.From.Label(), URI: f.From.URI, Message: msg}
		if f.From.Err != nil {
			e.Err = f.From.Err.Error()
		}
		s.log.Emit(e)
	}
}

// noteMuted says once, when an audio rendition fell back at open to the
// variant's own audio and the variant has none, that playback is muted.
func (s *Session) noteMuted(info decode.Info) {
	if info.HasAudio {
		s.heardAudio = true
	}
	if s.heardAudio || s.saidMuted || s.pres == nil || len(s.pres.AudioFallbacks) == 0 {
		return
	}
	for _, f := range s.pres.AudioFallbacks {
		if f.To != nil {
			return
		}
	}
	s.saidMuted = true
	s.log.Emit(events.Event{Type: events.Notice, Media: events.Seconds(s.consumer.Position()),
		Message: "playing muted: the audio rendition is unavailable and the variant has no audio of its own"})
}
