package session

import (
	"bytes"
	"context"
	"testing"
	"time"

	"smartplay/assets"
	"smartplay/assets/assetstest"
	"smartplay/player/events"
)

// The keys' commands, as the window sends them: pause at the first frame,
// seek +10 s and pin the lowest rendition while paused, then resume. The
// log shows each, the session plays on from the seek target in the pinned
// rendition, and only the played media counts as play time.
func TestPauseSeekAndPinWhilePlaying(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	url, _ := assetstest.Serve(t, assets.Options{Duration: shortLadder}, nil)
	var buf bytes.Buffer
	s, err := Open(ctx, Config{Input: url, Quality: "720p", Headless: true, MaxSpeed: true, Events: &buf})
	if err != nil {
		t.Fatal(err)
	}
	firstFrame := make(chan struct{})
	s.Events().Listen(func(e events.Event) {
		if e.Type == events.FirstFrame {
			s.TogglePause() // queued before the clock can move far
			close(firstFrame)
		}
	})
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	<-firstFrame
	s.Seek(10 * time.Second)
	s.SetQuality(1)
	s.TogglePause()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	evs, err := events.Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var order []events.Type
	var seek, end *events.Event
	afterPin := false
	lastDecision := map[int]int{} // segment → rendition, decided after the pin
	shown := -1                   // rendition on screen at the end
	for i, e := range evs {
		switch e.Type {
		case events.Paused, events.Resumed, events.Seek, events.QualityPinned:
			order = append(order, e.Type)
		}
		switch {
		case e.Type == events.Seek:
			seek = &evs[i]
		case e.Type == events.QualityPinned:
			afterPin = true
			if e.Quality != "180p" {
				t.Errorf("quality_set %q, want 180p", e.Quality)
			}
		case e.Type == events.Decision && afterPin:
			// A decision taken just before the pin may be logged after
			// it; it is abandoned and taken again.
			lastDecision[*e.Segment] = *e.Rendition
		case e.Type == events.SwitchApplied && afterPin:
			shown = *e.To
		case e.Type == events.SessionEnd:
			end = &evs[i]
		}
	}
	for seg, r := range lastDecision {
		if r != 0 {
			t.Errorf("segment %d played in rendition %d after pinning 180p", seg, r)
		}
	}
	if shown != 0 {
		t.Errorf("after the pin the screen switched to rendition %d, want 180p (0)", shown)
	}
	want := []events.Type{events.Paused, events.Seek, events.QualityPinned, events.Resumed}
	if len(order) != len(want) {
		t.Fatalf("commands logged %v, want %v", order, want)
	}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("commands logged %v, want %v", order, want)
		}
	}
	// At max speed the clock runs on until the owner loop handles the
	// pause; the seek is +10 s from wherever that left it.
	if seek.FromPos > 2 || seek.Media < seek.FromPos+9.99 || seek.Media > seek.FromPos+10.01 {
		t.Errorf("seek from %.3f to %.3f, want +10 s from under 2 s", seek.FromPos, seek.Media)
	}
	if end == nil || end.Reason != "ended" || end.Media < 19.95 {
		t.Fatalf("session_end %+v, want ended at 20 s", end)
	}
	// Play time: what was played before the seek plus the rest after it.
	wantPlay := seek.FromPos + 20 - seek.Media
	if st := s.Summary(); st.PlayTime < wantPlay-0.05 || st.PlayTime > wantPlay+0.05 {
		t.Errorf("play time %.3f s, want %.3f (before the seek + after it)", st.PlayTime, wantPlay)
	}
}
