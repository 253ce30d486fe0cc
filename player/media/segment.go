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
}

// End is the media time at which the segment ends.
func (s *Segment) End() time.Duration { return s.Start + s.Duration }
