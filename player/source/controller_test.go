package source

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"smartplay/player/abr"
	"smartplay/player/media"
)

func TestControllerFixedEverySegmentOnce(t *testing.T) {
	for _, fmp4 := range []bool{false, true} {
		t.Run(fmt.Sprintf("fmp4=%v", fmp4), func(t *testing.T) {
			l := newLadder(t, 8, time.Second, fmp4)
			rec := &recorder{}
			segs, c, err := play(t, l, Config{Strategy: abr.NewFixed(4), Observer: rec, CellularCap: 1_500_000, DataBudget: 50e6}, nil)
			if err != nil {
				t.Fatal(err)
			}
			checkOrder(t, l, segs, 0)
			for i, s := range segs {
				if s.Variant != 4 || rec.decisions[i].Reason != "fixed 720p" || rec.segs[i] != i {
					t.Fatalf("segment %d: variant %d, decision %+v", i, s.Variant, rec.decisions[i])
				}
			}
			if got := strings.Join(rec.downloads, " "); got != "0/4 1/4 2/4 3/4 4/4 5/4 6/4 7/4" {
				t.Fatalf("downloads %s", got)
			}
			for v := range ladderKbps {
				want := 0
				if v == 4 {
					want = l.n
					if fmp4 {
						want++ // the init section, once
					}
				}
				path := fmt.Sprintf("/v%d/seg", v)
				if fmp4 {
					path = fmt.Sprintf("/v%d/all.mp4", v)
				}
				if n := l.hitsFor(path); n != want {
					t.Fatalf("rung %d fetched %d times, want %d", v, n, want)
				}
			}
			if n := len(c.Samples()); n != l.n {
				t.Fatalf("%d samples", n)
			}
			// Snapshots carry what the controller knew.
			s := rec.snaps[3]
			if s.SegmentIndex != 3 || s.SegmentCount != 8 || s.SegmentDuration != time.Second || len(s.Samples) != 3 ||
				s.Current != 4 || len(s.Variants) != 6 || s.Variants[4].Height != 720 || s.MaxBuffer != DefaultMaxBuffer {
				t.Fatalf("snapshot %+v", s)
			}
			if fmp4 != (s.NextSizes != nil) || (fmp4 && (len(s.NextSizes[5]) != NextSizesAhead || s.NextSizes[5][0] != int64(l.segSize(5)))) {
				t.Fatalf("NextSizes %v", s.NextSizes)
			}
			if rec.snaps[0].Current != -1 || rec.snaps[0].Network.RTT <= 0 {
				t.Fatalf("first snapshot %+v", rec.snaps[0])
			}
			// The playlist requests' rate is the first measure of the link:
			// the master and six media playlists.
			p := c.Presentation()
			wantBytes := len(l.master())
			for v := range ladderKbps {
				wantBytes += len(l.media(v))
			}
			if p.PlaylistBytes != int64(wantBytes) || p.PlaylistTime <= 0 ||
				rec.snaps[0].Network.Throughput != p.PlaylistThroughput() || p.PlaylistThroughput() <= 0 {
				t.Fatalf("playlists %d bytes in %v (want %d bytes); hint %v", p.PlaylistBytes, p.PlaylistTime, wantBytes, rec.snaps[0].Network)
			}
			// The data policy reaches every snapshot; data used grows by
			// each segment (and the init section, once).
			var used int64
			for k, s := range rec.snaps {
				if s.CellularCap != 1_500_000 || s.DataBudget != 50e6 || s.DataUsed != used {
					t.Fatalf("snapshot %d: cap %d budget %d used %d, want used %d", k, s.CellularCap, s.DataBudget, s.DataUsed, used)
				}
				used += int64(l.segSize(4))
				if fmp4 && k == 0 {
					used += int64(len(l.initData(4)))
				}
			}
		})
	}
}

func TestControllerThroughputFastLink(t *testing.T) {
	l := newLadder(t, 6, time.Second, false)
	l.rate.Store(40e6)
	rec := &recorder{}
	segs, _, err := play(t, l, Config{Observer: rec}, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkOrder(t, l, segs, 0)
	got := rec.variants()
	// Before any sample the first request's latency (loopback: well under
	// 50 ms) is the hint.
	if got[0] != 4 || !strings.HasPrefix(rec.decisions[0].Reason, "rtt ") {
		t.Fatalf("first decision %+v", rec.decisions[0])
	}
	for i, v := range got[1:] {
		if v != 5 || !strings.HasPrefix(rec.decisions[i+1].Reason, "est ") || !strings.HasSuffix(rec.decisions[i+1].Reason, "→ 1080p") {
			t.Fatalf("decisions %v; decision %d: %+v", got, i+1, rec.decisions[i+1])
		}
	}
}

func TestControllerThroughputSlowLink(t *testing.T) {
	l := newLadder(t, 8, 500*time.Millisecond, false)
	l.rate.Store(1e6)
	rec := &recorder{}
	segs, c, err := play(t, l, Config{Observer: rec}, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkOrder(t, l, segs, 0)
	got := rec.variants()
	// The loopback RTT hints at a fast link: 720p first (178 kB, 1.4 s at
	// 1 Mbps). With nothing buffered it gets no deadline (an abort would
	// only add a refetch to the wait), so it finishes; once measured the
	// link allows 360p at most.
	if got[0] != 4 || segs[0].Variant != 4 || rec.decisions[0].Deadline != 0 || len(rec.aborts) != 0 {
		t.Fatalf("decisions %v, first %+v, first segment at %d, aborts %v", got, rec.decisions[0], segs[0].Variant, rec.aborts)
	}
	for i := len(got) - 4; i < len(got); i++ {
		if got[i] > 1 || !strings.HasPrefix(rec.decisions[i].Reason, "est ") {
			t.Fatalf("decisions %v; decision %d: %+v", got, i, rec.decisions[i])
		}
	}
	if s := c.Samples()[0]; s.Aborted || s.Variant != 4 || s.Bytes != int64(l.segSize(4)) {
		t.Fatalf("first sample %+v", s)
	}
}

// always is a test strategy: one rendition with one deadline.
type always struct {
	v        int
	deadline time.Duration
}

func (a always) Name() string { return "always" }
func (a always) Decide(abr.Snapshot) abr.Decision {
	return abr.Decision{Variant: a.v, Reason: "test", Deadline: a.deadline}
}

// A missed deadline aborts the download, reports the bytes wasted, and
// refetches the same segment at once at the rendition the aborted
// attempt's rate allows within the remaining buffer, with no deadline of
// its own (the refetches here take longer than the deadline and finish).
func TestControllerDeadlineMissRefetchesLower(t *testing.T) {
	const deadline = 700 * time.Millisecond
	l := newLadder(t, 3, 2*time.Second, false)
	l.rate.Store(2e6) // 1080p's 2 s segment takes 4.3 s
	rec := &recorder{}
	start := time.Now()
	// The playhead stays at 0, so the buffer before segment k is 2k s.
	segs, c, err := play(t, l, Config{Strategy: always{5, deadline}, Observer: rec,
		Position: func() time.Duration { return 0 }}, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkOrder(t, l, segs, 0)
	// Segment 0: no buffer, the lowest. Segment 1: 2 s of buffer, 1.33 s
	// of budget at ~2 Mbps: 360p (0.75 s) or 432p (1.2 s). Segment 2: 4 s,
	// 2.67 s of budget: 576p (1.85 s); 720p would need 2.85 s.
	got := strings.Join(rec.aborts, " ")
	if got != "0/5→0 1/5→1 2/5→3" && got != "0/5→0 1/5→2 2/5→3" {
		t.Fatalf("aborts %s", got)
	}
	for k, s := range segs {
		if want := rec.aborts[k][len(rec.aborts[k])-1] - '0'; s.Variant != int(want) {
			t.Fatalf("segment %d at rung %d, want the refetch's %d", k, s.Variant, want)
		}
	}
	for k, e := range rec.abortErrs {
		w := rec.wasted[k]
		if !errors.Is(e, ErrDeadlineMissed) || !w.Aborted || w.Bytes <= 0 || w.Bytes >= int64(l.segSize(5)) || w.Duration < deadline {
			t.Fatalf("abort %d: %v, sample %+v", k, e, w)
		}
	}
	if len(rec.errs) != 0 {
		t.Fatalf("errors %v: a deadline miss is an abort, not a failure", rec.errs)
	}
	var kinds []string
	for _, s := range c.Samples() {
		kinds = append(kinds, fmt.Sprintf("%d/%d/%v", s.Segment, s.Variant, s.Aborted))
	}
	want := fmt.Sprintf("0/5/true 0/0/false 1/5/true 1/%d/false 2/5/true 2/3/false", segs[1].Variant)
	if got := strings.Join(kinds, " "); got != want {
		t.Fatalf("samples %s, want %s", got, want)
	}
	if n := len(rec.snaps[1].Samples); n != 2 || !rec.snaps[1].Samples[0].Aborted {
		t.Fatalf("second snapshot samples %+v", rec.snaps[1].Samples)
	}
	// Data used counts the wasted bytes too.
	var total int64
	for _, s := range c.Samples() {
		total += s.Bytes
	}
	if c.DataUsed() != total || rec.snaps[2].DataUsed != total-c.Samples()[5].Bytes-c.Samples()[4].Bytes {
		t.Fatalf("data used %d (snapshot 2: %d), samples total %d", c.DataUsed(), rec.snaps[2].DataUsed, total)
	}
	if time.Since(start) > 15*time.Second {
		t.Fatalf("took %v: the slow downloads were not cut", time.Since(start))
	}
}

// The lowest rendition never gets a deadline: there is nothing to fall
// back to, so the download is left to finish.
func TestControllerNoDeadlineAtTheLowest(t *testing.T) {
	l := newLadder(t, 2, time.Second, false)
	l.rate.Store(600e3) // 180p's 1 s segment takes 0.5 s
	rec := &recorder{}
	segs, _, err := play(t, l, Config{Strategy: always{0, 100 * time.Millisecond}, Observer: rec}, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkOrder(t, l, segs, 0)
	if len(rec.aborts) != 0 || len(rec.errs) != 0 {
		t.Fatalf("aborts %v errors %v", rec.aborts, rec.errs)
	}
}

func TestControllerStartAt(t *testing.T) {
	l := newLadder(t, 5, time.Second, false)
	rec := &recorder{}
	segs, _, err := play(t, l, Config{Strategy: abr.NewFixed(1), StartAt: 2500 * time.Millisecond, Observer: rec}, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkOrder(t, l, segs, 2)
	if segs[0].SkipBefore != 2500*time.Millisecond || segs[1].SkipBefore != 0 || rec.snaps[0].SegmentIndex != 2 {
		t.Fatalf("SkipBefore %v, %v; first decision for %d", segs[0].SkipBefore, segs[1].SkipBefore, rec.snaps[0].SegmentIndex)
	}
	segs, _, err = play(t, l, Config{StartAt: time.Hour}, nil)
	if err != nil || len(segs) != 0 {
		t.Fatalf("past the end: %d segments, %v", len(segs), err)
	}
}

func TestControllerPin(t *testing.T) {
	l := newLadder(t, 8, time.Second, false)
	cfg := Config{Strategy: abr.NewFixed(0), MaxBuffer: 2 * time.Second}
	segs, _, err := play(t, l, cfg, func(c *Controller, s *media.Segment) {
		switch s.Index {
		case 2:
			c.Pin(3)
		case 5:
			c.Pin(-1)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	checkOrder(t, l, segs, 0)
	// The pin takes effect at the next decision: segment 3 may already be
	// decided when it is set, segment 4 cannot be (the buffer holds two).
	var got []int
	for _, s := range segs {
		got = append(got, s.Variant)
	}
	if got[0] != 0 || got[1] != 0 || got[2] != 0 || got[4] != 3 || got[5] != 3 || got[7] != 0 {
		t.Fatalf("variants %v", got)
	}
}

func TestControllerFailures(t *testing.T) {
	l := newLadder(t, 4, time.Second, false)
	l.missing["/v3/seg001.ts"] = true
	segs, _, err := play(t, l, Config{Strategy: abr.NewFixed(3)}, nil)
	if err != nil || segs[1].Variant != 2 || segs[2].Variant != 3 {
		t.Fatalf("404 at 576p should fall back to 432p: %v", err)
	}
	for v := 0; v <= 2; v++ {
		l.missing[fmt.Sprintf("/v%d/seg002.ts", v)] = true
	}
	segs, _, err = play(t, l, Config{Strategy: abr.NewFixed(2)}, nil)
	var he *HTTPError
	if !errors.As(err, &he) || len(segs) != 2 || !strings.HasPrefix(err.Error(), "segment 2 (180p) http://") ||
		!strings.HasSuffix(err.Error(), "/v0/seg002.ts: HTTP 404") {
		t.Fatalf("%d segments, err %v", len(segs), err)
	}
}

func TestControllerCancel(t *testing.T) {
	l := newLadder(t, 20, time.Second, false)
	l.rate.Store(100e3)
	ctx, cancel := context.WithCancel(testContext(t))
	f := testFetcher()
	p, err := Open(ctx, f, l.srv.URL+"/master.m3u8")
	if err != nil {
		t.Fatal(err)
	}
	c := NewController(p, f, Config{})
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	time.AfterFunc(100*time.Millisecond, cancel)
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}
	if _, err := c.Next(context.Background()); !errors.Is(err, context.Canceled) {
		t.Fatalf("Next after cancel: %v", err)
	}
}

func TestEmergencyVariant(t *testing.T) {
	var vs []abr.Variant
	for _, k := range ladderKbps {
		vs = append(vs, abr.Variant{Bandwidth: int64(k) * 1100, AverageBandwidth: int64(k) * 1000})
	}
	const seg = 10 * time.Second
	s := time.Second
	rate := func(bps float64) abr.Sample {
		return abr.Sample{Bytes: int64(bps / 8), Duration: time.Second, Aborted: true}
	}
	tests := []struct {
		name   string
		sizes  []int64
		missed int
		smp    abr.Sample
		buffer time.Duration
		want   int
	}{
		{"no buffer: lowest", nil, 5, rate(10e6), 0, 0},
		{"nothing arrived: lowest", nil, 5, abr.Sample{Duration: 3 * s, Aborted: true}, 30 * s, 0},
		// 20 s of buffer, 13.3 s of budget at 2 Mbps: 20 Mbit. 720p's 10 s
		// is 28.5 Mbit, 576p's 18.5.
		{"buffer and rate pick 576p", nil, 5, rate(2e6), 20 * s, 3},
		{"never the missed rung or above", nil, 2, rate(50e6), 30 * s, 1},
		{"missed at the lowest", nil, 0, rate(50e6), 30 * s, 0},
		// Real sizes beat the bitrate: 576p's segment is heavy here (30
		// Mbit), 432p's light.
		{"known sizes", []int64{0, 0, 1_500_000, 3_750_000, 0, 0}, 5, rate(2e6), 20 * s, 2},
		{"missed beyond the ladder", nil, 9, rate(50e6), 30 * s, 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := EmergencyVariant(vs, tc.sizes, tc.missed, tc.smp, tc.buffer, seg); got != tc.want {
				t.Fatalf("EmergencyVariant = %d, want %d", got, tc.want)
			}
		})
	}
}
