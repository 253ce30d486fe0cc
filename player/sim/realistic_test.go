package sim

import (
	"testing"
	"time"

	"smartplay/player/abr"
)

// scripted answers decisions from a list (the last one repeats) and keeps
// every snapshot and observed sample.
type scripted struct {
	decisions []abr.Decision
	snaps     []abr.Snapshot
	observed  []abr.Sample
}

func (s *scripted) Name() string { return "scripted" }

func (s *scripted) Decide(snap abr.Snapshot) abr.Decision {
	s.snaps = append(s.snaps, snap)
	i := min(len(s.snaps)-1, len(s.decisions)-1)
	return s.decisions[i]
}

func (s *scripted) Observe(x abr.Sample) { s.observed = append(s.observed, x) }

// testVideo has two rungs (1 and 4 Mbit/s, 360p and 720p) of n segments of
// 10 s, with the given sizes per rung.
func testVideo(n int, low, high int64) *Video {
	v := &Video{Name: "test", Segments: n, SegmentDuration: 10 * time.Second,
		Variants: []abr.Variant{{Bandwidth: 1_000_000, Height: 360}, {Bandwidth: 4_000_000, Height: 720}}}
	v.Sizes = make([][]int64, 2)
	for range n {
		v.Sizes[0] = append(v.Sizes[0], low)
		v.Sizes[1] = append(v.Sizes[1], high)
	}
	return v
}

// rows builds a trace from (end time s, Mbit/s) pairs after a row at 0.
func rows(pairs ...float64) *Trace {
	t := &Trace{Name: "rows", Time: []float64{0}, Mbps: []float64{0}}
	for i := 0; i < len(pairs); i += 2 {
		t.Time = append(t.Time, pairs[i])
		t.Mbps = append(t.Mbps, pairs[i+1])
	}
	return t
}

// cfg100ms: 100 ms RTT, 1000-byte playlists; on an 8 Mbit/s (1 MB/s)
// link the master takes 0.101 s and the two media playlists 0.102 s, so
// the first segment is requested at 0.203 s.
var cfg100ms = RealisticConfig{RTT: 100 * time.Millisecond, PlaylistBytes: 1000}

func TestRealisticSteadyLink(t *testing.T) {
	st := &scripted{decisions: []abr.Decision{{Variant: 0}}}
	s, err := RunRealistic(st, rows(1000, 8), testVideo(3, 1_000_000, 4_000_000), cfg100ms, 0)
	if err != nil {
		t.Fatal(err)
	}
	// Each 1 MB segment: 0.1 s RTT + 1 s of link. Seg 0 lands at 1.303 s.
	wantBefore := []float64{0, 10, 18.9}
	wantAfter := []float64{10, 18.9, 27.8}
	for i, c := range s.Chunks {
		if !near(c.Delay, 1100, 1e-6) || !near(c.BufferBefore, wantBefore[i], 1e-9) || !near(c.Buffer, wantAfter[i], 1e-9) {
			t.Errorf("chunk %d: delay %v ms, buffer %v → %v; want 1100, %v → %v", i, c.Delay, c.BufferBefore, c.Buffer, wantBefore[i], wantAfter[i])
		}
	}
	if !near(s.Startup, 1.303, 1e-9) || s.Stalls != 0 || !near(s.Chunks[0].Rebuffer, 1.303, 1e-9) {
		t.Errorf("startup %v, stalls %d, chunk 0 rebuffer %v; want 1.303, 0, 1.303", s.Startup, s.Stalls, s.Chunks[0].Rebuffer)
	}
	if want := 1 - 4.3*1.303; !near(s.Chunks[0].Reward, want, 1e-9) || !near(s.Chunks[1].Reward, 1, 1e-12) {
		t.Errorf("rewards %v, %v; want %v, 1", s.Chunks[0].Reward, s.Chunks[1].Reward, want)
	}
	// What the strategy saw.
	first, second := st.snaps[0], st.snaps[1]
	if first.Playing || first.Current != -1 || len(first.Samples) != 0 || first.SegmentCount != 3 || first.MaxBuffer != DefaultMaxBuffer {
		t.Errorf("first snapshot %+v", first)
	}
	if first.Network.RTT < 100*time.Millisecond || first.Network.RTT > 101*time.Millisecond {
		t.Errorf("network RTT hint %v, want the master playlist's ~100 ms", first.Network.RTT)
	}
	// Playlists: 3 × 1000 bytes over 0.101 s + 2 × 0.102 s.
	if want := 3000 * 8 / 0.305; !near(first.Network.Throughput, want, 1e-6) || second.DataUsed != 1_000_000 || first.DataUsed != 0 {
		t.Errorf("playlist throughput %v (want %v), data used %d then %d", first.Network.Throughput, want, first.DataUsed, second.DataUsed)
	}
	if first.NextSizes != nil {
		t.Errorf("sizes shown without KnownSizes: %v", first.NextSizes)
	}
	if !second.Playing || second.Current != 0 || len(second.Samples) != 1 || second.Now != 1303*time.Millisecond {
		t.Errorf("second snapshot: playing %v current %d samples %d now %v", second.Playing, second.Current, len(second.Samples), second.Now)
	}
	if smp := second.Samples[0]; smp.Bytes != 1_000_000 || smp.Duration != 1100*time.Millisecond || smp.TTFB < 100*time.Millisecond || smp.TTFB > 101*time.Millisecond {
		t.Errorf("sample %+v", smp)
	}
	if len(st.observed) != 3 {
		t.Errorf("observed %d samples, want 3", len(st.observed))
	}
}

func TestRealisticStall(t *testing.T) {
	// 8 Mbit/s until 12 s, nothing until 40 s, then 8 Mbit/s again; 4 MB
	// segments take 4.1 s. Seg 0 lands at 4.303 (startup), seg 1 at 8.403,
	// seg 2 gets 3.497 MB by 12 s and the rest after 40 s: 40.503. The
	// playhead runs dry at 4.303 + 20 = 24.303: a 16.2 s stall.
	st := &scripted{decisions: []abr.Decision{{Variant: 0}}}
	s, err := RunRealistic(st, rows(12, 8, 40, 0, 1000, 8), testVideo(4, 4_000_000, 8_000_000), cfg100ms, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !near(s.Startup, 4.303, 1e-9) || s.Stalls != 1 || !near(s.StallTime, 16.2, 1e-9) {
		t.Fatalf("startup %v, %d stalls %v s; want 4.303, 1, 16.2", s.Startup, s.Stalls, s.StallTime)
	}
	if !near(s.Chunks[2].Rebuffer, 16.2, 1e-9) || s.Chunks[3].Rebuffer != 0 || s.Chunks[1].Rebuffer != 0 {
		t.Errorf("rebuffer per chunk %v %v %v", s.Chunks[1].Rebuffer, s.Chunks[2].Rebuffer, s.Chunks[3].Rebuffer)
	}
	if st.snaps[3].Playing != true || !near(st.snaps[3].Buffer.Seconds(), 10, 1e-9) {
		t.Errorf("after the stall: playing %v buffer %v", st.snaps[3].Playing, st.snaps[3].Buffer)
	}
	// The same session starting 40 s into the trace never stalls.
	s2, _ := RunRealistic(&scripted{decisions: []abr.Decision{{Variant: 0}}}, rows(12, 8, 40, 0, 1000, 8), testVideo(4, 4_000_000, 8_000_000), cfg100ms, 40)
	if s2.Stalls != 0 || !near(s2.Startup, 4.303, 1e-9) || s2.Offset != 40 {
		t.Errorf("offset 40: %d stalls, startup %v", s2.Stalls, s2.Startup)
	}
}

func TestRealisticDeadlineMiss(t *testing.T) {
	for _, tc := range []struct {
		name     string
		deadline time.Duration
		cut      time.Duration // request → abort
		wasted   int64
	}{
		// Rung 1 (4 MB) with a 2 s deadline on a 1 MB/s link (the first
		// 0.1 s is the RTT): 4.1 s projected. The player's abandonment rule
		// trusts the rate at its 0.8 s checkpoint (0.5 s of body, 40% of
		// the deadline) and abandons it there, 0.7 MB in.
		{"abandoned ahead of the deadline", 2 * time.Second, 800 * time.Millisecond, 700_000},
		// With a 0.6 s deadline the rule never trusts the rate in time
		// (checkpoints at 0.2 and 0.4 s): cut at the deadline, 0.5 MB in.
		{"cut at the deadline", 600 * time.Millisecond, 600 * time.Millisecond, 500_000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Either way rung 0 (1 MB) is fetched at once without a
			// deadline: 1.1 s more.
			st := &scripted{decisions: []abr.Decision{{Variant: 1, Deadline: tc.deadline}, {Variant: 0}}}
			s, err := RunRealistic(st, rows(1000, 8), testVideo(2, 1_000_000, 4_000_000), cfg100ms, 0)
			if err != nil {
				t.Fatal(err)
			}
			c := s.Chunks[0]
			if c.Decided != 1 || c.Variant != 0 || c.Aborts != 1 || c.Wasted != tc.wasted || !near(c.Delay, 1100, 1e-6) {
				t.Fatalf("chunk 0: %+v", c)
			}
			if want := 0.203 + tc.cut.Seconds() + 1.1; !near(s.Startup, want, 1e-9) {
				t.Errorf("startup %v, want %v", s.Startup, want)
			}
			if len(st.observed) != 3 || !st.observed[0].Aborted || st.observed[0].Bytes != tc.wasted ||
				st.observed[0].Duration != tc.cut || st.observed[1].Aborted {
				t.Errorf("observed %+v", st.observed)
			}
			if m := s.Metrics(); m.Aborts != 1 || m.WastedBytes != tc.wasted {
				t.Errorf("metrics aborts %d wasted %d", m.Aborts, m.WastedBytes)
			}
		})
	}
	// A deadline on the lowest rung is ignored: nothing lower to fall to.
	st2 := &scripted{decisions: []abr.Decision{{Variant: 0, Deadline: time.Millisecond}}}
	s2, _ := RunRealistic(st2, rows(1000, 8), testVideo(2, 1_000_000, 4_000_000), cfg100ms, 0)
	if s2.Chunks[0].Aborts != 0 {
		t.Errorf("the lowest rung was aborted: %+v", s2.Chunks[0])
	}
}

func TestRealisticEmergencyRendition(t *testing.T) {
	// Three rungs (1, 2, 4 Mbit/s): three media playlists, so segment 0
	// (rung 0) is requested at 0.204 s and lands at 1.304 s. Segment 1 at
	// rung 2 (4 MB) with a 2 s deadline is abandoned at 2.104 s (0.8 s in:
	// 4.1 s projected) after 0.7 MB (7 Mbit/s) with 9.2 s buffered: rung 1
	// (20 Mbit by its bitrate: 2.9 s) fits in 9.2 s / 1.5, so it is
	// refetched there, 2 MB in 2.1 s, without a deadline.
	v := &Video{Name: "three", Segments: 3, SegmentDuration: 10 * time.Second,
		Variants: []abr.Variant{{Bandwidth: 1e6, Height: 360}, {Bandwidth: 2e6, Height: 540}, {Bandwidth: 4e6, Height: 720}},
		Sizes:    [][]int64{{1e6, 1e6, 1e6}, {2e6, 2e6, 2e6}, {4e6, 4e6, 4e6}}}
	st := &scripted{decisions: []abr.Decision{{Variant: 0}, {Variant: 2, Deadline: 2 * time.Second}, {Variant: 0}}}
	s, err := RunRealistic(st, rows(1000, 8), v, cfg100ms, 0)
	if err != nil {
		t.Fatal(err)
	}
	c := s.Chunks[1]
	if c.Decided != 2 || c.Variant != 1 || c.Aborts != 1 || c.Wasted != 700_000 || !near(c.Delay, 2100, 1e-6) {
		t.Fatalf("chunk 1: %+v", c)
	}
	if !near(st.snaps[2].Now.Seconds(), 4.204, 1e-9) || s.Stalls != 0 {
		t.Errorf("segment 2 decided at %v, %d stalls; want 4.204 s, none", st.snaps[2].Now, s.Stalls)
	}
}

func TestRealisticBufferLimit(t *testing.T) {
	// On a fast link the player fetches ahead until the buffer holds
	// MaxBuffer − one segment (20 s), then one segment per 10 s.
	st := &scripted{decisions: []abr.Decision{{Variant: 0}}}
	s, err := RunRealistic(st, rows(10000, 1000), testVideo(8, 100_000, 400_000), RealisticConfig{RTT: -1, KnownSizes: true}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range s.Chunks {
		if c.BufferBefore > 20+1e-9 {
			t.Errorf("chunk %d decided with %.3f s buffered, above 20 s", i, c.BufferBefore)
		}
	}
	if !near(s.Chunks[7].BufferBefore, 20, 1e-3) {
		t.Errorf("steady state buffer %v, want 20 s", s.Chunks[7].BufferBefore)
	}
	if gap := st.snaps[7].Now - st.snaps[6].Now; gap < 9990*time.Millisecond || gap > 10*time.Second {
		t.Errorf("decisions %v apart in steady state, want ~10 s", gap)
	}
	if got := st.snaps[6].NextSizes; len(got) != 2 || len(got[1]) != 2 || got[1][0] != 400_000 {
		t.Errorf("KnownSizes: NextSizes %v, want the two remaining sizes per rung", got)
	}
	if got := st.snaps[0].NextSizes[0]; len(got) != 5 {
		t.Errorf("NextSizes shows %d ahead, want 5", len(got))
	}
}
