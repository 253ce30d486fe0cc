package session

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"smartplay/player/abr"
	"smartplay/player/events"
	"smartplay/player/qoe"
)

// firstInputs returns the inputs of the log's first decision.
func firstInputs(t *testing.T, evs []events.Event) Inputs {
	t.Helper()
	for _, e := range evs {
		if e.Type == events.Decision {
			var in Inputs
			if err := json.Unmarshal(e.Inputs, &in); err != nil {
				t.Fatal(err)
			}
			return in
		}
	}
	t.Fatal("no decision in the log")
	return Inputs{}
}

// The first decision sees the network hint given, the playlist requests'
// latency and rate, and the data policy; a session over the network
// leaves a memory that the next one's first decision sees.
func TestStartupInputsAndSessionMemory(t *testing.T) {
	srv := startOrigin(t, shortLadder, "")
	mem := t.TempDir()
	cfg := Config{Input: srv.URL(), MemoryDir: mem, Network: abr.NetworkHint{Type: abr.NetworkWiFi, Signal: 3},
		CellularCap: 1_500_000, DataBudget: 200e6}
	evs, s := playHeadless(t, cfg)
	in := firstInputs(t, evs)
	if in.Net.Type != "wifi" || in.Net.Signal != 3 || in.Net.RTT < 40e6 || in.Net.Throughput <= 0 || in.Last != nil ||
		in.Cap != 1_500_000 || in.Budget != 200e6 || in.Used != 0 || in.Current != -1 || in.N != 0 {
		t.Fatalf("first decision's inputs %+v", in)
	}
	m, ok, err := LoadMemory(mem, "127.0.0.1", "wifi", time.Now()) // scope: the origin's host
	shown := s.Consumer().Stats().Variant
	if err != nil || !ok || m.Throughput <= 0 || m.Label != s.Labels()[shown] || m.Network != "wifi" {
		t.Fatalf("memory %+v ok %v err %v; on screen at the end %d", m, ok, err, shown)
	}
	// The next session starts from it.
	evs, _ = playHeadless(t, cfg)
	in = firstInputs(t, evs)
	if in.Last == nil || in.Last.Throughput != m.Throughput || in.Last.Variant != shown || in.Last.Age <= 0 {
		t.Fatalf("second session's first inputs: last %+v, want the memory %+v (rendition %d)", in.Last, m, shown)
	}
	// Data used grows with every decision after the first.
	var prev int64 = -1
	for _, e := range evs {
		if e.Type == events.Decision {
			var in Inputs
			json.Unmarshal(e.Inputs, &in)
			if in.Used <= prev {
				t.Fatalf("data used %d after %d", in.Used, prev)
			}
			prev = in.Used
		}
	}
}

// A deadline miss through the emulated origin: segment 1 stalls for good
// after half its body, the download is aborted (logged with the bytes
// wasted) at its deadline or ahead of it, and the same segment comes at
// once, lower; the log replays, the aborted attempt included.
func TestDeadlineMissAbortsAndRefetchesLower(t *testing.T) {
	if testing.Short() {
		t.Skip("plays 10 s in real time")
	}
	t.Parallel() // waits on the clock: overlaps the CPU-bound tests
	srv := startOrigin(t, replayLadder, "stall=60s@seg=1:n=1")
	var buf bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	s, err := Open(ctx, Config{Input: srv.URL(), Strategy: "throughput", Headless: true, Events: &buf})
	if err != nil {
		t.Fatal(err)
	}
	// Segment 2's decision is the last thing to see: quit then.
	s.Events().Listen(func(e events.Event) {
		if e.Type == events.Decision && *e.Segment == 2 {
			s.Quit()
		}
	})
	if err := s.Run(ctx); err != nil {
		t.Fatal(err)
	}
	evs, err := events.Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var dec, abort, refetch *events.Event
	for i, e := range evs {
		switch {
		case e.Type == events.Decision && *e.Segment == 1:
			dec = &evs[i]
		case e.Type == events.DownloadAborted:
			abort = &evs[i]
		case e.Type == events.SegmentDownloaded && *e.Segment == 1:
			refetch = &evs[i]
		}
	}
	if dec == nil || abort == nil || refetch == nil {
		t.Fatalf("decision %v abort %v refetch %v", dec, abort, refetch)
	}
	// Cut at the deadline, or ahead of it once the stalled body's rate
	// projects its end past the deadline (abr.ShouldAbandon).
	early := strings.Contains(abort.Reason, "projected")
	if dec.Deadline <= 0 || *abort.Segment != 1 || *abort.Rendition != *dec.Rendition || abort.WastedBytes <= 0 ||
		!strings.Contains(abort.Reason, "deadline missed") || early != (abort.DownloadTime < dec.Deadline-0.01) {
		t.Fatalf("decision %+v; abort %+v", dec, abort)
	}
	if *refetch.Rendition != *abort.To || *abort.To >= *abort.Rendition {
		t.Fatalf("abort %+v → refetched at %d", abort, *refetch.Rendition)
	}
	// The log replays; segment 2's decision saw the aborted attempt and
	// the refetch.
	fresh, _ := abr.New("throughput")
	rep, err := Replay(evs, fresh)
	if err != nil || len(rep) != 3 || len(rep[2].Samples) != 2 || !rep[2].Samples[0].Aborted ||
		rep[2].Samples[0].Bytes != abort.WastedBytes {
		t.Fatalf("replay %+v, %v", rep, err)
	}
	for _, d := range rep {
		if d.Decision.Variant != d.Variant || d.Decision.Reason != d.Reason || events.Seconds(d.Decision.Deadline) != d.Deadline {
			t.Fatalf("segment %d logged %d %q %v, replayed %+v", d.Segment, d.Variant, d.Reason, d.Deadline, d.Decision)
		}
	}
	var q qoe.Summary
	end := evs[len(evs)-1]
	if err := json.Unmarshal(end.QoE, &q); err != nil || end.Type != events.SessionEnd || end.Reason != "quit" ||
		q.Segments < 1 || q.QoELin == 0 {
		t.Fatalf("last event %+v (QoE %+v)", end, q)
	}
}
