package render

import (
	"context"
	"errors"
	"time"

	"smartplay/player/media"
)

// errStale: a blocked write belonged to the data before a Reset; its data
// is dropped and the call returns nil.
var errStale = errors.New("render: stale write")

// waitRoomLocked waits, with the lock held on entry and exit, until full()
// is false. The clock is polled meanwhile so the wall clock drains queues.
func (c *Consumer) waitRoomLocked(ctx context.Context, full func() bool) error {
	epoch := c.epoch
	var t *time.Timer
	defer func() {
		if t != nil {
			t.Stop()
		}
	}()
	for {
		if c.closed {
			return ErrClosed
		}
		if c.epoch != epoch {
			return errStale
		}
		c.pollLocked()
		if !full() {
			return nil
		}
		ch := c.sig.wait()
		c.unlock()
		if t == nil {
			t = time.NewTimer(writerPoll)
		} else {
			t.Reset(writerPoll)
		}
		select {
		case <-ctx.Done():
			c.mu.Lock()
			return ctx.Err()
		case <-ch:
		case <-t.C:
		}
		c.mu.Lock()
	}
}

// videoContentLocked is the duration of the frames not yet taken.
func (c *Consumer) videoContentLocked() time.Duration {
	if len(c.frames) == 0 {
		return 0
	}
	return c.videoEnd - c.frames[0].PTS
}

// videoFullLocked: the video queue holds MaxQueue, and audio is not short
// (or video is a full streamGap beyond it: a hole in the audio).
func (c *Consumer) videoFullLocked() bool {
	n := c.videoContentLocked()
	if n < c.cfg.MaxQueue {
		return false
	}
	return n >= c.cfg.MaxQueue+streamGap || !c.audioStarvingLocked()
}

func (c *Consumer) audioFullLocked() bool {
	n, _, _, _, _ := c.q.state()
	if n < c.cfg.MaxQueue {
		return false
	}
	return n >= c.cfg.MaxQueue+streamGap || !c.videoStarvingLocked()
}

func (c *Consumer) audioStarvingLocked() bool {
	if !c.cfg.HasAudio || c.eos {
		return false
	}
	_, end, ok, _, _ := c.q.state()
	return !ok || end < c.pos+c.cfg.Prebuffer
}

func (c *Consumer) videoStarvingLocked() bool {
	if !c.cfg.HasVideo || c.eos {
		return false
	}
	return !c.hasVideo || c.videoEnd < c.pos+c.cfg.Prebuffer
}

func (c *Consumer) enqueueVideoLocked(f *media.VideoFrame) {
	if f.Duration <= 0 {
		f.Duration = fallbackFrameDuration
		if c.hasVideo && f.PTS > c.lastPTS {
			f.Duration = f.PTS - c.lastPTS
		}
	}
	if c.phase == phaseStartup || c.phase == phaseSeeking {
		if f.PTS+f.Duration <= c.resetPos { // before the seek target: pre-roll
			f.Release()
			return
		}
	}
	c.frames = append(c.frames, f)
	if !c.hasVideo || f.PTS+f.Duration > c.videoEnd {
		c.videoEnd = f.PTS + f.Duration
	}
	c.lastPTS, c.hasVideo = f.PTS, true
}

// updateBoundsLocked tells the audio queue how far silence may be made up
// and where reads must stop (the end of decoded video).
func (c *Consumer) updateBoundsLocked() {
	var fill, limit time.Duration
	fillOK, limitOK := false, false
	if c.cfg.HasVideo {
		_, aEnd, aOK, _, _ := c.q.state()
		if !aOK {
			aEnd = c.resetPos
		}
		switch {
		case !c.cfg.HasAudio || c.eos:
			fill, fillOK = c.videoEnd, true // no audio (any more): silence to the end of video
		case c.videoEnd-streamGap > aEnd:
			fill, fillOK = c.videoEnd-streamGap, true // a hole in the audio
		}
		if !c.eos && !(c.cfg.HasAudio && aOK && aEnd-c.videoEnd >= streamGap) {
			limit, limitOK = c.videoEnd, true
		}
	}
	c.q.setBounds(fill, limit, fillOK, limitOK, c.eos)
}

// readyLocked says whether playback can start and where.
func (c *Consumer) readyLocked() (start time.Duration, ok, empty bool) {
	_, _, _, aFirst, aOK := c.q.state()
	var first time.Duration
	has := false
	if len(c.frames) > 0 {
		first, has = c.frames[0].PTS, true
	}
	if aOK && (!has || aFirst < first) {
		first, has = aFirst, true
	}
	if !has {
		return c.resetPos, c.eos, true
	}
	start = max(c.resetPos, first)
	return start, c.eos || c.q.availEnd(start)-start >= c.cfg.Prebuffer, false
}

func (c *Consumer) beginLocked(start time.Duration) {
	k := 0
	for k < len(c.frames) && (k+1 < len(c.frames) && c.frames[k+1].PTS <= start ||
		c.frames[k].PTS+c.frames[k].Duration <= start) {
		c.frames[k].Release()
		k++
	}
	c.frames = c.frames[k:]
	c.q.start(start)
	c.out.Seek(start)
	c.outPlaying = false
	c.pos = start
	c.phase = phasePlaying
	c.holding = len(c.frames) > 0 && c.frames[0].PTS <= start
	c.syncOutputLocked()
	if !c.cfg.HasVideo && !c.firstShown {
		c.firstShown = true
		wall := c.cfg.Now()
		c.emit(func(o Observer) { o.FirstFrame(start, wall) })
	}
}

// pollLocked advances the state machine to the current clock.
func (c *Consumer) pollLocked() {
	if c.closed || c.phase == phaseEnded {
		return
	}
	c.updateBoundsLocked()
	switch c.phase {
	case phaseStartup, phaseSeeking:
		start, ok, empty := c.readyLocked()
		if !ok {
			return
		}
		if empty {
			c.pos = start
			c.endLocked()
			return
		}
		c.beginLocked(start)
	case phaseStalled:
		if c.eos || c.q.availEnd(c.pos)-c.pos >= c.cfg.Prebuffer {
			c.endStallLocked()
		}
	}
	if c.step != nil && c.runningLocked() {
		c.step.Step(c.simTargetLocked())
	}
	c.pos = c.out.Position()
	c.audioSwitchesLocked()
	if c.runningLocked() {
		c.checkLocked()
	}
}

// runningLocked says whether the clock should run.
func (c *Consumer) runningLocked() bool {
	return c.phase == phasePlaying && !c.paused && !c.holding
}

// syncOutputLocked plays or pauses the Output to match the state.
func (c *Consumer) syncOutputLocked() {
	if run := c.runningLocked(); run != c.outPlaying {
		c.outPlaying = run
		if run {
			c.out.Play()
		} else {
			c.out.Pause()
		}
	}
}

// simTargetLocked is where a simulated clock may jump: the next frame's
// PTS, or the end of the decoded data.
func (c *Consumer) simTargetLocked() time.Duration {
	end := c.q.availEnd(c.pos)
	if len(c.frames) > 0 && c.frames[0].PTS < end {
		end = max(c.frames[0].PTS, c.pos)
	}
	return end
}

// checkLocked ends playback at the end of the stream, or stalls it when the
// clock reached the end of the decoded data.
func (c *Consumer) checkLocked() {
	if c.pos < c.q.availEnd(c.pos) {
		return
	}
	if c.eos {
		if len(c.frames) == 0 { // the last frame was taken
			c.endLocked()
		}
		return
	}
	if c.step != nil {
		return // a simulated clock waits for data; it never stalls
	}
	c.phase = phaseStalled
	c.syncOutputLocked()
	c.stallSince = c.cfg.Now()
	c.stallCounted = c.firstShown
	if !c.stallCounted {
		return // before the first frame: still startup
	}
	c.st.Stalls++
	pos := c.pos
	c.cfg.Logger.Info("playback stalled", "pos", pos)
	c.emit(func(o Observer) { o.StallStart(pos) })
}

func (c *Consumer) endStallLocked() {
	c.phase = phasePlaying
	c.syncOutputLocked()
	if !c.stallCounted {
		return
	}
	c.stallCounted = false
	dur := c.cfg.Now().Sub(c.stallSince)
	c.st.StallTime += dur
	pos := c.pos
	c.cfg.Logger.Info("playback resumed", "pos", pos, "stall", dur)
	c.emit(func(o Observer) { o.StallEnd(pos, dur) })
}

func (c *Consumer) endLocked() {
	c.phase = phaseEnded
	c.holding = false
	c.syncOutputLocked()
	pos := c.pos
	c.emit(func(o Observer) { o.Ended(pos) })
	close(c.done)
}

// audioSwitchesLocked reports rendition changes of audio-only streams as
// the clock passes them (with video, frames report them when shown).
func (c *Consumer) audioSwitchesLocked() {
	for len(c.marks) > 0 && c.marks[0].pts <= c.pos {
		m := c.marks[0]
		c.marks = c.marks[1:]
		if m.variant == c.variant {
			continue
		}
		if c.variant >= 0 {
			from := c.variant
			c.emit(func(o Observer) { o.Switched(from, m.variant, m.pts) })
		}
		c.variant = m.variant
	}
}

// Reset prepares for data from pos after a seek: the queues are dropped,
// the clock is put at pos and playback waits for Prebuffer again (not a
// stall). Stop feeding the old data before calling it; blocked Video and
// Audio calls return nil and drop their data.
func (c *Consumer) Reset(pos time.Duration) {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return
	}
	c.epoch++
	if c.phase == phaseStalled {
		c.endStallLocked()
	}
	c.dropFramesLocked()
	c.q.reset()
	c.marks, c.markVar = nil, -1
	c.eos = false
	c.phase = phaseStartup
	if c.firstShown {
		c.phase = phaseSeeking
	}
	c.resetPos, c.pos, c.videoEnd, c.hasVideo = pos, pos, pos, false
	c.holding = false
	c.out.Seek(pos)
	c.outPlaying = false
	select {
	case <-c.done:
		c.done = make(chan struct{})
	default:
	}
	c.pollLocked()
	c.unlock()
	c.sig.notify()
}

func (c *Consumer) dropFramesLocked() {
	for _, f := range c.frames {
		f.Release()
	}
	c.frames = nil
}
