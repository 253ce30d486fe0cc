package render

import (
	"encoding/binary"
	"math"
	"testing"
	"time"

	"smartplay/player/media"
)

// sine returns a 440 Hz tone chunk.
func sine(pts, dur time.Duration) *media.AudioChunk {
	n := media.AudioBytes(dur) / media.AudioBytesPerFrame
	b := make([]byte, n*media.AudioBytesPerFrame)
	first := toSamples(pts)
	for i := range n {
		v := int16(8000 * math.Sin(2*math.Pi*440*float64(first+int64(i))/media.AudioRate))
		binary.LittleEndian.PutUint16(b[4*i:], uint16(v))
		binary.LittleEndian.PutUint16(b[4*i+2:], uint16(v))
	}
	return &media.AudioChunk{PTS: pts, PCM: b}
}

// TestOtoOutputClock plays 1.5 s through the sound device and checks that
// its clock runs at real time. It skips without a device (CI); with the
// pulseaudio null sink of DESIGN.md it runs.
func TestOtoOutputClock(t *testing.T) {
	out, err := NewOtoOutput(0.5)
	if err != nil {
		t.Skipf("no audio device: %v", err)
	}
	c := NewConsumer(ConsumerConfig{Output: out, HasAudio: true, HasVideo: false, Prebuffer: 200 * ms})
	defer c.Close()
	const total = 1500 * ms
	go func() {
		for p := time.Duration(0); p < total; p += 20 * ms {
			if c.Audio(t.Context(), sine(p, 20*ms)) != nil {
				return
			}
		}
		c.EndOfStream()
	}()
	// Sample the clock against the wall: it must move at 1× (within the
	// device's latency jitter) and never backwards.
	start := time.Now()
	var samples []struct{ wall, pos time.Duration }
	last := time.Duration(-1)
	deadline := time.After(20 * time.Second) // opening the device can take seconds
loop:
	for {
		select {
		case <-c.Done():
			break loop
		case <-deadline:
			t.Fatalf("not done after 20 s: %+v", c.Stats())
		case <-time.After(20 * ms):
		}
		pos := c.Position()
		if pos < last {
			t.Fatalf("clock went back: %v after %v", pos, last)
		}
		last = pos
		samples = append(samples, struct{ wall, pos time.Duration }{time.Since(start), pos})
	}
	end := time.Since(start)
	st := c.Stats()
	if st.Position != total || st.Stalls != 0 {
		t.Fatalf("stats %+v, want the end at %v without a stall", st, total)
	}
	// From the clock's first move (the device may take a while to start
	// playing) to the end, the whole stream plays in real time.
	var moved time.Duration = -1
	for _, s := range samples {
		if s.pos > 0 {
			moved = s.wall
			break
		}
	}
	if moved < 0 {
		t.Fatalf("the clock never moved: %v", samples)
	}
	// The null sink's timer is jumpy under load (pauses of 200 ms seen
	// here with -race), so only the average rate is held to real time.
	el := end - moved
	rate := float64(total-samples[0].pos) / float64(el)
	t.Logf("device clock: %v played in %v after the first move (%.3f× real time); underruns %d", total, el, rate, st.Underruns)
	if rate < 0.7 || rate > 1.15 {
		t.Fatalf("device clock runs at %.3f× real time: %v", rate, samples)
	}
}
