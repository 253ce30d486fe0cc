package render

import (
	"testing"
	"time"
)

// A frame's PTS (n/30 s) rarely falls on the 48 kHz sample grid; the
// simulated clock must still reach it, or --speed max freezes on the
// second frame (it did: 33.333334 ms vs 1600 samples = 33.333333 ms).
func TestSimOutputReachesTargetsOffTheSampleGrid(t *testing.T) {
	tests := []struct {
		name      string
		audio     time.Duration // PCM queued from 0
		target    time.Duration
		wantAtPos time.Duration
	}{
		{"on the grid", time.Second, 500 * time.Millisecond, 500 * time.Millisecond},
		{"1 ns past a sample", time.Second, 33333334 * time.Nanosecond, 33333334 * time.Nanosecond},
		{"half a sample past", time.Second, 33333333*time.Nanosecond + 10*time.Microsecond, 33333333*time.Nanosecond + 10*time.Microsecond},
		{"beyond the audio: stops at its end", 100 * time.Millisecond, 200 * time.Millisecond, 100 * time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := newPCMQueue(func() {})
			q.start(0)
			q.push(0, make([]byte, int(tc.audio*48000/time.Second)*4))
			o := NewSimOutput()
			if err := o.Start(q); err != nil {
				t.Fatal(err)
			}
			o.Seek(0)
			o.Play()
			o.(Stepper).Step(tc.target)
			if got := o.Position(); got != tc.wantAtPos {
				t.Errorf("Step(%v) with %v of audio: position %v, want %v", tc.target, tc.audio, got, tc.wantAtPos)
			}
		})
	}
}
