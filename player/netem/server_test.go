package netem

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"
)

func startTest(t *testing.T, cfg Config) *Server {
	t.Helper()
	if cfg.FS == nil {
		cfg.FS = testLadder()
	}
	s, err := Start(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// A reset is a real TCP RST: the client's read fails with ECONNRESET,
// having received at most the bytes before the cut.
func TestFaultResetOverTCP(t *testing.T) {
	s := startTest(t, Config{Faults: mustFaults(t, "reset@50%")})
	c := &http.Client{Transport: &http.Transport{}}
	defer c.CloseIdleConnections()
	f := get(t, c, strings.TrimSuffix(s.SessionURL("r"), "master.m3u8")+"720p/seg_002.ts", nil)
	t.Logf("%d bytes, then %v", len(f.body), f.err)
	if f.status != 200 {
		t.Fatalf("HTTP %d", f.status)
	}
	if !errors.Is(f.err, syscall.ECONNRESET) {
		t.Errorf("read error %v, want connection reset", f.err)
	}
	if len(f.body) > testSegBytes/2 || !bytes.Equal(f.body, segData("720p", 2)[:len(f.body)]) {
		t.Errorf("%d bytes before the reset, want at most %d, all from the file", len(f.body), testSegBytes/2)
	}
	// Playlists are not segments: served whole.
	if f := get(t, c, s.URL(), nil); f.err != nil || f.status != 200 {
		t.Errorf("master: HTTP %d, %v", f.status, f.err)
	}
}

func TestEntryURLStartsANewSessionEachTime(t *testing.T) {
	s := startTest(t, Config{})
	c := noRedirect(&http.Client{})
	var seen []string
	for range 2 {
		resp, err := c.Get(s.URL())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusFound || !strings.HasPrefix(loc, "/s/") || !strings.HasSuffix(loc, "/master.m3u8") {
			t.Fatalf("HTTP %d Location %q", resp.StatusCode, loc)
		}
		seen = append(seen, loc)
	}
	if seen[0] == seen[1] {
		t.Errorf("two clients got the same session %s", seen[0])
	}
	// Followed, the redirect lands on the playlist; relative URIs resolve
	// inside the session.
	resp, err := http.Get(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.HasPrefix(string(body), "#EXTM3U") || !strings.Contains(resp.Request.URL.Path, "/s/") {
		t.Errorf("HTTP %d at %s: %.40q", resp.StatusCode, resp.Request.URL, body)
	}
}

func TestRequestsOutsideTheTreeAndOddMethods(t *testing.T) {
	s := startTest(t, Config{})
	for _, c := range []struct {
		method, path string
		status       int
	}{
		{"GET", "/s/a/720p/stream.m3u8", 200},
		{"HEAD", "/s/a/720p/seg_000.ts", 200},
		{"GET", "/s/a/../../etc/passwd", 404},
		{"GET", "/s/a/%2e%2e/%2e%2e/etc/passwd", 404},
		{"GET", "/s/a/nope.ts", 404},
		{"GET", "/s/a/720p", 404}, // a directory: no listings
		{"GET", "/s/a/", 404},
		{"GET", "/s/bad$id/master.m3u8", 404},
		{"POST", "/s/a/master.m3u8", 405},
	} {
		req, _ := http.NewRequest(c.method, "http://"+s.Addr()+c.path, nil)
		resp, err := noRedirect(http.DefaultClient).Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.status {
			t.Errorf("%s %s: HTTP %d, want %d", c.method, c.path, resp.StatusCode, c.status)
		}
	}
}

func TestByteRanges(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newPipeRig(t, Config{})
		data := segData("720p", 1)
		for _, c := range []struct {
			rng          string
			status       int
			from, to     int // body = data[from:to]
			contentRange string
		}{
			{"bytes=10-19", 206, 10, 20, fmt.Sprintf("bytes 10-19/%d", testSegBytes)},
			{"bytes=99990-", 206, 99990, testSegBytes, fmt.Sprintf("bytes 99990-99999/%d", testSegBytes)},
			{"bytes=-5", 206, testSegBytes - 5, testSegBytes, fmt.Sprintf("bytes 99995-99999/%d", testSegBytes)},
			{"bytes=99990-200000", 206, 99990, testSegBytes, fmt.Sprintf("bytes 99990-99999/%d", testSegBytes)},
			{"bytes=0-0,5-6", 200, 0, testSegBytes, ""},
			{"items=1-2", 200, 0, testSegBytes, ""},
			{"bytes=200000-", 416, 0, 0, fmt.Sprintf("bytes */%d", testSegBytes)},
		} {
			f := get(t, r.client, segURL("a", "720p", 1), map[string]string{"Range": c.rng})
			if f.status != c.status || f.header.Get("Content-Range") != c.contentRange {
				t.Errorf("%s: HTTP %d %q, want %d %q", c.rng, f.status, f.header.Get("Content-Range"), c.status, c.contentRange)
				continue
			}
			if c.status != 416 && !bytes.Equal(f.body, data[c.from:c.to]) {
				t.Errorf("%s: body of %d bytes, want bytes %d-%d", c.rng, len(f.body), c.from, c.to)
			}
		}
	})
}

// Two sessions on one server have a link each: both download at the
// full rate at the same time. Two requests of one session share it.
func TestSessionsHaveTheirOwnLink(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newPipeRig(t, Config{Trace: mustTrace(t, 8)}) // 100 kB in 100 ms
		both := func(a, b string) [2]time.Duration {
			var out [2]time.Duration
			var wg sync.WaitGroup
			for i, u := range []string{a, b} {
				wg.Go(func() {
					f := get(t, r.client, u, nil)
					if f.err != nil || len(f.body) != testSegBytes {
						t.Errorf("%s: %d bytes, %v", u, len(f.body), f.err)
					}
					out[i] = f.end.Sub(f.start)
				})
			}
			wg.Wait()
			return out
		}
		sep := both(segURL("x", "720p", 0), segURL("y", "720p", 0))
		shared := both(segURL("z", "720p", 0), segURL("z", "720p", 1))
		for i := range 2 {
			if !near(sep[i], 100*time.Millisecond, 5*time.Millisecond) {
				t.Errorf("separate sessions: download %d took %v, want 100ms", i, sep[i])
			}
			if !near(shared[i], 200*time.Millisecond, 12*time.Millisecond) {
				t.Errorf("one session: download %d took %v, want ~200ms (half the rate each)", i, shared[i])
			}
		}
	})
}

func TestConfigErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		cfg  Config
		want string
	}{
		{"nothing", Config{}, "no directory"},
		{"missing dir", Config{Dir: "/nonexistent/netem"}, "no such file"},
		{"rtt", Config{FS: testLadder(), RTT: -time.Second}, "RTT"},
		{"entry", Config{FS: testLadder(), Entry: "nope.m3u8"}, "entry"},
		{"no master", Config{FS: fsWithout(testLadder(), "master.m3u8")}, "no master.m3u8"},
	} {
		_, err := NewHandler(c.cfg)
		if !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want ErrConfig with %q", c.name, err, c.want)
		}
	}
	// A lone media playlist at the top is the entry.
	fsys := testLadder()
	delete(fsys, "master.m3u8")
	fsys["only.m3u8"] = fsys["720p/stream.m3u8"]
	if h, err := NewHandler(Config{FS: fsys}); err != nil || h.Entry() != "only.m3u8" {
		t.Errorf("lone playlist: %v %v", h, err)
	}
}

// Close cuts responses still running after a short grace (a shaped
// download may have minutes to go); cancelling Start's context closes the
// server too.
func TestCloseCutsSlowResponses(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := Start(ctx, Config{FS: testLadder(), Trace: mustTrace(t, 0.2)}) // a segment takes 4 s
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan fetched, 1)
	go func() {
		got <- get(t, http.DefaultClient, strings.TrimSuffix(s.SessionURL("c"), "master.m3u8")+"720p/seg_000.ts", nil)
	}()
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	if err := s.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if d := time.Since(start); d > shutdownGrace+500*time.Millisecond {
		t.Errorf("Close took %v", d)
	}
	if f := <-got; f.err == nil || len(f.body) >= testSegBytes {
		t.Errorf("the slow download ended with %d bytes, %v; want cut short", len(f.body), f.err)
	}

	s2, err := Start(ctx, Config{FS: testLadder()})
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	select {
	case <-s2.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the server outlived its context")
	}
}
