package source

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func server(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s
}

func TestFetchTiming(t *testing.T) {
	const headerDelay, bodyDelay = 150 * time.Millisecond, 150 * time.Millisecond
	s := server(t, func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(headerDelay)
		w.Write(bytes.Repeat([]byte("a"), 1000))
		w.(http.Flusher).Flush()
		time.Sleep(bodyDelay)
		w.Write(bytes.Repeat([]byte("b"), 1000))
	})
	d, err := testFetcher().Get(testContext(t), s.URL+"/seg.ts")
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Data) != 2000 || d.Attempts != 1 || d.URL != s.URL+"/seg.ts" {
		t.Fatalf("download %d bytes, %d attempts, %s", len(d.Data), d.Attempts, d.URL)
	}
	if d.TTFB < headerDelay || d.TTFB >= headerDelay+bodyDelay {
		t.Fatalf("TTFB %v, want ≥ %v and < %v", d.TTFB, headerDelay, headerDelay+bodyDelay)
	}
	if d.Duration < headerDelay+bodyDelay {
		t.Fatalf("Duration %v, want ≥ %v", d.Duration, headerDelay+bodyDelay)
	}
}

// TestFetchInjectedClock shows the measurements come from the injected
// clock: one tick at the start, one at the first byte, one at the end.
func TestFetchInjectedClock(t *testing.T) {
	s := server(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "hello") })
	var ticks atomic.Int64
	now := func() time.Time { return time.Unix(1000+ticks.Add(1), 0) }
	f := NewFetcher(FetcherConfig{Now: now})
	d, err := f.Get(testContext(t), s.URL)
	if err != nil {
		t.Fatal(err)
	}
	if d.TTFB != time.Second || d.Duration != 2*time.Second {
		t.Fatalf("TTFB %v, Duration %v; want 1s, 2s", d.TTFB, d.Duration)
	}
}

func TestFetchStatus(t *testing.T) {
	tests := []struct {
		name      string
		failFirst int // requests answered with status before a 200
		status    int
		wantErr   bool
		wantHits  int64
		retries   int
	}{
		{"404 not retried", 99, 404, true, 1, 0},
		{"403 not retried", 99, 403, true, 1, 0},
		{"503 twice then ok", 2, 503, false, 3, 2},
		{"500 always: gives up", 99, 500, true, DefaultMaxAttempts, DefaultMaxAttempts - 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var hits atomic.Int64
			s := server(t, func(w http.ResponseWriter, r *http.Request) {
				if hits.Add(1) <= int64(tc.failFirst) {
					http.Error(w, "no", tc.status)
					return
				}
				fmt.Fprint(w, "ok")
			})
			var retries []int
			d, err := testFetcher().Fetch(testContext(t), Request{URL: s.URL + "/x", OnRetry: func(a int, err error, wait time.Duration) {
				retries = append(retries, a)
			}})
			if hits.Load() != tc.wantHits || len(retries) != tc.retries {
				t.Fatalf("hits %d, retries %v; want %d, %d", hits.Load(), retries, tc.wantHits, tc.retries)
			}
			if !tc.wantErr {
				if err != nil || string(d.Data) != "ok" || d.Attempts != tc.retries+1 {
					t.Fatalf("err %v, download %+v", err, d)
				}
				return
			}
			var he *HTTPError
			if !errors.As(err, &he) || he.Status != tc.status || he.URL != s.URL+"/x" || err.Error() != fmt.Sprintf("HTTP %d", tc.status) {
				t.Fatalf("err %#v, want *HTTPError %d", err, tc.status)
			}
		})
	}
}

func TestFetchNetworkErrorRetried(t *testing.T) {
	var hits atomic.Int64
	s := server(t, func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			c, _, _ := w.(http.Hijacker).Hijack()
			c.Close() // connection dropped before any response
			return
		}
		fmt.Fprint(w, "ok")
	})
	d, err := testFetcher().Get(testContext(t), s.URL)
	if err != nil || string(d.Data) != "ok" || d.Attempts != 2 {
		t.Fatalf("err %v, download %+v", err, d)
	}
	// Nothing listening: retried, then the dial error without the URL.
	f := NewFetcher(FetcherConfig{Backoff: time.Millisecond, MaxAttempts: 2})
	s.Close()
	_, err = f.Get(testContext(t), s.URL)
	if err == nil || !strings.Contains(err.Error(), "connect") || strings.Contains(err.Error(), s.URL) {
		t.Fatalf("err %v", err)
	}
}

func TestFetchLimits(t *testing.T) {
	body := bytes.Repeat([]byte("x"), 100_000)
	s := server(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/chunked" {
			for i := 0; i < 10; i++ { // no Content-Length
				w.Write(body[:10_000])
				w.(http.Flusher).Flush()
			}
			return
		}
		w.Write(body)
	})
	f := testFetcher()
	for _, path := range []string{"/sized", "/chunked"} {
		_, err := f.Fetch(testContext(t), Request{URL: s.URL + path, MaxBytes: 50_000})
		if !errors.Is(err, ErrTooLarge) {
			t.Fatalf("%s: err %v, want ErrTooLarge", path, err)
		}
		d, err := f.Fetch(testContext(t), Request{URL: s.URL + path, MaxBytes: 100_000})
		if err != nil || len(d.Data) != 100_000 {
			t.Fatalf("%s at the limit: %v", path, err)
		}
	}
	if _, err := f.Fetch(testContext(t), Request{URL: "gopher://x/"}); !errors.Is(err, ErrUnsupportedScheme) {
		t.Fatalf("err %v", err)
	}
}

func TestFetchRange(t *testing.T) {
	body := "0123456789abcdefghij"
	o := newOrigin(t, files{"/file.mp4": body})
	ignoring := server(t, func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, body) })
	tests := []struct {
		off, n int64
		want   string
	}{{0, 5, "01234"}, {10, 4, "abcd"}, {15, 0, "fghij"}, {19, 1, "j"}}
	for _, tc := range tests {
		for _, base := range []string{o.url("/file.mp4"), ignoring.URL + "/file.mp4"} {
			d, err := testFetcher().Fetch(testContext(t), Request{URL: base, Offset: tc.off, Length: tc.n})
			if err != nil || string(d.Data) != tc.want {
				t.Fatalf("%s %d@%d: %v %q, want %q", base, tc.n, tc.off, err, d.Data, tc.want)
			}
		}
	}
	if got := o.ranges["/file.mp4"]; strings.Join(got, " ") != "bytes=0-4 bytes=10-13 bytes=15- bytes=19-19" {
		t.Fatalf("Range headers %q", got)
	}
}

func TestFetchRedirects(t *testing.T) {
	var s *httptest.Server
	s = server(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/loop":
			http.Redirect(w, r, "/loop", http.StatusFound)
		case "/moved/master.m3u8":
			http.Redirect(w, r, "/real/master.m3u8", http.StatusMovedPermanently)
		case "/to-file":
			w.Header().Set("Location", "file:///etc/passwd")
			w.WriteHeader(http.StatusFound)
		default:
			fmt.Fprint(w, r.URL.Path)
		}
	})
	f := testFetcher()
	d, err := f.Get(testContext(t), s.URL+"/moved/master.m3u8")
	if err != nil || d.URL != s.URL+"/real/master.m3u8" || string(d.Data) != "/real/master.m3u8" {
		t.Fatalf("redirect: %v %+v", err, d)
	}
	if _, err := f.Get(testContext(t), s.URL+"/loop"); !errors.Is(err, ErrTooManyRedirects) {
		t.Fatalf("loop: %v", err)
	}
	if _, err := f.Get(testContext(t), s.URL+"/to-file"); !errors.Is(err, ErrUnsupportedScheme) {
		t.Fatalf("to file: %v", err)
	}
}

// blocking serves a few bytes, then holds the response open until the
// client goes away.
func blocking(t *testing.T) *httptest.Server {
	return server(t, func(w http.ResponseWriter, r *http.Request) {
		w.Write(bytes.Repeat([]byte("p"), 1000))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
}

func TestFetchCancel(t *testing.T) {
	s := blocking(t)
	ctx, cancel := context.WithCancel(testContext(t))
	time.AfterFunc(50*time.Millisecond, cancel)
	start := time.Now()
	_, err := testFetcher().Get(ctx, s.URL)
	if !errors.Is(err, context.Canceled) || time.Since(start) > 2*time.Second {
		t.Fatalf("err %v after %v", err, time.Since(start))
	}

	// A deadline keeps the partial data for an aborted sample.
	ctx, cancel = context.WithTimeout(testContext(t), 100*time.Millisecond)
	defer cancel()
	d, err := testFetcher().Get(ctx, s.URL)
	if !errors.Is(err, context.DeadlineExceeded) || d == nil || len(d.Data) != 1000 || d.Duration < 100*time.Millisecond {
		t.Fatalf("err %v, download %+v", err, d)
	}
}

func TestFetchStall(t *testing.T) {
	var hits atomic.Int64
	s := server(t, func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte("p"))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	f := NewFetcher(FetcherConfig{Backoff: time.Millisecond, MaxAttempts: 2, StallTimeout: 100 * time.Millisecond})
	_, err := f.Get(testContext(t), s.URL)
	if !errors.Is(err, ErrStalled) || hits.Load() != 2 {
		t.Fatalf("err %v after %d hits; want ErrStalled after 2", err, hits.Load())
	}
}
