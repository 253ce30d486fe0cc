package render

import (
	"context"
	"errors"
	"testing"
	"time"
)

// decoder pushes interleaved A/V like player/decode: a frame every 40 ms
// over [0, dur), audio in 20 ms chunks where audioFrom <= t < audioTo, video
// where videoFrom <= t. It ends with EndOfStream.
func decoder(ctx context.Context, c *Consumer, dur, audioFrom, audioTo, videoFrom time.Duration) <-chan error {
	errc := make(chan error, 1)
	go func() {
		for p := time.Duration(0); p < dur; p += 40 * ms {
			if p >= videoFrom {
				if err := c.Video(ctx, frame(p, 40*ms, int(p/time.Second))); err != nil {
					errc <- err
					return
				}
			}
			for a := p; a < p+40*ms; a += 20 * ms {
				if a >= audioFrom && a < audioTo {
					if err := c.Audio(ctx, chunk(a, 20*ms, 1)); err != nil {
						errc <- err
						return
					}
				}
			}
		}
		c.EndOfStream()
		errc <- nil
	}()
	return errc
}

// present plays on the fake clock in 10 ms steps until Done, checking that
// the queues stay bounded; it returns the final stats.
func present(t *testing.T, c *Consumer, clk *fakeClock, limit time.Duration) Stats {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	var last time.Duration = -1
	for {
		if f, _ := c.TakeFrame(); f != nil {
			if f.PTS <= last {
				t.Fatalf("frame %v after %v", f.PTS, last)
			}
			last = f.PTS
			f.Release()
		}
		st := c.Stats()
		if st.VideoQueued > limit || st.AudioQueued > limit {
			t.Fatalf("queues over %v: %+v", limit, st)
		}
		select {
		case <-c.Done():
			return c.Stats()
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("playback hung: %+v", st)
		}
		clk.advance(10 * ms)
		time.Sleep(100 * time.Microsecond) // let the decoder goroutine run
	}
}

func newFlowConsumer(clk *fakeClock, out Output) *Consumer {
	return NewConsumer(ConsumerConfig{Output: out, HasAudio: true, HasVideo: true, Now: clk.now})
}

func TestBackpressureBoundsQueues(t *testing.T) {
	clk := newFakeClock()
	c := newFlowConsumer(clk, NewWallOutput(clk.now))
	errc := decoder(t.Context(), c, 4*time.Second, 0, time.Hour, 0)
	st := present(t, c, clk, DefaultMaxQueue+40*ms)
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if st.FramesShown != 100 || st.FramesDropped != 0 || st.Position != 4*time.Second {
		t.Fatalf("stats = %+v, want 100 frames shown, none dropped, at 4s", st)
	}
}

func TestHoleInAudioDoesNotDeadlock(t *testing.T) {
	clk := newFakeClock()
	c := newFlowConsumer(clk, NewWallOutput(clk.now))
	errc := decoder(t.Context(), c, 4*time.Second, 2*time.Second, time.Hour, 0)
	st := present(t, c, clk, DefaultMaxQueue+streamGap+40*ms)
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if st.Position != 4*time.Second || st.FramesShown+st.FramesDropped != 100 {
		t.Fatalf("stats = %+v, want all 100 frames played to 4s", st)
	}
}

func TestHoleInVideoDoesNotDeadlock(t *testing.T) {
	clk := newFakeClock()
	c := newFlowConsumer(clk, NewWallOutput(clk.now))
	errc := decoder(t.Context(), c, 4*time.Second, 0, time.Hour, 2*time.Second)
	st := present(t, c, clk, DefaultMaxQueue+streamGap+40*ms)
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if st.Position != 4*time.Second || st.FramesShown != 50 {
		t.Fatalf("stats = %+v, want the 50 frames from 2s shown, to 4s", st)
	}
}

func TestAudioEndsEarly(t *testing.T) {
	clk := newFakeClock()
	c := newFlowConsumer(clk, NewWallOutput(clk.now))
	errc := decoder(t.Context(), c, 3*time.Second, 0, 2*time.Second, 0)
	st := present(t, c, clk, DefaultMaxQueue+streamGap+40*ms)
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	if st.Position != 3*time.Second || st.FramesShown != 75 {
		t.Fatalf("stats = %+v, want 75 frames to 3s", st)
	}
}

func TestSimOutputPlaysEveryFrame(t *testing.T) {
	clk := newFakeClock()
	rec := &recorder{}
	c := NewConsumer(ConsumerConfig{Output: NewSimOutput(), HasAudio: true, HasVideo: true, Now: clk.now, Observer: rec})
	errc := decoder(t.Context(), c, 3*time.Second, 0, time.Hour, 0)
	var n int
	last := time.Duration(-1)
	for done := false; !done; {
		changed := c.Changed() // before TakeFrame, not to miss a wakeup
		f, _ := c.TakeFrame()
		if f == nil {
			select {
			case <-c.Done():
				done = true
			case <-changed:
			case <-time.After(time.Second):
				t.Fatalf("sim playback hung: %+v", c.Stats())
			}
			continue
		}
		if f.PTS != last+40*ms && !(last < 0 && f.PTS == 0) {
			t.Fatalf("frame %v after %v", f.PTS, last)
		}
		if pos := c.Position(); pos < f.PTS || pos > f.PTS+40*ms {
			t.Fatalf("sim clock %v at frame %v", pos, f.PTS)
		}
		last = f.PTS
		n++
		f.Release()
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
	st := c.Stats()
	if n != 75 || st.FramesDropped != 0 || st.Stalls != 0 || st.Position != 3*time.Second {
		t.Fatalf("%d frames, stats %+v; want 75 frames, none dropped, no stall, at 3s", n, st)
	}
	want := []string{"first 0s", "switch 0->1 at 1s", "switch 1->2 at 2s", "ended 3s"}
	if ev := rec.events(); !equalStrings(ev, want) {
		t.Fatalf("events = %q", ev)
	}
}

func TestBlockedWritesEnd(t *testing.T) {
	clk := newFakeClock()
	c := newFlowConsumer(clk, NewWallOutput(clk.now))
	feed(t, c, 0, time.Second, 40*ms, true, true) // full, nobody plays
	ctx, cancel := context.WithCancel(t.Context())
	errc := make(chan error, 3)
	go func() { errc <- c.Video(ctx, frame(time.Second, 40*ms, 0)) }()
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled Video = %v", err)
	}
	go func() { errc <- c.Video(t.Context(), frame(time.Second, 40*ms, 0)) }()
	time.Sleep(20 * ms)
	c.Reset(10 * time.Second) // the blocked stale write is dropped
	if err := <-errc; err != nil {
		t.Fatalf("Video blocked across Reset = %v", err)
	}
	feed(t, c, 10*time.Second, 11*time.Second, 40*ms, true, true)
	go func() { errc <- c.Audio(t.Context(), chunk(11*time.Second, 20*ms, 1)) }()
	time.Sleep(20 * ms)
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if err := <-errc; !errors.Is(err, ErrClosed) {
		t.Fatalf("Audio blocked across Close = %v", err)
	}
	if err := c.Video(t.Context(), nil); !errors.Is(err, ErrInvalidFrame) {
		t.Fatalf("nil frame = %v", err)
	}
}

// reentrant calls the Consumer from inside an event.
type reentrant struct {
	NopObserver
	c   *Consumer
	got []time.Duration
}

func (r *reentrant) StallStart(time.Duration) { r.got = append(r.got, r.c.Position()) }

func TestObserverMayCallConsumer(t *testing.T) {
	clk := newFakeClock()
	obs := &reentrant{}
	c := NewConsumer(ConsumerConfig{Output: NewWallOutput(clk.now), Now: clk.now, Observer: obs, Prebuffer: 100 * ms})
	obs.c = c
	feed(t, c, 0, 200*ms, 40*ms, true, true)
	f, _ := c.TakeFrame()
	f.Release()
	clk.advance(time.Second)
	c.Position()
	if len(obs.got) != 1 || obs.got[0] != 200*ms {
		t.Fatalf("positions seen from StallStart = %v", obs.got)
	}
}
