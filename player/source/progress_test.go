package source

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// OnProgress reports, at each tick of the injected ticker and on the
// injected clock, the time since Fetch, the time since the first body
// byte, the bytes in and the size expected; it stops when Fetch returns.
func TestFetchReportsProgress(t *testing.T) {
	send, release := make(chan struct{}), make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "3000")
		w.WriteHeader(http.StatusOK)
		<-send
		w.Write([]byte(strings.Repeat("a", 1000)))
		w.(http.Flusher).Flush()
		<-release
		w.Write([]byte(strings.Repeat("b", 2000)))
	}))
	defer srv.Close()

	base := time.Unix(1000, 0)
	var offset atomic.Int64 // the fake clock: base + offset
	now := func() time.Time { return base.Add(time.Duration(offset.Load())) }
	ticks := make(chan time.Time)
	var every time.Duration
	var stopped atomic.Bool
	f := NewFetcher(FetcherConfig{Now: now, NewTicker: func(d time.Duration) (<-chan time.Time, func()) {
		every = d
		return ticks, func() { stopped.Store(true) }
	}})
	reports := make(chan Progress, 1)
	done := make(chan error, 1)
	go func() {
		d, err := f.Fetch(testContext(t), Request{URL: srv.URL, ProgressEvery: 150 * time.Millisecond,
			OnProgress: func(p Progress) { reports <- p }})
		if err == nil && len(d.Data) != 3000 {
			t.Errorf("%d bytes", len(d.Data))
		}
		done <- err
	}()
	tick := func() Progress {
		t.Helper()
		select {
		case ticks <- now():
		case <-time.After(5 * time.Second):
			t.Fatal("no reporter listening")
		}
		return <-reports
	}
	if p := tick(); p.Received != 0 || p.Body != 0 {
		t.Fatalf("before any body: %+v", p)
	}
	if every != 150*time.Millisecond {
		t.Fatalf("ticker every %v, want the request's 150ms", every)
	}
	offset.Store(int64(100 * time.Millisecond)) // the first bytes come at 100 ms
	close(send)
	deadline := time.Now().Add(5 * time.Second)
	for p := tick(); p.Received < 1000; p = tick() {
		if time.Now().After(deadline) {
			t.Fatalf("the first 1000 bytes never showed: %+v", p)
		}
		time.Sleep(5 * time.Millisecond)
	}
	offset.Store(int64(600 * time.Millisecond))
	want := Progress{Elapsed: 600 * time.Millisecond, Body: 500 * time.Millisecond, Received: 1000, Total: 3000}
	if p := tick(); p != want {
		t.Fatalf("progress %+v, want %+v", p, want)
	}
	close(release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !stopped.Load() {
		t.Fatal("ticker not stopped")
	}
	select {
	case ticks <- now():
		t.Fatal("a report after Fetch returned")
	default:
	}
}

func TestExpectedBody(t *testing.T) {
	for _, tc := range []struct {
		name           string
		offset, length int64
		status         int
		contentLength  int64
		want           int64
	}{
		{"whole resource", 0, 0, 200, 5000, 5000},
		{"no Content-Length", 0, 0, 200, -1, 0},
		{"range served", 100, 1000, 206, 1000, 1000},
		{"range to the end served", 100, 0, 206, 4900, 4900},
		{"range ignored: the rest after the offset", 100, 0, 200, 5000, 4900},
		{"range ignored, length kept", 100, 1000, 200, 5000, 1000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := expectedBody(Request{Offset: tc.offset, Length: tc.length},
				&http.Response{StatusCode: tc.status, ContentLength: tc.contentLength})
			if got != tc.want {
				t.Fatalf("expectedBody = %d, want %d", got, tc.want)
			}
		})
	}
}
