package render

import (
	"smartplay/player/media"
	"sync"
	"time"
)

// wallOutput is a real-time null sink: while playing it consumes PCM at 1×
// on the wall clock and its position is the media time reached. It cannot
// run past the decoded data: when the source is dry the clock stops there.
type wallOutput struct {
	mu      sync.Mutex
	now     func() time.Time
	src     Source
	playing bool
	pos     time.Duration // media time reached
	// base and baseWall anchor the clock at the last Play (or the last
	// time the source ran dry), so rounding never accumulates.
	base     time.Duration
	baseWall time.Time
}

// NewWallOutput returns a real-time null sink clocked by now (time.Now when
// nil). Use it headless, and as the muted fallback when NewOtoOutput fails.
func NewWallOutput(now func() time.Time) Output {
	if now == nil {
		now = time.Now
	}
	return &wallOutput{now: now}
}

func (w *wallOutput) Start(src Source) error {
	w.mu.Lock()
	w.src = src
	w.mu.Unlock()
	return nil
}

func (w *wallOutput) Play() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.playing {
		w.playing = true
		w.base, w.baseWall = w.pos, w.now()
	}
}

func (w *wallOutput) Pause() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.advanceLocked()
	w.playing = false
}

func (w *wallOutput) Seek(pos time.Duration) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.playing = false
	w.pos = pos
}

func (w *wallOutput) Position() time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.advanceLocked()
	return w.pos
}

func (w *wallOutput) advanceLocked() {
	if !w.playing || w.src == nil {
		return
	}
	t := w.now()
	target := w.base + t.Sub(w.baseWall)
	if target <= w.pos {
		return
	}
	got := w.src.Skip(target)
	if got > w.pos {
		w.pos = got
	}
	if got < target {
		// Dry: the clock stopped at the end of the data; restart the
		// wall anchor so it runs from here when data comes.
		w.base, w.baseWall = w.pos, t
	}
}

func (w *wallOutput) SetVolume(float64) {}
func (w *wallOutput) Close() error      { return nil }

// simOutput is a simulated clock: no waiting, the position jumps to the
// media time the Consumer steps it to (the next frame, or the end of the
// decoded audio), consuming the PCM on the way.
type simOutput struct {
	mu      sync.Mutex
	src     Source
	playing bool
	pos     time.Duration
}

// NewSimOutput returns a simulated clock for --speed max: playback runs as
// fast as data is decoded and never stalls.
func NewSimOutput() Output { return &simOutput{} }

func (s *simOutput) Start(src Source) error {
	s.mu.Lock()
	s.src = src
	s.mu.Unlock()
	return nil
}

func (s *simOutput) Play()  { s.mu.Lock(); s.playing = true; s.mu.Unlock() }
func (s *simOutput) Pause() { s.mu.Lock(); s.playing = false; s.mu.Unlock() }

func (s *simOutput) Seek(pos time.Duration) {
	s.mu.Lock()
	s.playing, s.pos = false, pos
	s.mu.Unlock()
}

func (s *simOutput) Position() time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.pos
}

// Step implements Stepper.
func (s *simOutput) Step(to time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.playing || s.src == nil || to <= s.pos {
		return
	}
	got := s.src.Skip(to)
	if to-got < time.Second/media.AudioRate {
		// Skip lands on whole samples; a frame's PTS rarely does. Within a
		// sample of the target the clock takes the target itself, or a
		// frame 1 ns past the sample grid would never come due.
		got = to
	}
	if got > s.pos {
		s.pos = got
	}
}

func (s *simOutput) SetVolume(float64) {}
func (s *simOutput) Close() error      { return nil }
