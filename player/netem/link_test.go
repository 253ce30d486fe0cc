package netem

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// bursty is a Mahimahi trace of 2 s: 1 s of 4 packets every 2 ms, then
// 1 s of one packet every 3 ms (24 then 4 Mbit/s).
func bursty(t testing.TB) *Trace {
	var b strings.Builder
	for ms := 0; ms < 1000; ms += 2 {
		fmt.Fprintf(&b, "%d\n%d\n%d\n%d\n", ms, ms, ms, ms)
	}
	for ms := 1002; ms <= 2000; ms += 3 {
		fmt.Fprintf(&b, "%d\n", ms)
	}
	tr, err := ParseTrace("bursty", strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

// simulate runs writers that download back to back (each file of size
// bytes after rtt) through l, on exact times with no sleeping, and
// returns the bytes written per 1 s window of the link's time.
func simulate(l *Link, writers int, size int64, rtt, late time.Duration, span time.Duration) []float64 {
	type writer struct {
		next time.Time
		left int64
		busy bool
	}
	// Staggered starts and different sizes, so that the downloads do not
	// all wait for their round trip at once (the link would idle then, as
	// a real one does).
	ws := make([]*writer, writers)
	sizes := make([]int64, writers)
	for i := range ws {
		sizes[i] = size + size*int64(i)*37/100
		ws[i] = &writer{next: t0.Add(rtt + time.Duration(i)*rtt/3), left: sizes[i]}
	}
	windows := make([]float64, int(span/time.Second))
	for {
		var w *writer
		wi := 0
		for i, c := range ws {
			if w == nil || c.next.Before(w.next) {
				w, wi = c, i
			}
		}
		if w.next.Sub(t0) >= span {
			return windows
		}
		n, at := l.Reserve(w.next, w.left, w.busy)
		at = maxTime(at, w.next)
		// Bytes due exactly at a window's end belong to that window.
		if i := int((at.Sub(t0) - 1) / time.Second); i < len(windows) {
			windows[i] += float64(n)
		}
		l.Release(n)
		w.left -= n
		w.busy = true
		w.next = at.Add(late)
		if w.left == 0 { // next file after a round trip
			w.left, w.busy = sizes[wi], false
			w.next = w.next.Add(rtt)
		}
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// The scheduler's own arithmetic, without sockets: with the link kept
// busy by several downloads, every 1 s window carries what the trace
// allows, within 1.5%.
func TestLinkWindowsFollowTheTrace(t *testing.T) {
	hsdpa := mustParse(t, "0 0\n1 1.2\n2 3.5\n3 0.4\n4 2.2\n5 0.9\n6 5.0\n7 0.2\n8 1.7\n")
	for _, c := range []struct {
		name    string
		tr      *Trace
		outages []Outage
		writers int
		size    int64
		late    time.Duration
	}{
		{"0.2 Mbit/s one download", mustTrace(t, 0.2), nil, 1, 1 << 30, 0},
		{"0.2 Mbit/s three", mustTrace(t, 0.2), nil, 3, 40_000, 0},
		{"50 Mbit/s three", mustTrace(t, 50), nil, 3, 3_000_000, 0},
		{"50 Mbit/s late writers", mustTrace(t, 50), nil, 3, 3_000_000, 3 * time.Millisecond},
		{"steps", hsdpa, nil, 4, 500_000, 0},
		{"mahimahi bursts", bursty(t), nil, 4, 800_000, time.Millisecond},
		{"outage", mustTrace(t, 4), []Outage{{At: 3 * time.Second, Length: 2 * time.Second}}, 3, 1_000_000, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := NewLink(t0, c.tr, c.outages...)
			const span = 12 * time.Second
			got := simulate(l, c.writers, c.size, 80*time.Millisecond, c.late, span)
			for i := 1; i < len(got); i++ { // window 0 holds the first RTT
				from, to := t0.Add(time.Duration(i)*time.Second), t0.Add(time.Duration(i+1)*time.Second)
				want := l.Allowed(to) - l.Allowed(from)
				if want == 0 {
					if got[i] != 0 {
						t.Errorf("window %d: %.0f bytes during an outage", i, got[i])
					}
					continue
				}
				if e := math.Abs(got[i]-want) / want; e > 0.015 {
					t.Errorf("window %d: %.0f bytes, trace allows %.0f (%.1f%% off)", i, got[i], want, 100*e)
				}
			}
		})
	}
}

// An idle link banks nothing: after a pause the next chunk takes its
// full link time from now.
func TestLinkIdleBanksNothing(t *testing.T) {
	l := NewLink(t0, mustTrace(t, 8)) // 1 byte/µs
	n, at := l.Reserve(t0.Add(5*time.Second), 1000, false)
	l.Release(n)
	if n != 1000 || at != t0.Add(5*time.Second+time.Millisecond) {
		t.Errorf("after 5 s idle: %d bytes at %v, want 1000 at 5.001s", n, at.Sub(t0))
	}
	// A busy writer that wakes 50 ms late catches up: its chunk (the rest
	// of the 10 ms slot) was due already. One that wakes 1 s late only
	// catches up on maxCatchUp.
	n, at = l.Reserve(t0.Add(5051*time.Millisecond), 1<<20, true)
	l.Release(n)
	if n != 9000 || at != t0.Add(5010*time.Millisecond) {
		t.Errorf("50 ms late: %d bytes due at %v, want 9000 at 5.01s", n, at.Sub(t0))
	}
	n, at = l.Reserve(t0.Add(6*time.Second), 1<<20, true)
	l.Release(n)
	if want := t0.Add(6*time.Second - maxCatchUp + chunkQuantum); n != 10_000 || !at.Equal(want) {
		t.Errorf("late by far: %d bytes due at %v, want at %v", n, at.Sub(t0), want.Sub(t0))
	}
}

func TestLinkChunkSizes(t *testing.T) {
	for _, c := range []struct {
		mbps float64
		want int64
	}{
		{0.1, 375},                    // 125 B a slot: three slots reach minChunkBytes
		{8, 10_000},                   // 10 ms of 1 MB/s
		{unshapedMbps, maxChunkBytes}, // capped
	} {
		l := NewLink(t0, mustTrace(t, c.mbps))
		if n, _ := l.Reserve(t0, 1<<30, false); n != c.want {
			t.Errorf("%v Mbit/s: chunk %d, want %d", c.mbps, n, c.want)
		}
		if n, _ := l.Reserve(t0, 7, false); n != 7 {
			t.Errorf("%v Mbit/s: a 7-byte want got %d", c.mbps, n)
		}
	}
	if l := NewLink(t0, nil); l.Allowed(t0.Add(time.Second)) != unshapedMbps*1e6/8 {
		t.Errorf("unshaped link allows %v B/s", l.Allowed(t0.Add(time.Second)))
	}
}

func mustParse(t testing.TB, text string) *Trace {
	t.Helper()
	tr, err := ParseTrace("test", strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	return tr
}
