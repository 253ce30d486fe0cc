package media

import "time"

// Segment is one downloaded media segment, handed from the source to the
// decoder in playback order. A segment is self-contained: for MPEG-TS the
// bytes start with PAT/PMT and a keyframe; for fMP4 Init holds the
// initialization section (EXT-X-MAP) that must precede Data.
type Segment struct {
	// Index is the segment's position in the media playlist, 0-based and
	// the same across renditions (segment n of every rendition covers the
	// same media time).
	Index int
	// Variant is the rendition index, ascending by bandwidth.
	Variant int
	// Start is the playlist time at which the segment starts (sum of the
	// EXTINF durations before it).
	Start time.Duration
	// Duration is the segment's EXTINF duration.
	Duration time.Duration
	// Init is the fMP4 initialization section, or nil for MPEG-TS.
	Init []byte
	// Data is the segment's bytes.
	Data []byte
	// Discontinuity is true when EXT-X-DISCONTINUITY precedes the segment
	// (timestamps may restart; the decoder re-anchors them).
	Discontinuity bool
	// SkipBefore drops decoded frames and audio before this media time
	// (used after a seek into the middle of a segment). Zero keeps all.
	SkipBefore time.Duration
	// Last marks the final segment of a VOD presentation.
	Last bool
	// SeparateAudio is true when the audio plays from a separate audio
	// rendition (EXT-X-MEDIA): the decoder takes the audio from Audio and
	// ignores any audio muxed into Data. Span with no part (or a part
	// with no Data) plays as silence.
	SeparateAudio bool
	// Audio are the audio rendition's segments overlapping [Start, End),
	// in playlist order (set only with SeparateAudio). They share the
	// video's timestamps (HLS requires it); the decoder plays from each
	// the audio packets that start inside [Start, End) and that it has
	// not played already, so a part that straddles two video segments is
	// handed with both and played once.
	Audio []AudioPart
}

// AudioPart is one segment of a separate audio rendition.
type AudioPart struct {
	// Index is the segment's position in its audio playlist.
	Index int
	// Rendition indexes the presentation's audio renditions (a failed
	// segment may come from an alternative in another group).
	Rendition int
	// Start and Duration are the part's time on the playlist timeline (as
	// Segment.Start): where its timestamps are expected to fall.
	Start, Duration time.Duration
	// Init is the fMP4 initialization section, nil for TS or ADTS.
	Init []byte
	// Data is the segment's bytes; nil when it was lost (every
	// alternative failed): its span plays as silence.
	Data []byte
}

// End is the playlist time at which the part ends.
func (p *AudioPart) End() time.Duration { return p.Start + p.Duration }

// End is the media time at which the segment ends.
func (s *Segment) End() time.Duration { return s.Start + s.Duration }
