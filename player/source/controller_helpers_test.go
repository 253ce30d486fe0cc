package source

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	"smartplay/player/abr"
	"smartplay/player/media"
)

// recorder is an Observer that keeps everything.
type recorder struct {
	mu        sync.Mutex
	decisions []abr.Decision
	snaps     []abr.Snapshot
	segs      []int // segment of each decision
	downloads []string
	errs      []error
	errAt     []string
	pinned    []bool
	aborts    []string // segment/rendition→refetch rendition
	abortErrs []error
	wasted    []abr.Sample
}

func (r *recorder) Decision(i int, d abr.Decision, s abr.Snapshot, pinned bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.decisions, r.snaps, r.segs = append(r.decisions, d), append(r.snaps, s), append(r.segs, i)
	r.pinned = append(r.pinned, pinned)
}

func (r *recorder) Aborted(i, v int, s abr.Sample, url string, to int, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.aborts = append(r.aborts, fmt.Sprintf("%d/%d→%d", i, v, to))
	r.abortErrs, r.wasted = append(r.abortErrs, err), append(r.wasted, s)
}

func (r *recorder) Downloaded(i, v int, s abr.Sample, url string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.downloads = append(r.downloads, fmt.Sprintf("%d/%d", i, v))
}

func (r *recorder) Retry(int, int, string, int, error) {}

func (r *recorder) Error(i, v int, url string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs, r.errAt = append(r.errs, err), append(r.errAt, fmt.Sprintf("%d/%d", i, v))
}

func (r *recorder) variants() []int {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []int
	for _, d := range r.decisions {
		out = append(out, d.Variant)
	}
	return out
}

// play opens the ladder, runs the controller and consumes every segment
// as fast as it comes; onSegment (optional) runs after each Next.
func play(t *testing.T, l *ladder, cfg Config, onSegment func(c *Controller, s *media.Segment)) ([]*media.Segment, *Controller, error) {
	t.Helper()
	ctx := testContext(t)
	f := testFetcher()
	p, err := Open(ctx, f, l.srv.URL+"/master.m3u8")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	c := NewController(p, f, cfg)
	runErr := make(chan error, 1)
	go func() { runErr <- c.Run(ctx) }()
	var segs []*media.Segment
	for {
		s, err := c.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			<-runErr
			return segs, c, err
		}
		segs = append(segs, s)
		if onSegment != nil {
			onSegment(c, s)
		}
	}
	if _, err := c.Next(ctx); err != io.EOF {
		t.Fatalf("Next after the end: %v, want io.EOF", err)
	}
	return segs, c, <-runErr
}

// checkOrder asserts segments first…n-1 arrived once each, in order, with
// the bytes of the rendition they claim and continuous timestamps.
func checkOrder(t *testing.T, l *ladder, segs []*media.Segment, first int) {
	t.Helper()
	if len(segs) != l.n-first {
		t.Fatalf("%d segments, want %d", len(segs), l.n-first)
	}
	for k, s := range segs {
		i := first + k
		want := l.segData(s.Variant, i)
		if s.Index != i || !bytes.Equal(s.Data, want) {
			t.Fatalf("segment %d: index %d, data %q…, want %q…", i, s.Index, s.Data[:8], want[:8])
		}
		if s.Start != time.Duration(i)*l.segDur || s.Duration != l.segDur || s.Last != (i == l.n-1) {
			t.Fatalf("segment %d: start %v duration %v last %v", i, s.Start, s.Duration, s.Last)
		}
		if l.fmp4 && !bytes.Equal(s.Init, l.initData(s.Variant)) {
			t.Fatalf("segment %d: init %q", i, s.Init)
		}
		if !l.fmp4 && s.Init != nil {
			t.Fatalf("segment %d: init section for TS", i)
		}
	}
}
