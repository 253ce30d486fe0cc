package source

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"smartplay/player/abr"
)

func TestJitteredBackoff(t *testing.T) {
	for _, c := range []struct {
		backoff time.Duration
		r       float64
		want    time.Duration
	}{
		{time.Second, 0, 500 * time.Millisecond},
		{time.Second, 0.5, 750 * time.Millisecond},
		{time.Second, 0.999, 999500 * time.Microsecond},
		{time.Second, -1, 500 * time.Millisecond},
		{time.Second, 7, time.Second},
		{250 * time.Millisecond, 0.2, 150 * time.Millisecond},
		{0, 0.5, 0},
	} {
		if got := jittered(c.backoff, c.r); got != c.want {
			t.Errorf("jittered(%v, %v) = %v, want %v", c.backoff, c.r, got, c.want)
		}
	}
}

// Retries wait jittered, doubling, bounded waits, and stop after
// MaxAttempts.
func TestFetchRetriesWithJitter(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	draws := []float64{0, 0.5, 0.9, 0.3}
	var k int
	f := NewFetcher(FetcherConfig{Backoff: 2 * time.Millisecond, MaxAttempts: 4,
		Jitter: func() float64 { k++; return draws[k-1] }})
	var waits []time.Duration
	_, err := f.Fetch(testContext(t), Request{URL: srv.URL + "/x.ts",
		OnRetry: func(_ int, _ error, wait time.Duration) { waits = append(waits, wait) }})
	var he *HTTPError
	if !errors.As(err, &he) || he.Status != 503 || hits.Load() != 4 {
		t.Fatalf("err %v after %d requests; want HTTP 503 after 4", err, hits.Load())
	}
	want := []time.Duration{time.Millisecond, 3 * time.Millisecond, 7600 * time.Microsecond}
	if fmt.Sprint(waits) != fmt.Sprint(want) {
		t.Fatalf("waits %v, want %v (backoff 2, 4, 8 ms jittered by 0, 0.5, 0.9)", waits, want)
	}
}

func TestFallbackOrder(t *testing.T) {
	v := func(bw int64, h int) abr.Variant { return abr.Variant{Bandwidth: bw, Height: h, Width: h * 16 / 9} }
	plain := []abr.Variant{v(300, 180), v(750, 360), v(1200, 432), v(2800, 720)}
	// 720p twice (two URIs: redundant streams), 180p twice.
	redundant := []abr.Variant{v(300, 180), v(300, 180), v(750, 360), v(2800, 720), v(2800, 720)}
	for _, c := range []struct {
		name   string
		vs     []abr.Variant
		failed []int
		want   int
	}{
		{"one rung lower", plain, []int{3}, 2},
		{"down the ladder", plain, []int{3, 2, 1}, 0},
		{"lowest failed, nothing else", plain, []int{3, 2, 1, 0}, -1},
		{"started low", plain, []int{1, 0}, -1},
		{"a copy is not a lower rung", redundant, []int{4}, 2},
		{"copies after the lowest", redundant, []int{4, 2, 0}, 1},
		{"then the top's copy", redundant, []int{4, 2, 0, 1}, 3},
		{"all tried", redundant, []int{4, 2, 0, 1, 3}, -1},
		{"pinned to the first copy", redundant, []int{3}, 2},
	} {
		if got := fallback(c.vs, c.failed); got != c.want {
			t.Errorf("%s: fallback after %v = %d, want %d", c.name, c.failed, got, c.want)
		}
	}
}

// recoveryRecorder also records skips and failed reloads.
type recoveryRecorder struct {
	*recorder
	mu      sync.Mutex
	skipped []string // segment: tried renditions
	reloads []int    // attempt of each failed reload
}

func (r *recoveryRecorder) Skipped(i int, tried []int, d time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.skipped = append(r.skipped, fmt.Sprintf("%d:%v %v", i, tried, d))
}

func (r *recoveryRecorder) ReloadFailed(v, attempt int, buffer, wait time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reloads = append(r.reloads, attempt)
}

func TestSkipIsTheLastResort(t *testing.T) {
	l := newLadder(t, 5, time.Second, false)
	for v := 0; v <= 3; v++ {
		l.missing[fmt.Sprintf("/v%d/seg002.ts", v)] = true
	}
	rec := &recoveryRecorder{recorder: &recorder{}}
	segs, _, err := play(t, l, Config{Strategy: abr.NewFixed(3), Observer: rec}, nil)
	var idx []int
	for _, s := range segs {
		idx = append(idx, s.Index)
	}
	if err != nil || fmt.Sprint(idx) != "[0 1 3 4]" || segs[2].Start != 3*time.Second || !segs[3].Last {
		t.Fatalf("segments %v, err %v; want 0 1 3 4 on the playlist's timeline", idx, err)
	}
	if fmt.Sprint(rec.skipped) != "[2:[3 2 1 0] 1s]" || fmt.Sprint(rec.errAt) != "[2/3 2/2 2/1 2/0]" {
		t.Fatalf("skipped %v, errors at %v", rec.skipped, rec.errAt)
	}
	// Every segment lost: one clear error, nothing played.
	l2 := newLadder(t, 2, time.Second, false)
	for k := 0; k < 2; k++ {
		for v := 0; v <= 3; v++ {
			l2.missing[fmt.Sprintf("/v%d/seg%03d.ts", v, k)] = true
		}
	}
	segs, _, err = play(t, l2, Config{Strategy: abr.NewFixed(0)}, nil)
	if !errors.Is(err, ErrContentGone) || len(segs) != 0 || !strings.Contains(err.Error(), "every segment lost") {
		t.Fatalf("%d segments, err %v", len(segs), err)
	}
}

// A live playlist whose reloads fail plays on from the buffer and picks
// up again when they succeed; once the buffer is dry it stops.
func TestLiveReloadFailuresPlayFromTheBuffer(t *testing.T) {
	const segDur = 200 * time.Millisecond
	for _, c := range []struct {
		name     string
		position time.Duration // the playhead: 0 keeps every segment ahead
		wantErr  bool
	}{
		{"buffer lasts", 0, false},
		{"buffer dry", time.Hour, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := newLiveOrigin(t, segDur, 100, 110)
			var failing atomic.Bool
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if failing.Load() && strings.HasSuffix(r.URL.Path, ".m3u8") {
					http.NotFound(w, r)
					return
				}
				o.serve(w, r)
			}))
			defer srv.Close()
			ctx := testContext(t)
			f := testFetcher()
			p, err := Open(ctx, f, srv.URL+"/master.m3u8")
			if err != nil {
				t.Fatal(err)
			}
			rec := &recoveryRecorder{recorder: &recorder{}}
			c2 := NewController(p, f, Config{Strategy: abr.NewFixed(1), Observer: rec, Logger: slog.New(slog.DiscardHandler),
				Position: func() time.Duration { return c.position }})
			failing.Store(true)
			time.AfterFunc(4*segDur, func() { failing.Store(false) })
			runErr := make(chan error, 1)
			go func() { runErr <- c2.Run(ctx) }()
			var got []string
			for {
				s, err := c2.Next(ctx)
				if err != nil {
					break
				}
				name, _, _ := strings.Cut(string(s.Data), "|")
				got = append(got, name)
			}
			err = <-runErr
			rec.mu.Lock()
			defer rec.mu.Unlock()
			if c.wantErr {
				var he *HTTPError
				if !errors.As(err, &he) || !strings.Contains(err.Error(), "the buffer ran dry") {
					t.Fatalf("err %v, want the reload's 404 once the buffer ran dry", err)
				}
				return
			}
			if err != nil || len(rec.reloads) == 0 || len(got) == 0 || got[len(got)-1] != "/hi_110.ts" {
				t.Fatalf("err %v, %d failed reloads, segments %v", err, len(rec.reloads), got)
			}
		})
	}
}

// A rendition whose media playlist fails to load is left out; the others
// play. With none left, Open fails with the first one's error.
func TestVariantFailoverAtOpen(t *testing.T) {
	l := newLadder(t, 2, time.Second, false)
	l.missing["/v2/index.m3u8"] = true
	ctx := testContext(t)
	p, err := Open(ctx, testFetcher(), l.srv.URL+"/master.m3u8")
	if err != nil {
		t.Fatal(err)
	}
	var labels []string
	for i, v := range p.Variants {
		if v.Index != i || v.Media == nil {
			t.Fatalf("variant %d: index %d, media %v", i, v.Index, v.Media != nil)
		}
		labels = append(labels, v.Label)
	}
	var he *HTTPError
	if len(p.Variants) != len(ladderKbps)-1 || len(p.Unavailable) != 1 || !errors.As(p.Unavailable[0].Err, &he) ||
		!strings.HasSuffix(p.Unavailable[0].URI, "/v2/index.m3u8") || slices.Contains(labels, p.Unavailable[0].Label) {
		t.Fatalf("variants %v, unavailable %+v", labels, p.Unavailable)
	}
	for v := range ladderKbps {
		l.missing[fmt.Sprintf("/v%d/index.m3u8", v)] = true
	}
	if _, err := Open(ctx, testFetcher(), l.srv.URL+"/master.m3u8"); !errors.As(err, &he) || !strings.Contains(err.Error(), "variant") {
		t.Fatalf("every playlist missing: %v", err)
	}
}

// A server that trickles bytes never trips the stall timeout; the attempt
// timeout ends each attempt, which is retried, then the request fails.
func TestAttemptTimeout(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Length", "1000")
		for i := 0; i < 1000; i++ {
			if _, err := w.Write([]byte{'x'}); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	}))
	defer srv.Close()
	f := NewFetcher(FetcherConfig{Backoff: time.Millisecond, MaxAttempts: 2, StallTimeout: time.Second,
		AttemptTimeout: 100 * time.Millisecond})
	start := time.Now()
	_, err := f.Fetch(testContext(t), Request{URL: srv.URL + "/slow.ts"})
	if !errors.Is(err, ErrAttemptTimeout) || hits.Load() != 2 || time.Since(start) > 5*time.Second {
		t.Fatalf("err %v after %d attempts in %v", err, hits.Load(), time.Since(start))
	}
}
