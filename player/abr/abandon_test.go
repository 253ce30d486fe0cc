package abr

import (
	"testing"
	"time"
)

// Sequences of progress samples of one download → the first sample at
// which the rule abandons it (-1: never).
func TestShouldAbandonSequences(t *testing.T) {
	const (
		ms   = time.Millisecond
		s    = time.Second
		mb   = int64(1_000_000)
		five = 5 * s
	)
	// at returns the progress of a download of total bytes whose body
	// started at ttfb and comes at bps bytes per second, at each elapsed.
	at := func(ttfb time.Duration, bps float64, total int64, deadline time.Duration, elapsed ...time.Duration) []Progress {
		var ps []Progress
		for _, e := range elapsed {
			p := Progress{Elapsed: e, TTFB: ttfb, Total: total, Deadline: deadline}
			if e > ttfb {
				p.Received = min(int64(bps*(e-ttfb).Seconds()), total)
			}
			ps = append(ps, p)
		}
		return ps
	}
	var checks []time.Duration // every 200 ms for 2 s
	for e := 200 * ms; e <= 2*s; e += 200 * ms {
		checks = append(checks, e)
	}
	tests := []struct {
		name string
		seq  []Progress
		want int
	}{
		// 720p's 10 s segment (3.56 MB) under the 5 s startup deadline at
		// 250 KB/s: 14 s projected. The rate is trusted after 500 ms of
		// body (TTFB 100 ms: the 600 ms check), 5% of the bytes (178 KB, at
		// 0.81 s) and 40% of the deadline (2 s): the 2 s check.
		{"doomed HD start", at(100*ms, 250e3, 3_560_000, five, checks...), 9},
		// The same at 1 MB/s: 3.66 s projected, within the deadline.
		{"HD start that makes it", at(100*ms, 1e6, 3_560_000, five, checks...), -1},
		// A rate just too slow (4.95 s + TTFB 0.1 s > 5 s).
		{"just too slow", at(100*ms, 3_560_000/4.95, 3_560_000, five, checks...), 9},
		// A long deadline is judged late: 20 s, judged from 8 s on.
		{"long deadline", at(100*ms, 10e3, 1_000_000, 20*s, s, 2*s, 3*s, 4*s, 5*s, 6*s, 7*s, 8*s, 9*s), 7},
		// Just fast enough: 4.85 s + 0.1 s.
		{"just fast enough", at(100*ms, 3_560_000/4.85, 3_560_000, five, checks...), -1},
		// No deadline: never, however slow.
		{"no deadline", at(100*ms, 10e3, mb, 0, checks...), -1},
		// Size unknown (no Content-Length, no known size): no projection.
		{"size unknown", at(100*ms, 10e3, 0, five, checks...), -1},
		// A long TTFB: no body yet at any check, then too little body time.
		{"waiting for the first byte", at(1100*ms, 10e3, mb, five, checks...), -1},
		// Body fast at first, then the link stalls: the rate over the body
		// so far falls until the projection passes the deadline.
		{"link collapses mid-body", []Progress{
			{Elapsed: 600 * ms, TTFB: 100 * ms, Received: 400_000, Total: mb, Deadline: 3 * s},  // 1.35 s projected
			{Elapsed: 1000 * ms, TTFB: 100 * ms, Received: 450_000, Total: mb, Deadline: 3 * s}, // 2.1 s
			{Elapsed: 1400 * ms, TTFB: 100 * ms, Received: 450_000, Total: mb, Deadline: 3 * s}, // 3.0 s: equal is kept
			{Elapsed: 1800 * ms, TTFB: 100 * ms, Received: 450_000, Total: mb, Deadline: 3 * s}, // 3.9 s
		}, 3},
		// A slow start (ramping up) before the share threshold is not
		// judged, then the rate recovers.
		{"slow first bytes", []Progress{
			{Elapsed: 700 * ms, TTFB: 100 * ms, Received: 40_000, Total: mb, Deadline: 3 * s},  // 4% in: not judged
			{Elapsed: 900 * ms, TTFB: 100 * ms, Received: 400_000, Total: mb, Deadline: 3 * s}, // 2.1 s
		}, -1},
		// Complete, or past the deadline (the deadline's own business).
		{"complete", []Progress{{Elapsed: 2 * s, TTFB: 100 * ms, Received: mb, Total: mb, Deadline: s}}, -1},
		{"past the deadline", []Progress{{Elapsed: 3 * s, TTFB: 100 * ms, Received: 1000, Total: mb, Deadline: 3 * s}}, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := -1
			for i, p := range tc.seq {
				if ShouldAbandon(p) {
					got = i
					break
				}
			}
			if got != tc.want {
				t.Fatalf("abandoned at sample %d, want %d (%+v)", got, tc.want, tc.seq)
			}
		})
	}
}

func TestAbandonReason(t *testing.T) {
	p := Progress{Elapsed: 1200 * time.Millisecond, TTFB: 200 * time.Millisecond, Received: 310_000, Total: 1_000_000,
		Deadline: 5 * time.Second}
	// 690 KB left at 310 KB/s: 2.23 s more.
	if got, want := AbandonReason(p), "projected 3.43s > deadline 5.00s after 1.2s, 31% in"; got != want {
		t.Fatalf("%q, want %q", got, want)
	}
}

// AbandonAt checks at every AbandonCheckInterval, as the player does.
func TestAbandonAt(t *testing.T) {
	const ms = time.Millisecond
	linear := func(ttfb time.Duration, bps float64) func(time.Duration) int64 {
		return func(e time.Duration) int64 { return int64(bps * (e - ttfb).Seconds()) }
	}
	tests := []struct {
		name                string
		ttfb, end, deadline time.Duration
		total               int64
		received            func(time.Duration) int64
		want                time.Duration // elapsed at the abandon, 0 = none
	}{
		{"doomed HD start", 100 * ms, 14340 * ms, 5000 * ms, 3_560_000, linear(100*ms, 250e3), 2000 * ms},
		{"makes it", 100 * ms, 3660 * ms, 5000 * ms, 3_560_000, linear(100*ms, 1e6), 0},
		{"no deadline", 100 * ms, 14340 * ms, 0, 3_560_000, linear(100*ms, 250e3), 0},
		// A stall after 300 KB: the projection crosses 3 s at 1.0 s, judged
		// from 1.2 s (40% of the deadline) on.
		{"collapse", 100 * ms, 60 * time.Second, 3000 * ms, 1_000_000, func(e time.Duration) int64 {
			return min(int64(1e6*(e-100*ms).Seconds()), 300_000)
		}, 1200 * ms},
		// Only checkpoints before the deadline count.
		{"deadline before any trusted check", 100 * ms, 14340 * ms, 600 * ms, 3_560_000, linear(100*ms, 250e3), 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, ok := AbandonAt(tc.ttfb, tc.end, tc.deadline, tc.total, tc.received)
			switch {
			case tc.want == 0 && ok:
				t.Fatalf("abandoned at %+v, want never", p)
			case tc.want != 0 && (!ok || p.Elapsed != tc.want):
				t.Fatalf("abandoned %v at %+v, want at %v", ok, p, tc.want)
			case ok && (p.Received != min(tc.received(p.Elapsed), tc.total) || p.Deadline != tc.deadline):
				t.Fatalf("progress %+v", p)
			}
		})
	}
}
