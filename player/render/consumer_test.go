package render

import (
	"testing"
	"time"
)

func newTestConsumer(clk *fakeClock, rec *recorder, audio, video bool) *Consumer {
	cfg := ConsumerConfig{
		Output:    NewWallOutput(clk.now),
		HasAudio:  audio,
		HasVideo:  video,
		Prebuffer: 200 * ms,
		MaxQueue:  5 * time.Second, // tests feed ahead without a writer goroutine
		Now:       clk.now,
	}
	if rec != nil {
		cfg.Observer = rec
	}
	return NewConsumer(cfg)
}

func TestFrameScheduling(t *testing.T) {
	tests := []struct {
		name          string
		frameStep     time.Duration // frames every frameStep over [0, 1 s)
		steps         []time.Duration
		shown, dropps int64
	}{
		{"on time at 25 fps", 40 * ms, repeat(40*ms, 24), 25, 0},
		{"twice per frame", 40 * ms, repeat(20*ms, 49), 25, 0},
		{"polled every 100ms", 40 * ms, repeat(100*ms, 9), 10, 13},
		{"one long hiccup", 40 * ms, []time.Duration{40 * ms, 40 * ms, 200 * ms, 40 * ms}, 5, 3},
		{"60 fps polled at 30 Hz", time.Second / 60, repeat(time.Second/30, 29), 30, 28},
		// Two frames due but the newer only 10 ms late: show the older one
		// late and catch up at the next tick, dropping nothing.
		{"a late tick catches up", 40 * ms, []time.Duration{40 * ms, 90 * ms, 10 * ms, 40 * ms}, 5, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clk := newFakeClock()
			c := newTestConsumer(clk, nil, true, true)
			feed(t, c, 0, time.Second, tt.frameStep, true, true)
			c.EndOfStream()
			take := func() {
				if f, _ := c.TakeFrame(); f != nil {
					f.Release()
				}
			}
			take()
			for _, d := range tt.steps {
				clk.advance(d)
				take()
			}
			st := c.Stats()
			if st.FramesShown != tt.shown || st.FramesDropped != tt.dropps {
				t.Fatalf("shown %d dropped %d, want %d %d (pos %v)", st.FramesShown, st.FramesDropped, tt.shown, tt.dropps, st.Position)
			}
		})
	}
}

func repeat(d time.Duration, n int) []time.Duration {
	s := make([]time.Duration, n)
	for i := range s {
		s[i] = d
	}
	return s
}

func TestStallAndResume(t *testing.T) {
	clk := newFakeClock()
	rec := &recorder{}
	c := newTestConsumer(clk, rec, true, true)
	feed(t, c, 0, 500*ms, 40*ms, true, true) // audio to 500 ms, video to 520 ms
	f, _ := c.TakeFrame()
	f.Release()
	clk.advance(700 * ms)
	if got := c.Position(); got != 500*ms {
		t.Fatalf("position after running dry = %v, want 500ms", got)
	}
	st := c.Stats()
	if !st.Stalled || st.Stalls != 1 {
		t.Fatalf("stats = %+v, want a stall", st)
	}
	clk.advance(300 * ms) // stalled: clock stands, stall time grows
	if got := c.Position(); got != 500*ms {
		t.Fatalf("position during stall = %v", got)
	}
	feed(t, c, 520*ms, 600*ms, 40*ms, false, true)
	feed(t, c, 500*ms, 650*ms, 40*ms, true, false)
	if st := c.Stats(); !st.Stalled {
		t.Fatalf("resumed with less than Prebuffer of video: %+v", st)
	}
	feed(t, c, 600*ms, 760*ms, 40*ms, false, true)
	feed(t, c, 650*ms, 800*ms, 40*ms, true, false)
	st = c.Stats()
	if st.Stalled || st.StallTime != 300*ms {
		t.Fatalf("after refill: stalled=%v stall time %v, want resumed after 300ms", st.Stalled, st.StallTime)
	}
	clk.advance(100 * ms)
	if got := c.Position(); got != 600*ms {
		t.Fatalf("position after resume = %v, want 600ms", got)
	}
	want := []string{"first 0s", "stall 500ms", "resume 500ms after 300ms"}
	if got := rec.events(); !equalStrings(got, want) {
		t.Fatalf("events = %q, want %q", got, want)
	}
}

func TestStallWhenVideoRunsDry(t *testing.T) {
	clk := newFakeClock()
	c := newTestConsumer(clk, nil, true, true)
	feed(t, c, 0, 800*ms, 40*ms, true, false)
	feed(t, c, 0, 400*ms, 40*ms, false, true)
	f, _ := c.TakeFrame()
	f.Release()
	clk.advance(time.Second)
	// The audio clock stops exactly where the decoded video ends.
	if got := c.Position(); got != 400*ms || !c.Stats().Stalled {
		t.Fatalf("position %v stalled %v, want 400ms stalled", got, c.Stats().Stalled)
	}
}

func TestStartupIsNotAStall(t *testing.T) {
	clk := newFakeClock()
	rec := &recorder{}
	c := newTestConsumer(clk, rec, true, true)
	feed(t, c, 0, 120*ms, 40*ms, true, true) // less than Prebuffer
	clk.advance(time.Second)
	if st := c.Stats(); st.Started || !st.Buffering || st.Position != 0 {
		t.Fatalf("started on %v of data: %+v", 120*ms, st)
	}
	feed(t, c, 120*ms, 240*ms, 40*ms, true, true)
	if st := c.Stats(); !st.Started {
		t.Fatalf("not started with 240ms decoded: %+v", st)
	}
	// Running dry before any frame was shown is still startup.
	clk.advance(time.Second)
	if st := c.Stats(); st.Stalls != 0 || st.Stalled || !st.Buffering {
		t.Fatalf("stats = %+v, want buffering without a stall", st)
	}
	if got := rec.events(); len(got) != 0 {
		t.Fatalf("events before the first frame = %q", got)
	}
}

func TestClockWaitsForFirstFrame(t *testing.T) {
	clk := newFakeClock()
	rec := &recorder{}
	c := newTestConsumer(clk, rec, true, true)
	feed(t, c, 0, time.Second, 40*ms, true, true)
	clk.advance(time.Second) // the window is still opening
	if st := c.Stats(); st.Position != 0 || !st.Buffering || st.FramesDropped != 0 {
		t.Fatalf("clock ran before the first frame was shown: %+v", st)
	}
	if d := c.NextFrameIn(); d != 0 {
		t.Fatalf("NextFrameIn = %v, want 0 (first frame due)", d)
	}
	f, _ := c.TakeFrame()
	if f == nil || f.PTS != 0 {
		t.Fatalf("first frame = %v", f)
	}
	f.Release()
	clk.advance(40 * ms)
	if got := c.Position(); got != 40*ms {
		t.Fatalf("position 40ms after the first frame = %v", got)
	}
	if d := c.NextFrameIn(); d != 0 {
		t.Fatalf("NextFrameIn = %v, want 0", d)
	}
	clk.advance(10 * ms)
	if f, _ := c.TakeFrame(); f == nil || f.PTS != 40*ms {
		t.Fatalf("second frame = %v", f)
	}
	if d := c.NextFrameIn(); d != 30*ms {
		t.Fatalf("NextFrameIn = %v, want 30ms", d)
	}
	if got := rec.events(); !equalStrings(got, []string{"first 0s"}) {
		t.Fatalf("events = %q", got)
	}
}

func TestPauseFreezesClock(t *testing.T) {
	clk := newFakeClock()
	c := newTestConsumer(clk, nil, true, true)
	feed(t, c, 0, time.Second, 40*ms, true, true)
	f, _ := c.TakeFrame()
	f.Release()
	clk.advance(100 * ms)
	c.Pause()
	clk.advance(time.Second)
	if got := c.Position(); got != 100*ms || !c.Paused() {
		t.Fatalf("paused position = %v, want 100ms", got)
	}
	c.Resume()
	clk.advance(50 * ms)
	if got := c.Position(); got != 150*ms {
		t.Fatalf("resumed position = %v, want 150ms", got)
	}
	if st := c.Stats(); st.Stalls != 0 {
		t.Fatalf("pause counted as stall: %+v", st)
	}
}

func TestResetAfterSeek(t *testing.T) {
	clk := newFakeClock()
	rec := &recorder{}
	c := newTestConsumer(clk, rec, true, true)
	feed(t, c, 0, time.Second, 40*ms, true, true)
	f, e0 := c.TakeFrame()
	f.Release()
	clk.advance(300 * ms)
	c.Reset(5 * time.Second)
	if st := c.Stats(); st.Position != 5*time.Second || !st.Buffering || st.VideoQueued != 0 {
		t.Fatalf("after Reset: %+v", st)
	}
	clk.advance(time.Second) // waiting for data after a seek is not a stall
	feed(t, c, 4800*ms, 6*time.Second, 40*ms, true, true)
	f, e1 := c.TakeFrame()
	if f == nil || f.PTS != 5*time.Second || e1 == e0 {
		t.Fatalf("first frame after seek = %v (epoch %d→%d), want PTS 5s and a new epoch", f, e0, e1)
	}
	f.Release()
	clk.advance(100 * ms)
	if got := c.Position(); got != 5100*ms {
		t.Fatalf("position = %v, want 5.1s", got)
	}
	st := c.Stats()
	if st.Stalls != 0 || st.FramesDropped != 0 {
		t.Fatalf("seek counted stalls or drops: %+v", st)
	}
}

func TestEndOfStream(t *testing.T) {
	clk := newFakeClock()
	rec := &recorder{}
	c := newTestConsumer(clk, rec, true, true)
	feed(t, c, 0, 300*ms, 40*ms, true, false) // audio ends at 300 ms
	feed(t, c, 0, 400*ms, 40*ms, false, true) // video at 400 ms
	c.EndOfStream()
	for range 20 {
		if f, _ := c.TakeFrame(); f != nil {
			f.Release()
		}
		clk.advance(40 * ms)
	}
	select {
	case <-c.Done():
	default:
		t.Fatalf("not done: %+v", c.Stats())
	}
	st := c.Stats()
	if st.Position != 400*ms || st.FramesShown != 10 || st.Stalls != 0 || !st.Ended {
		t.Fatalf("end stats = %+v, want position 400ms, 10 frames, no stall", st)
	}
	if ev := rec.events(); ev[len(ev)-1] != "ended 400ms" {
		t.Fatalf("events = %q", ev)
	}
}

func TestSwitchedEvents(t *testing.T) {
	clk := newFakeClock()
	rec := &recorder{}
	c := newTestConsumer(clk, rec, true, true)
	ctx := t.Context()
	for i, v := range []int{0, 0, 2, 2, 1} {
		if err := c.Video(ctx, frame(time.Duration(i)*100*ms, 100*ms, v)); err != nil {
			t.Fatal(err)
		}
	}
	feed(t, c, 0, 500*ms, 100*ms, true, false)
	c.EndOfStream()
	for range 6 {
		if f, _ := c.TakeFrame(); f != nil {
			f.Release()
		}
		clk.advance(100 * ms)
	}
	want := []string{"first 0s", "switch 0->2 at 200ms", "switch 2->1 at 400ms", "ended 500ms"}
	if got := rec.events(); !equalStrings(got, want) {
		t.Fatalf("events = %q, want %q", got, want)
	}
}

func TestNoAudioStillClocks(t *testing.T) {
	clk := newFakeClock()
	c := newTestConsumer(clk, nil, false, true)
	feed(t, c, 0, time.Second, 40*ms, true, true) // audio is ignored
	f, _ := c.TakeFrame()
	f.Release()
	clk.advance(250 * ms)
	if got := c.Position(); got != 250*ms {
		t.Fatalf("position = %v, want 250ms", got)
	}
	clk.advance(time.Second)
	if got := c.Position(); got != time.Second || !c.Stats().Stalled {
		t.Fatalf("position %v, want stalled at the end of video (1s)", got)
	}
}

func TestAudioOnly(t *testing.T) {
	clk := newFakeClock()
	rec := &recorder{}
	c := newTestConsumer(clk, rec, true, false)
	ctx := t.Context()
	for i, v := range []int{3, 3, 4} {
		a := chunk(time.Duration(i)*100*ms, 100*ms, 1)
		a.Variant = v
		if err := c.Audio(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	c.EndOfStream()
	clk.advance(time.Second)
	<-c.Done()
	want := []string{"first 0s", "switch 3->4 at 200ms", "ended 300ms"}
	if got := rec.events(); !equalStrings(got, want) {
		t.Fatalf("events = %q, want %q", got, want)
	}
}
