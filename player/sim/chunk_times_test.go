package sim

import (
	"testing"
	"time"

	"smartplay/player/abr"
)

// TestChunkTimesRealistic: Requested and Arrived place each chunk on the
// session's clock (the charts of player/report read them).
func TestChunkTimesRealistic(t *testing.T) {
	// The stall case of TestRealisticStall: seg 0 requested at 0.203 s
	// (after the playlists) lands at 4.303, seg 1 at 8.403, seg 2 at
	// 40.503; seg 3 waits for the buffer to fall to 20 s.
	s, err := RunRealistic(&scripted{decisions: []abr.Decision{{Variant: 0}}}, rows(12, 8, 40, 0, 1000, 8),
		testVideo(4, 4_000_000, 8_000_000), cfg100ms, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]float64{{0.203, 4.303}, {4.303, 8.403}, {8.403, 40.503}, {40.503, 44.603}}
	for i, c := range s.Chunks {
		if !near(c.Requested, want[i][0], 1e-9) || !near(c.Arrived, want[i][1], 1e-9) {
			t.Errorf("chunk %d: requested %v arrived %v, want %v", i, c.Requested, c.Arrived, want[i])
		}
	}
	// With an aborted attempt, Arrived is the refetch's last byte: 0.203 +
	// 0.8 s (abandoned: its rate projects it past the 2 s deadline) + 1.1 s.
	s, err = RunRealistic(&scripted{decisions: []abr.Decision{{Variant: 1, Deadline: 2 * time.Second}, {Variant: 0}}},
		rows(1000, 8), testVideo(2, 1_000_000, 4_000_000), cfg100ms, 0)
	if err != nil {
		t.Fatal(err)
	}
	if c := s.Chunks[0]; !near(c.Requested, 0.203, 1e-9) || !near(c.Arrived, 2.103, 1e-9) {
		t.Errorf("aborted chunk: requested %v arrived %v, want 0.203, 2.103", c.Requested, c.Arrived)
	}
}

func TestChunkTimesPensieve(t *testing.T) {
	s, err := RunPensieve(&scripted{decisions: []abr.Decision{{Variant: 0}}}, rows(1000, 8), Envivio())
	if err != nil {
		t.Fatal(err)
	}
	prev := 0.0
	for i, c := range s.Chunks {
		// Each request starts when the previous chunk landed (plus any
		// sleep above the buffer threshold) and lasts its delay.
		if c.Requested < prev-1e-9 || !near(c.Arrived-c.Requested, c.Delay/1000, 1e-9) {
			t.Fatalf("chunk %d: requested %v after %v, arrived %v, delay %v ms", i, c.Requested, prev, c.Arrived, c.Delay)
		}
		prev = c.Arrived
	}
	if s.Chunks[0].Requested != 0 || !near(s.Chunks[0].Arrived, s.Startup, 1e-9) {
		t.Errorf("chunk 0: requested %v arrived %v, startup %v", s.Chunks[0].Requested, s.Chunks[0].Arrived, s.Startup)
	}
}
