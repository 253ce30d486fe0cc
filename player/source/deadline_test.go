package source

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"smartplay/player/abr"
)

// A missed deadline aborts the download, reports the bytes wasted, and
// refetches the same segment at once at the rendition the aborted
// attempt's rate allows within the remaining buffer, with no deadline of
// its own (the refetches here take longer than the deadline and finish).
// Here the rate says so within 0.6 s, before the deadline: the
// abandonment rule cuts them ahead of it (TestControllerAbandonsEarly).
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
		early := strings.Contains(e.Error(), "projected") // else cut at the deadline
		if !errors.Is(e, ErrDeadlineMissed) || !w.Aborted || w.Bytes <= 0 || w.Bytes >= int64(l.segSize(5)) ||
			early != (w.Duration < deadline) {
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
