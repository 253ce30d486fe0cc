package render

import (
	"time"

	"smartplay/player/media"
)

// Stats is a snapshot of playback counters.
type Stats struct {
	Position time.Duration
	// Started: the clock has started since the last Reset. Buffering: the
	// player waits for Prebuffer (startup, after a seek, or a stall).
	Started, Buffering, Stalled, Paused, Ended bool
	FramesShown, FramesDropped                 int64
	Stalls                                     int
	StallTime                                  time.Duration // including a stall in progress
	Underruns                                  int64         // audio device ran dry while playing
	// Variant is the rendition being presented, -1 before the first.
	Variant int
	// VideoQueued and AudioQueued are the decoded media waiting.
	VideoQueued, AudioQueued time.Duration
	// Width and Height are the size of the last frame shown.
	Width, Height int
}

// Stats returns the current counters.
func (c *Consumer) Stats() Stats {
	c.mu.Lock()
	c.pollLocked()
	s := c.st
	s.Position = c.pos
	s.Started = c.phase == phasePlaying || c.phase == phaseStalled || c.phase == phaseEnded
	s.Stalled = c.phase == phaseStalled && c.stallCounted
	s.Buffering = c.phase == phaseStartup || c.phase == phaseSeeking || c.phase == phaseStalled || c.holding
	s.Paused = c.paused
	s.Ended = c.phase == phaseEnded
	if s.Stalled {
		s.StallTime += c.cfg.Now().Sub(c.stallSince)
	}
	if u, ok := c.out.(UnderrunCounter); ok {
		s.Underruns = u.Underruns()
	}
	s.Variant = c.variant
	s.VideoQueued = c.videoContentLocked()
	s.AudioQueued, _, _, _, _ = c.q.state()
	c.unlock()
	return s
}

// TakeFrame returns the next frame if it is due (PTS at or before the
// clock), else nil. A due frame is dropped (and counted) when the frame
// after it is already lateTolerance late or a second one is due too: a
// presenter that ticks a little late shows every frame and catches up,
// one that falls behind skips to stay in sync (a simulated clock never
// drops: it returns frames one by one). The caller releases the frame. epoch
// changes at each Reset, where PTS may go back.
func (c *Consumer) TakeFrame() (f *media.VideoFrame, epoch uint64) {
	c.mu.Lock()
	defer func() {
		c.unlock()
		if f != nil {
			c.sig.notify() // room in the queue
		}
	}()
	c.pollLocked()
	epoch = c.epoch
	if c.phase == phaseStartup || c.phase == phaseSeeking || c.closed {
		return nil, epoch
	}
	// Show the oldest due frame; skip it when the one after it is late by
	// lateTolerance, or when two more are due (more than a frame behind).
	if len(c.frames) == 0 || c.frames[0].PTS > c.pos {
		return nil, epoch
	}
	i := 0
	for i+1 < len(c.frames) && (c.pos-c.frames[i+1].PTS >= lateTolerance ||
		i+2 < len(c.frames) && c.frames[i+2].PTS <= c.pos) {
		i++
	}
	if c.step != nil {
		i = 0
	}
	if i > 0 {
		for _, d := range c.frames[:i] {
			d.Release()
		}
		c.st.FramesDropped += int64(i)
		n, pos := i, c.pos
		c.emit(func(o Observer) { o.Dropped(n, pos) })
	}
	f = c.frames[i]
	c.frames[i] = nil
	c.frames = c.frames[i+1:]
	if len(c.frames) == 0 {
		c.frames = nil
	}
	c.st.FramesShown++
	c.st.Width, c.st.Height = f.Width, f.Height
	if f.Variant != c.variant {
		if c.variant >= 0 {
			from, to, pts := c.variant, f.Variant, f.PTS
			c.emit(func(o Observer) { o.Switched(from, to, pts) })
		}
		c.variant = f.Variant
	}
	if !c.firstShown {
		c.firstShown = true
		wall, pts := c.cfg.Now(), f.PTS
		c.emit(func(o Observer) { o.FirstFrame(pts, wall) })
	}
	if c.holding { // the picture is up: start the clock
		c.holding = false
		c.syncOutputLocked()
	}
	c.pollLocked() // taking the last frame may end playback
	return f, epoch
}

// NextFrameIn is the media time until the next queued frame is due (0: due
// now), or -1 when no frame is queued or the clock is not running.
// Presenters sleep on it.
func (c *Consumer) NextFrameIn() time.Duration {
	c.mu.Lock()
	defer c.unlock()
	c.pollLocked()
	switch {
	case c.phase != phasePlaying && c.phase != phaseStalled || len(c.frames) == 0:
		return -1
	case c.holding || c.frames[0].PTS <= c.pos:
		return 0
	case c.paused || c.phase == phaseStalled:
		return -1
	}
	return c.frames[0].PTS - c.pos
}

// simulated reports whether the clock is simulated (no real-time waits).
func (c *Consumer) simulated() bool { return c.step != nil }
