package render

import (
	"testing"
	"time"
)

func TestWallOutput(t *testing.T) {
	clk := newFakeClock()
	q := newPCMQueue(nil)
	q.push(0, chunk(0, time.Second, 1).PCM)
	q.start(0)
	w := NewWallOutput(clk.now)
	if err := w.Start(q); err != nil {
		t.Fatal(err)
	}
	w.Seek(0)
	steps := []struct {
		do   func()
		want time.Duration
	}{
		{func() { clk.advance(100 * ms) }, 0}, // not playing yet
		{w.Play, 0},
		{func() { clk.advance(250 * ms) }, 250 * ms},
		{w.Pause, 250 * ms},
		{func() { clk.advance(time.Second) }, 250 * ms},
		{w.Play, 250 * ms},
		// Many small steps: no rounding drift (1/3 ms is not a whole sample).
		{func() {
			for range 300 {
				clk.advance(time.Millisecond / 3)
				w.Position()
			}
		}, 350 * ms},
		{func() { clk.advance(2 * time.Second) }, time.Second}, // stops at the end of the data
		{func() { q.push(time.Second, chunk(time.Second, time.Second, 1).PCM) }, time.Second},
		{func() { clk.advance(100 * ms) }, 1100 * ms}, // runs on from there, not from the wall anchor
		{func() { w.Seek(5 * time.Second) }, 5 * time.Second},
	}
	for i, s := range steps {
		s.do()
		if got := w.Position(); got != s.want {
			t.Fatalf("step %d: position %v, want %v", i, got, s.want)
		}
	}
}

func TestSimOutput(t *testing.T) {
	q := newPCMQueue(nil)
	q.push(0, chunk(0, 300*ms, 1).PCM)
	q.start(0)
	s := NewSimOutput()
	if err := s.Start(q); err != nil {
		t.Fatal(err)
	}
	st := s.(Stepper)
	st.Step(100 * ms)
	if got := s.Position(); got != 0 {
		t.Fatalf("paused sim moved to %v", got)
	}
	s.Play()
	for _, tc := range []struct{ to, want time.Duration }{
		{100 * ms, 100 * ms},
		{50 * ms, 100 * ms},     // never back
		{time.Second, 300 * ms}, // not past the data
	} {
		st.Step(tc.to)
		if got := s.Position(); got != tc.want {
			t.Fatalf("Step(%v): position %v, want %v", tc.to, got, tc.want)
		}
	}
	if n, _, _, _, _ := q.state(); n != 0 {
		t.Fatalf("sim left %v of audio queued", n)
	}
}
