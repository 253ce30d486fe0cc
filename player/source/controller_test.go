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
	// Lost on every rendition: skipped (the last resort), the rest plays.
	segs, _, err = play(t, l, Config{Strategy: abr.NewFixed(2)}, nil)
	if err != nil || len(segs) != 3 || segs[1].Index != 1 || segs[2].Index != 3 || !segs[2].Last {
		t.Fatalf("%d segments, err %v; want 0, 1, 3 with segment 2 skipped", len(segs), err)
	}
	// MaxConsecutiveSkips in a row: the content is gone, one clear error.
	for k := 1; k <= MaxConsecutiveSkips; k++ {
		for v := 0; v <= 3; v++ {
			l.missing[fmt.Sprintf("/v%d/seg%03d.ts", v, k)] = true
		}
	}
	segs, _, err = play(t, l, Config{Strategy: abr.NewFixed(2)}, nil)
	var he *HTTPError
	if !errors.As(err, &he) || !errors.Is(err, ErrContentGone) || len(segs) != 1 ||
		!strings.HasPrefix(err.Error(), "content gone (3 segments in a row lost on every rendition): segment 3 (180p) http://") ||
		!strings.HasSuffix(err.Error(), "/v0/seg003.ts: HTTP 404") {
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
