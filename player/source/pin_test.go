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

// pinObserver records like recorder and calls onDecision after each
// decision (from the Run goroutine).
type pinObserver struct {
	recorder
	onDecision func(i int, d abr.Decision)
}

func (o *pinObserver) Decision(i int, d abr.Decision, s abr.Snapshot, pinned bool) {
	o.recorder.Decision(i, d, s, pinned)
	if o.onDecision != nil {
		o.onDecision(i, d)
	}
}

// A viewer who pins a quality while a segment is coming in another one
// sees the pin from that segment on: the download is abandoned (its bytes
// count as data used but not as a network measurement) and the segment
// fetched again pinned. Going back to auto keeps what is coming.
func TestControllerPinAbandonsTheDownloadInFlight(t *testing.T) {
	for _, tc := range []struct {
		name        string
		pinFirst    int // before Run; -1 = auto
		pinTo       int // 300 ms into segment 0's download
		wantAborts  string
		wantVariant int // of segment 0
	}{
		{name: "to another rendition", pinFirst: -1, pinTo: 1, wantAborts: "0/5→1", wantVariant: 1},
		{name: "back to auto", pinFirst: 5, pinTo: -1, wantAborts: "", wantVariant: 5},
		{name: "to the same rendition", pinFirst: -1, pinTo: 5, wantAborts: "", wantVariant: 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := newLadder(t, 1, 2*time.Second, false)
			l.slow[5] = 8e6 // 1080p's 2 s segment takes 1.1 s
			ctx := testContext(t)
			f := testFetcher()
			p, err := Open(ctx, f, l.srv.URL+"/master.m3u8")
			if err != nil {
				t.Fatal(err)
			}
			obs := &pinObserver{}
			c := NewController(p, f, Config{Strategy: abr.NewFixed(5), Observer: obs, Logger: slog.New(slog.DiscardHandler)})
			c.Pin(tc.pinFirst)
			obs.onDecision = func(i int, _ abr.Decision) {
				if i == 0 && len(obs.variants()) == 1 {
					time.AfterFunc(300*time.Millisecond, func() { c.Pin(tc.pinTo) })
				}
			}
			start := time.Now()
			runErr := make(chan error, 1)
			go func() { runErr <- c.Run(ctx) }()
			s, err := c.Next(ctx)
			if err != nil {
				t.Fatal(err)
			}
			took := time.Since(start)
			for err == nil {
				_, err = c.Next(ctx)
			}
			if err != io.EOF || <-runErr != nil {
				t.Fatalf("end: %v", err)
			}
			if s.Variant != tc.wantVariant {
				t.Errorf("segment 0 in rendition %d, want %d", s.Variant, tc.wantVariant)
			}
			if got := strings.Join(obs.aborts, " "); got != tc.wantAborts {
				t.Fatalf("aborts %q, want %q", got, tc.wantAborts)
			}
			for _, smp := range c.Samples() {
				if smp.Aborted || smp.Variant != tc.wantVariant {
					t.Errorf("sample %+v: only the kept downloads measure the network", smp)
				}
			}
			if tc.wantAborts == "" {
				return
			}
			if !errors.Is(obs.abortErrs[0], ErrPinMoved) || obs.wasted[0].Bytes <= 0 {
				t.Errorf("abort: %v, %d bytes", obs.abortErrs[0], obs.wasted[0].Bytes)
			}
			if c.DataUsed() != obs.wasted[0].Bytes+int64(l.segSize(1)) {
				t.Errorf("data used %d: the abandoned bytes (%d) are not counted", c.DataUsed(), obs.wasted[0].Bytes)
			}
			// Segment 0 is decided again, pinned, right away.
			if v := obs.variants(); len(v) != 2 || v[0] != 5 || v[1] != 1 || obs.segs[1] != 0 || !obs.pinned[1] {
				t.Errorf("decisions %v for segments %v, want 5 then 1 for segment 0", v, obs.segs)
			}
			if took > 1000*time.Millisecond {
				t.Errorf("segment 0 after %v: the 1080p download was not cut", took)
			}
		})
	}
}
