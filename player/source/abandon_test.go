package source

import (
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"smartplay/player/abr"
)

// A download whose rate cannot meet its deadline is abandoned well before
// the deadline, as soon as the abandonment rule trusts the rate (40% of
// the deadline, half a second of body), and the segment is refetched at
// once like after a miss; one whose rate can make it is left alone.
func TestControllerAbandonsEarly(t *testing.T) {
	const deadline = 3 * time.Second
	for _, tc := range []struct {
		name        string
		bps         int64 // the link; 1080p's 2 s segment is 1.075 MB
		wantAborts  string
		wantVariant int
	}{
		// 4.3 s at 2 Mbit/s: projected past 3 s from the first trusted check.
		{"too slow: abandoned early", 2e6, "0/5→0", 0},
		// 2.15 s at 4 Mbit/s: within the deadline all along.
		{"fast enough: kept", 4e6, "", 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := newLadder(t, 1, 2*time.Second, false)
			l.rate.Store(tc.bps)
			rec := &recorder{}
			segs, _, err := play(t, l, Config{Strategy: always{5, deadline}, Observer: rec}, nil)
			if err != nil {
				t.Fatal(err)
			}
			checkOrder(t, l, segs, 0)
			if got := strings.Join(rec.aborts, " "); got != tc.wantAborts {
				t.Fatalf("aborts %q, want %q", got, tc.wantAborts)
			}
			if segs[0].Variant != tc.wantVariant {
				t.Fatalf("segment 0 at rung %d, want %d", segs[0].Variant, tc.wantVariant)
			}
			if tc.wantAborts == "" {
				return
			}
			e, w := rec.abortErrs[0], rec.wasted[0]
			if !errors.Is(e, ErrDeadlineMissed) || !strings.Contains(e.Error(), "projected") ||
				!strings.Contains(e.Error(), "> deadline 3.00s") {
				t.Fatalf("abort error %v: want a projected deadline miss", e)
			}
			// The first trusted check is at 1.2 s (40% of the deadline);
			// up to 2 s leaves room for a loaded machine.
			if !w.Aborted || w.Bytes <= 0 || w.Duration < 1200*time.Millisecond || w.Duration > 2*time.Second {
				t.Fatalf("aborted sample %+v: want cut after 1.2-2 s with bytes in", w)
			}
		})
	}
}

// A pin to another rendition still abandons a download that has a
// deadline (and the abandonment rule watching it) as ErrPinMoved, not as
// a miss: the segment is decided again, pinned, and the cut download is
// no network sample.
func TestControllerPinBeatsAbandonment(t *testing.T) {
	l := newLadder(t, 1, 2*time.Second, false)
	l.rate.Store(2e6) // 1080p: 4.3 s, past the 3 s deadline; the rule trusts its rate from 1.2 s
	ctx := testContext(t)
	f := testFetcher()
	p, err := Open(ctx, f, l.srv.URL+"/master.m3u8")
	if err != nil {
		t.Fatal(err)
	}
	obs := &pinObserver{}
	c := NewController(p, f, Config{Strategy: always{5, 3 * time.Second}, Observer: obs, Logger: slog.New(slog.DiscardHandler)})
	obs.onDecision = func(i int, _ abr.Decision) {
		if i == 0 && len(obs.variants()) == 1 {
			time.AfterFunc(300*time.Millisecond, func() { c.Pin(1) })
		}
	}
	runErr := make(chan error, 1)
	go func() { runErr <- c.Run(ctx) }()
	s, err := c.Next(ctx)
	for err == nil {
		_, err = c.Next(ctx)
	}
	if err != io.EOF || <-runErr != nil {
		t.Fatalf("end: %v", err)
	}
	if s == nil || s.Variant != 1 {
		t.Fatalf("segment 0: %+v, want rendition 1", s)
	}
	if got := strings.Join(obs.aborts, " "); got != "0/5→1" || !errors.Is(obs.abortErrs[0], ErrPinMoved) {
		t.Fatalf("aborts %q (%v), want 0/5→1 by the pin", got, obs.abortErrs)
	}
	if smp := c.Samples(); len(smp) != 1 || smp[0].Aborted || smp[0].Variant != 1 {
		t.Fatalf("samples %+v: only the pinned download measures the network", smp)
	}
}
