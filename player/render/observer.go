package render

import (
	"sync"
	"time"
)

// Observer hears about playback events. Calls come in order, one at a time,
// from whichever goroutine caused them, without the Consumer's lock held
// (an Observer may call the Consumer). Positions are media times.
type Observer interface {
	// FirstFrame: the first frame of the session was shown (with no
	// video: the audio started) at wall time wall.
	FirstFrame(pts time.Duration, wall time.Time)
	// StallStart: playback stopped at pos because decoded data ran out.
	StallStart(pos time.Duration)
	// StallEnd: playback resumed at pos after a stall of dur.
	StallEnd(pos, dur time.Duration)
	// Dropped: n late frames were skipped at pos.
	Dropped(n int, pos time.Duration)
	// Switched: the presented rendition changed at pts.
	Switched(fromVariant, toVariant int, pts time.Duration)
	// Ended: everything was played after EndOfStream.
	Ended(pos time.Duration)
}

// NopObserver ignores every event; embed it to implement a few methods.
type NopObserver struct{}

func (NopObserver) FirstFrame(time.Duration, time.Time)   {}
func (NopObserver) StallStart(time.Duration)              {}
func (NopObserver) StallEnd(time.Duration, time.Duration) {}
func (NopObserver) Dropped(int, time.Duration)            {}
func (NopObserver) Switched(int, int, time.Duration)      {}
func (NopObserver) Ended(time.Duration)                   {}

// events queues Observer calls made under the Consumer's lock and delivers
// them after it is released, in order, one goroutine at a time.
type events struct {
	mu          sync.Mutex
	pending     []func(Observer)
	dispatching bool
}

func (e *events) add(f func(Observer)) {
	e.mu.Lock()
	e.pending = append(e.pending, f)
	e.mu.Unlock()
}

// flush delivers queued events unless another goroutine is already doing
// so (it will deliver these too, in order).
func (e *events) flush(o Observer) {
	e.mu.Lock()
	if e.dispatching {
		e.mu.Unlock()
		return
	}
	e.dispatching = true
	for len(e.pending) > 0 {
		batch := e.pending
		e.pending = nil
		e.mu.Unlock()
		for _, f := range batch {
			if o != nil {
				f(o)
			}
		}
		e.mu.Lock()
	}
	e.dispatching = false
	e.mu.Unlock()
}

// signal is a broadcast: wait returns a channel closed by the next notify.
type signal struct {
	mu sync.Mutex
	ch chan struct{}
}

func (s *signal) wait() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ch == nil {
		s.ch = make(chan struct{})
	}
	return s.ch
}

func (s *signal) notify() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ch != nil {
		close(s.ch)
		s.ch = nil
	}
}
