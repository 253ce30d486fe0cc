package session

import (
	"log/slog"
	"net/url"
	"time"

	"smartplay/player/abr"
	"smartplay/player/media"
	"smartplay/player/qoe"
)

// decisionNote is what the QoE keeps of a segment's decision.
type decisionNote struct {
	buffer     time.Duration
	throughput float64 // qoe.MeasuredThroughput of the samples then
}

// queueSegment tells the QoE about a segment handed to the decoder, in
// playback order, with its decision's buffer and measured throughput.
func (s *Session) queueSegment(seg *media.Segment) {
	s.mu.Lock()
	defer s.mu.Unlock()
	note := s.decided[seg.Index]
	delete(s.decided, seg.Index)
	s.tracker.Queued(qoe.Segment{Index: seg.Index, Variant: seg.Variant, Start: seg.Start, Duration: seg.Duration,
		Buffer: note.buffer, Throughput: note.throughput})
}

// loadMemory reads the last session's memory for the first decision.
// A missing, stale or unreadable memory is no memory (logged, not fatal).
func (s *Session) loadMemory() {
	if s.cfg.MemoryDir == "" || s.pres == nil {
		return
	}
	now := s.cfg.Now()
	m, ok, err := LoadMemory(s.cfg.MemoryDir, s.memoryScope(), string(s.netType), now)
	if err != nil {
		s.cfg.Logger.Warn("ignoring the session memory", "err", err)
		return
	}
	if ok {
		s.last = m.ForLadder(s.variants, now)
	}
}

// memoryScope is Config.MemoryScope, by default the playlist's host name.
func (s *Session) memoryScope() string {
	if s.cfg.MemoryScope != "" {
		return s.cfg.MemoryScope
	}
	if u, err := url.Parse(s.pres.URL); err == nil {
		return u.Hostname()
	}
	return ""
}

// saveMemory remembers the rendition on screen and the throughput
// estimate for the next session: only after segments came over a network
// (a local playlist's "throughput" is the disk's).
func (s *Session) saveMemory() {
	if s.cfg.MemoryDir == "" || s.pres == nil || s.lastCtrl == nil {
		return
	}
	if u, err := url.Parse(s.pres.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return
	}
	bps, ok := abr.EstimateSamples(s.lastCtrl.Samples(), 0, 0)
	s.mu.Lock()
	shown := s.shown
	s.mu.Unlock()
	if !ok || shown < 0 || shown >= len(s.variants) {
		return
	}
	v := s.variants[shown]
	m := Memory{Saved: s.cfg.Now(), Scope: s.memoryScope(), Label: s.labels[shown], Height: v.Height, Bitrate: v.Bitrate(),
		Throughput: bps, Network: string(s.netType)}
	if err := SaveMemory(s.cfg.MemoryDir, m); err != nil {
		s.cfg.Logger.Warn("cannot save the session memory", "err", err)
		return
	}
	s.cfg.Logger.Debug("session memory saved", slog.String("label", m.Label), slog.Float64("throughput_bps", bps))
}
