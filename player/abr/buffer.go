package abr

import "time"

// DefaultMaxBuffer stands in for an unknown Snapshot.MaxBuffer: the
// player's forward buffer limit.
const DefaultMaxBuffer = 30 * time.Second

// BufferCeiling is the highest buffer level a decision can see: the
// player fetches a segment only when it fits under the limit
// (player/source's rule: level ≤ max(MaxBuffer − segment, segment)), so
// with a 30 s limit and 10 s segments decisions happen at 20 s or less.
// Buffer-based rules scale their maps to this, not to MaxBuffer, or their
// upper range is never reached. MaxBuffer 0 means DefaultMaxBuffer.
func BufferCeiling(s Snapshot) time.Duration {
	limit := s.MaxBuffer
	if limit <= 0 {
		limit = DefaultMaxBuffer
	}
	seg := max(s.SegmentDuration, 0)
	return max(limit-seg, seg)
}
