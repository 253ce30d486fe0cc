package source

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// files is an in-memory origin: path → body. "{{base}}" in a body is
// replaced by the server's URL when served.
type files map[string]string

// origin serves files with Range support and counts requests per path.
type origin struct {
	mu     sync.Mutex
	files  files
	hits   map[string]int
	ranges map[string][]string // Range headers seen per path
	srv    *httptest.Server
}

func newOrigin(t *testing.T, fs files) *origin {
	t.Helper()
	o := &origin{files: fs, hits: map[string]int{}, ranges: map[string][]string{}}
	o.srv = httptest.NewServer(http.HandlerFunc(o.serve))
	t.Cleanup(o.srv.Close)
	return o
}

func (o *origin) serve(w http.ResponseWriter, r *http.Request) {
	o.mu.Lock()
	body, ok := o.files[r.URL.Path]
	o.hits[r.URL.Path]++
	if rg := r.Header.Get("Range"); rg != "" {
		o.ranges[r.URL.Path] = append(o.ranges[r.URL.Path], rg)
	}
	o.mu.Unlock()
	if !ok {
		http.NotFound(w, r)
		return
	}
	body = strings.ReplaceAll(body, "{{base}}", o.srv.URL)
	http.ServeContent(w, r, r.URL.Path, time.Time{}, strings.NewReader(body))
}

func (o *origin) url(path string) string { return o.srv.URL + path }

func (o *origin) hitCount(path string) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.hits[path]
}

// testFetcher retries fast so tests do not wait on backoff.
func testFetcher() *Fetcher {
	return NewFetcher(FetcherConfig{Backoff: time.Millisecond, StallTimeout: 5 * time.Second})
}

// memTransport answers every request in memory (no sockets), for fuzzing.
type memTransport func(path string) (int, []byte)

func (m memTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	status, body := m(r.URL.Path)
	return &http.Response{StatusCode: status, Body: io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)), Request: r, Header: http.Header{}}, nil
}

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}
