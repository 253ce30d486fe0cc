package render

import (
	"testing"
	"time"

	"smartplay/player/media"
)

// fakeDevice stands in for oto's Player buffer: reads append to it, play
// removes what the device consumed.
type fakeDevice struct{ buffered int }

func (d *fakeDevice) play(dur time.Duration) {
	d.buffered = max(d.buffered-media.AudioBytes(dur), 0)
}

func TestOtoReaderPositionAndUnderrun(t *testing.T) {
	const latency = 480 * media.AudioBytesPerFrame // 10 ms device buffer
	dev := &fakeDevice{}
	r := newOtoReader(func() int { return dev.buffered }, latency, media.AudioBytes(20*ms))
	q := newPCMQueue(nil)
	q.push(0, chunk(0, 100*ms, 1).PCM)
	q.start(0)
	r.setSource(q)
	r.seek(0)

	read := func(dur time.Duration) int {
		n, err := r.Read(make([]byte, media.AudioBytes(dur)))
		if err != nil {
			t.Fatal(err)
		}
		dev.buffered += n
		return n
	}
	pos := func(want time.Duration) {
		t.Helper()
		if got, _ := r.position(); got != want {
			t.Fatalf("position = %v, want %v", got, want)
		}
	}

	// Paused: the device gets silence and the clock stands still.
	if n := read(50 * ms); n != media.AudioBytes(50*ms) {
		t.Fatalf("paused read = %d", n)
	}
	dev.play(50 * ms)
	pos(0)

	r.setPlaying(true)
	read(50 * ms)
	read(50 * ms) // all 100 ms of audio handed out
	pos(0)        // nothing of it heard yet (10 ms still in the device buffer)
	dev.play(30 * ms)
	pos(20 * ms) // 30 ms left oto's buffer, 10 ms of it still in the device

	// Dry while the device has plenty: nothing handed out, no underrun.
	if n := read(50 * ms); n != 0 {
		t.Fatalf("dry read with full buffer = %d, want 0", n)
	}
	// Device drains below the low-water mark: silence, one underrun.
	dev.play(60 * ms)
	if n := read(50 * ms); n != underrunChunkBytes {
		t.Fatalf("underrun read = %d, want %d", n, underrunChunkBytes)
	}
	read(50 * ms) // still dry: more silence, same underrun
	if got := r.underrunCount(); got != 1 {
		t.Fatalf("underruns = %d, want 1", got)
	}
	dev.play(100 * ms) // everything played, including the silence
	pos(100 * ms)      // silence did not advance the clock

	// Data again: the clock goes on from 100 ms.
	q.push(100*ms, chunk(100*ms, 50*ms, 2).PCM)
	read(50 * ms)
	dev.play(30 * ms)
	pos(120 * ms)

	// Seek: stale bytes still in the device do not move the clock.
	r.seek(5 * time.Second)
	pos(5 * time.Second)
}

func TestOtoReaderPausedIsSilence(t *testing.T) {
	dev := &fakeDevice{}
	r := newOtoReader(func() int { return dev.buffered }, 0, 0)
	q := newPCMQueue(nil)
	q.push(0, chunk(0, 10*ms, 9).PCM)
	q.start(0)
	r.setSource(q)
	p := make([]byte, 64)
	if n, _ := r.Read(p); n != 64 || p[0] != 0 {
		t.Fatalf("paused read = %d bytes, first %d; want 64 zero bytes", n, p[0])
	}
	r.setPlaying(true)
	if n, _ := r.Read(p); n != 64 || p[0] != 9 {
		t.Fatalf("playing read = %d bytes, first %d; want 64 bytes of 9", n, p[0])
	}
}

func TestClockGuard(t *testing.T) {
	t0 := time.Unix(0, 0)
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	steps := []struct {
		raw  time.Duration
		wall time.Duration
		want time.Duration
	}{
		{0, 0, 0},
		{21 * ms, 21 * ms, 21 * ms},  // a period consumed: fine
		{60 * ms, 30 * ms, 55 * ms},  // a burst ahead of real time: held to 9 ms + 25 ms
		{140 * ms, 31 * ms, 81 * ms}, // a bad reading (oto mid-append): held
		{45 * ms, 40 * ms, 81 * ms},  // back to the truth: never backwards
		{100 * ms, 100 * ms, 100 * ms},
		{100 * ms, 300 * ms, 100 * ms}, // device stalled: the clock stands
		{120 * ms, 320 * ms, 120 * ms},
	}
	var g clockGuard
	for i, s := range steps {
		if got := g.filter(s.raw, at(s.wall)); got != s.want {
			t.Fatalf("step %d: filter(%v at %v) = %v, want %v", i, s.raw, s.wall, got, s.want)
		}
	}
	g.reset()
	if got := g.filter(5*time.Second, at(330*ms)); got != 5*time.Second {
		t.Fatalf("after reset (seek): %v", got)
	}
}
