package session

import (
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"smartplay/assets"
	"smartplay/assets/assetstest"
	"smartplay/player/events"
	"smartplay/player/source"
)

// countingTransport counts the requests that go through it.
type countingTransport struct{ n atomic.Int64 }

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return http.DefaultTransport.RoundTrip(r)
}

// TestLiveAndClient: the caller's HTTP client makes the requests; Live
// reads the buffer and the bytes downloaded while playing, and Pinned the
// pin (what the HUD and the compare view read).
func TestLiveAndClient(t *testing.T) {
	url, _ := assetstest.Serve(t, assets.Options{Format: assets.TS, Duration: 20 * time.Second}, nil)
	tr := &countingTransport{}
	cfg := Config{Input: url, Quality: "720p", Client: &http.Client{Transport: tr}}
	var mu sync.Mutex
	var maxBuf time.Duration
	var segBytes int64
	cfg.Headless, cfg.MaxSpeed = true, true
	s, err := Open(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if l := s.Live(); l.Buffer != 0 || l.DataUsed != 0 || l.MaxBuffer != source.DefaultMaxBuffer {
		t.Errorf("Live before Run = %+v, want nothing yet and the default limit", l)
	}
	if p := s.Pinned(); p != 4 {
		t.Errorf("Pinned = %d, want 4 (720p)", p)
	}
	s.Events().Listen(func(e events.Event) {
		if e.Type == events.SegmentDownloaded {
			l := s.Live()
			mu.Lock()
			maxBuf = max(maxBuf, l.Buffer)
			segBytes += e.Bytes
			mu.Unlock()
		}
	})
	if err := s.Run(t.Context()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if maxBuf <= 0 {
		t.Error("Live never saw a forward buffer")
	}
	if l := s.Live(); l.DataUsed != segBytes || segBytes == 0 {
		t.Errorf("DataUsed %d, want the %d segment bytes the log has", l.DataUsed, segBytes)
	}
	if n := tr.n.Load(); n < 3 { // master, media playlist(s), segments
		t.Errorf("%d requests through the caller's client, want them all", n)
	}
}
