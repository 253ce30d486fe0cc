package session

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"testing"
	"time"

	"smartplay/assets"
	"smartplay/assets/assetstest"
	"smartplay/player/events"
	"smartplay/player/qoe"
)

// serveLadder serves the built-in ladder (generated once, cached) from a
// real HTTP server on 127.0.0.1.
func serveLadder(t *testing.T, format assets.Format) string {
	t.Helper()
	url, _ := assetstest.Serve(t, assets.Options{Format: format}, nil)
	return url
}

// playHeadless plays input to the end at max speed and returns the event
// log and the session.
func playHeadless(t *testing.T, cfg Config) ([]events.Event, *Session) {
	t.Helper()
	var buf bytes.Buffer
	cfg.Events, cfg.Headless, cfg.MaxSpeed = &buf, true, true
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	s, err := Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Run(ctx); err != nil {
		t.Fatalf("Run: %v", err)
	}
	evs, err := events.Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	return evs, s
}

func TestBuiltinLadderPlaysSeamlesslyHeadless(t *testing.T) {
	for _, format := range []assets.Format{assets.TS, assets.FMP4} {
		t.Run(string(format), func(t *testing.T) {
			url := serveLadder(t, format)
			evs, s := playHeadless(t, Config{Input: url})
			const segments = int(assets.DefaultDuration / assets.SegmentDuration)
			duration := assets.DefaultDuration.Seconds()

			downloads := map[int]int{}
			var decisions, switches, stalls int
			var end events.Event
			for _, e := range evs {
				switch e.Type {
				case events.SegmentDownloaded:
					downloads[*e.Segment]++
				case events.Decision:
					decisions++
				case events.SwitchApplied:
					switches++
					// A switch takes effect at a segment boundary, never inside a GOP.
					if r := math.Mod(e.Media, assets.SegmentDuration.Seconds()); r > 0.001 && r < 9.999 {
						t.Errorf("switch %d→%d at %.3f s, not at a segment boundary", *e.From, *e.To, e.Media)
					}
				case events.StallStart:
					stalls++
				case events.SessionEnd:
					end = e
				}
			}
			if evs[0].Type != events.SessionStart || len(evs[0].Renditions) != len(assets.Ladder) {
				t.Errorf("first event %+v, want session_start with %d renditions", evs[0], len(assets.Ladder))
			}
			for i := 0; i < segments; i++ {
				if downloads[i] != 1 {
					t.Errorf("segment %d downloaded %d times, want once", i, downloads[i])
				}
			}
			if decisions != segments {
				t.Errorf("%d decisions, want %d (one per segment)", decisions, segments)
			}
			if stalls != 0 {
				t.Errorf("%d stalls on an unshaped loopback link", stalls)
			}
			if end.Reason != "ended" || math.Abs(end.Media-duration) > 0.05 {
				t.Errorf("session_end reason %q at %.3f s, want ended at %.0f s", end.Reason, end.Media, duration)
			}
			var sum qoe.Summary
			if err := json.Unmarshal(end.QoE, &sum); err != nil {
				t.Fatal(err)
			}
			if math.Abs(sum.PlayTime-duration) > 0.05 || sum.StallCount != 0 || sum.Switches != switches {
				t.Errorf("QoE %+v: want play %.0f s, no stall, %d switches", sum, duration, switches)
			}
			// Every frame shown exactly once: 30 fps for the whole duration,
			// none dropped at max speed, and the presenter saw timestamps
			// strictly increase (it fails the session otherwise).
			st := s.Consumer().Stats()
			if want := int64(duration * assets.FrameRate); st.FramesShown != want || st.FramesDropped != 0 {
				t.Errorf("frames shown %d dropped %d, want %d and 0", st.FramesShown, st.FramesDropped, want)
			}
		})
	}
}

func TestPinnedQualityNeverSwitches(t *testing.T) {
	url := serveLadder(t, assets.TS)
	evs, _ := playHeadless(t, Config{Input: url, Quality: "1080p"})
	for _, e := range evs {
		if e.Type == events.Decision && *e.Rendition != len(assets.Ladder)-1 {
			t.Fatalf("pinned 1080p but segment %d decided rendition %d", *e.Segment, *e.Rendition)
		}
		if e.Type == events.SwitchApplied {
			t.Fatalf("pinned quality switched: %+v", e)
		}
	}
}
