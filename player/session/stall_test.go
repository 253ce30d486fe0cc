package session

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"smartplay/assets"
	"smartplay/assets/assetstest"
	"smartplay/player/events"
)

// shortLadder is two segments: enough for a boundary, quick to play.
const shortLadder = 20 * time.Second

// A segment that arrives late makes the player stall at the end of the
// previous one — clock stopped, stall_start — and resume when it is in,
// with the stall's length in stall_end and the QoE; playback then goes on
// to the end from where it stopped.
func TestLateSegmentStallsThenResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("plays 20 s in real time")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	const delay = 13 * time.Second // segment 1 is due at 10 s of play
	url, _ := assetstest.Serve(t, assets.Options{Duration: shortLadder}, func(files http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, "/seg_001.ts") {
				select {
				case <-time.After(delay):
				case <-r.Context().Done():
					return
				}
			}
			files.ServeHTTP(w, r)
		})
	})

	var buf bytes.Buffer
	s, err := Open(ctx, Config{Input: url, Quality: "180p", Headless: true, Events: &buf})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Run(ctx); err != nil {
		t.Fatal(err)
	}
	evs, err := events.Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var start, end, sessionEnd *events.Event
	for i := range evs {
		switch evs[i].Type {
		case events.StallStart:
			start = &evs[i]
		case events.StallEnd:
			end = &evs[i]
		case events.SessionEnd:
			sessionEnd = &evs[i]
		}
	}
	if start == nil || end == nil {
		t.Fatalf("no stall_start/stall_end in the log")
	}
	// The stall starts where segment 0's decoded data ends and lasts until
	// segment 1 is in: ~3 s after 10 s of play (startup adds a little).
	// The video decoder holds the last frames of a segment (its reorder
	// delay, ~0.1 s) until the next segment's packets arrive, so the stall
	// may start up to 0.15 s before the boundary; nothing is skipped.
	if start.Media < 9.85 || start.Media > 10.05 || end.Media < start.Media || end.Media > start.Media+0.05 {
		t.Errorf("stall from %.3f s to %.3f s of media, want both at the 10 s boundary", start.Media, end.Media)
	}
	if end.Duration < 2 || end.Duration > 4.5 {
		t.Errorf("stall lasted %.2f s, want about %v − 10 s", end.Duration, delay)
	}
	if sessionEnd == nil || sessionEnd.Reason != "ended" || sessionEnd.Media < shortLadder.Seconds()-0.05 {
		t.Fatalf("session_end %+v, want ended at %v", sessionEnd, shortLadder)
	}
	if !strings.Contains(string(sessionEnd.QoE), `"stall_count":1`) {
		t.Errorf("QoE %s does not count the stall", sessionEnd.QoE)
	}
}
