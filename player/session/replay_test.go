package session

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync"
	"testing"
	"time"

	"smartplay/assets"
	"smartplay/assets/assetstest"
	"smartplay/assets/traces"
	"smartplay/player/abr"
	"smartplay/player/events"
	"smartplay/player/netem"
)

// replayLadder: three 10 s segments, three decisions per session (the
// first with no sample, the others with one or more).
const replayLadder = 30 * time.Second

// traceScale speeds the shipped 3G bus trace (≈1-3.5 Mbit/s) up forty
// times, so that a session's downloads take a few seconds while the rate
// still moves.
const traceScale = 40

// startOrigin serves the ladder through the emulated origin on the
// default trace, scaled, with an RTT.
func startOrigin(t *testing.T, d time.Duration, faults string) *netem.Server {
	t.Helper()
	dir := assetstest.Dir(t, assets.Options{Duration: d})
	data, err := traces.Read(traces.Default)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := netem.ParseTrace(traces.Default, bytes.NewReader(data))
	if err == nil {
		tr, err = tr.Scaled(traceScale)
	}
	if err != nil {
		t.Fatal(err)
	}
	fs, err := netem.ParseFaults(faults)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := netem.Start(ctx, netem.Config{Dir: dir, Trace: tr, RTT: 40 * time.Millisecond, Faults: fs, Seed: 1})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close(); cancel() })
	return srv
}

// A headless run through the emulated origin, replayed from its event log
// through a fresh strategy of the same name, decides the same, for every
// registered strategy.
func TestReplayEveryStrategy(t *testing.T) {
	t.Parallel() // overlaps the real-time tests
	srv := startOrigin(t, replayLadder, "")
	// The sessions run at once (each has its own link: netem sessions);
	// they wait on their links more than on the CPU.
	names := abr.Names()
	logs := make([][]events.Event, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() { logs[i], errs[i] = playMaxSpeed(Config{Input: srv.URL(), Strategy: name}) })
	}
	wg.Wait()
	for i, name := range names {
		t.Run(name, func(t *testing.T) {
			evs, err := logs[i], errs[i]
			if err != nil {
				t.Fatal(err)
			}
			fresh, err := abr.New(name)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Replay(evs, fresh)
			if err != nil {
				t.Fatal(err)
			}
			var decisions, samples, replayedSamples int
			for _, e := range evs {
				switch e.Type {
				case events.Decision:
					decisions++
				case events.SegmentDownloaded, events.DownloadAborted:
					samples++
				}
			}
			for _, r := range got {
				replayedSamples += len(r.Samples)
				d := r.Decision
				if d.Variant != r.Variant || d.Reason != r.Reason || events.Seconds(d.Deadline) != r.Deadline {
					t.Errorf("segment %d: logged %d %q deadline %v; replayed %d %q %v", r.Segment, r.Variant, r.Reason,
						r.Deadline, d.Variant, d.Reason, d.Deadline)
				}
			}
			if want := int(replayLadder / assets.SegmentDuration); len(got) != want || decisions != want {
				t.Fatalf("%d decisions logged, %d replayed; want %d", decisions, len(got), want)
			}
			// Every sample but those after the last decision was replayed.
			if last := got[len(got)-1]; replayedSamples < samples-2 || replayedSamples > samples || len(last.Snapshot.Samples) == 0 {
				t.Errorf("%d samples replayed of %d logged", replayedSamples, samples)
			}
		})
	}
}

// The inputs of decision events rebuild each Snapshot exactly, samples
// window included, over a sequence of decisions; pinned ones are marked.
func TestDecisionsRebuildSnapshots(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	variants := []abr.Variant{{Bandwidth: 330000, AverageBandwidth: 300000, Width: 320, Height: 180, Codecs: "avc1", FrameRate: 30},
		{Bandwidth: 4730000, AverageBandwidth: 4300000, Width: 1920, Height: 1080, Codecs: "avc1", FrameRate: 29.97}}
	evs := []events.Event{{Type: events.SessionStart, Renditions: renditionsOf(variants)}}
	var all []abr.Sample // what the controller holds
	var snaps []abr.Snapshot
	const window = 4 // a small MaxSamples
	for step := range 12 {
		var fresh []abr.Sample
		for range rng.IntN(3) {
			s := abr.Sample{Variant: rng.IntN(2), Segment: step, Bytes: rng.Int64N(5e6), TTFB: time.Duration(rng.Int64N(1e9)),
				Duration: time.Duration(rng.Int64N(2e10)), Aborted: rng.IntN(4) == 0}
			fresh = append(fresh, s)
			all = append(all, s)
		}
		if len(all) > window {
			all = all[len(all)-window:]
		}
		snap := abr.Snapshot{Now: time.Duration(rng.Int64()), Buffer: time.Duration(rng.Int64N(3e10)), Playing: step%2 == 0,
			Variants: variants, Current: step%2 - 1, SegmentIndex: step, SegmentCount: 12,
			SegmentDuration: 10*time.Second + time.Duration(step), MaxBuffer: 30 * time.Second,
			Network:     abr.NetworkHint{Type: abr.NetworkCellular, Signal: 3, RTT: 1234567, Throughput: rng.Float64() * 1e7},
			Last:        &abr.SessionMemory{Variant: 1, Throughput: 1.0 / 3 * 1e7, Age: 90 * time.Minute},
			CellularCap: 2e6, DataBudget: 3e8, DataUsed: rng.Int64N(1e9)}
		if len(all) > 0 {
			snap.Samples = append([]abr.Sample(nil), all...)
		}
		if step%3 == 0 {
			snap.NextSizes = [][]int64{{1, 2, 3}, {4, 5, 6}}
		}
		snaps = append(snaps, snap)
		evs = append(evs, events.Event{Type: events.Decision, Segment: events.Int(step), Rendition: events.Int(step % 2),
			Inputs: newInputs(snap, fresh, step == 5).marshal()})
	}
	// Through JSON, as a log file would be.
	var buf bytes.Buffer
	log := events.NewLog(&buf, nil)
	for _, e := range evs {
		log.Emit(e)
	}
	read, err := events.Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decisions(read)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(snaps) {
		t.Fatalf("%d decisions, want %d", len(got), len(snaps))
	}
	for i, d := range got {
		if !reflect.DeepEqual(d.Snapshot, snaps[i]) {
			t.Fatalf("decision %d:\n got %+v\nwant %+v", i, d.Snapshot, snaps[i])
		}
		if d.Pinned != (i == 5) || d.Variant != i%2 || d.Segment != i {
			t.Fatalf("decision %d: %+v", i, d)
		}
	}
	if _, err := Decisions([]events.Event{{Type: events.Decision, Segment: events.Int(0), Rendition: events.Int(0)}}); !errors.Is(err, ErrBadLog) {
		t.Fatalf("a decision without inputs: %v, want ErrBadLog", err)
	}
}

// playMaxSpeed plays cfg headless at max speed and returns its event log
// (safe from any goroutine: it reports errors instead of failing a test).
func playMaxSpeed(cfg Config) ([]events.Event, error) {
	var buf bytes.Buffer
	cfg.Events, cfg.Headless, cfg.MaxSpeed = &buf, true, true
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	s, err := Open(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := s.Run(ctx); err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Strategy, err)
	}
	return events.Read(&buf)
}

func renditionsOf(vs []abr.Variant) []events.Rendition {
	var out []events.Rendition
	for i, v := range vs {
		out = append(out, events.Rendition{Index: i, Label: fmt.Sprint(i), Bandwidth: v.Bandwidth, Average: v.AverageBandwidth,
			Width: v.Width, Height: v.Height, Codecs: v.Codecs, FrameRate: v.FrameRate})
	}
	return out
}
