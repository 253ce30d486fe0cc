package session

import (
	"time"

	"smartplay/player/source"
)

// Live is what a HUD reads of a session between events.
type Live struct {
	// Buffer is the forward buffer ahead of the playhead (0 before the
	// first download, and for a local media file); MaxBuffer its limit.
	Buffer, MaxBuffer time.Duration
	// DataUsed is the bytes downloaded so far: segments, init sections
	// and aborted attempts (what the data budget counts).
	DataUsed int64
}

// Live reads the running pipeline's buffer and data counters. It is safe
// to call from any goroutine (the window's, a few times a second).
func (s *Session) Live() Live {
	l := Live{MaxBuffer: s.cfg.MaxBuffer}
	if l.MaxBuffer <= 0 {
		l.MaxBuffer = source.DefaultMaxBuffer
	}
	if c := s.running.Load(); c != nil {
		l.Buffer = c.Buffer().Level(c.Position())
		l.DataUsed = c.DataUsed()
	}
	return l
}

// Pinned is the rendition the viewer (or --quality) pinned, 0-based, or
// Auto.
func (s *Session) Pinned() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pin
}
