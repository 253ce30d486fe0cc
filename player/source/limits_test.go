package source

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// memOrigin serves playlists from memory (no sockets) and records every
// path asked for.
type memOrigin struct {
	mu    sync.Mutex
	files map[string]string
	asked []string
}

func (m *memOrigin) fetcher() *Fetcher {
	tr := memTransport(func(path string) (int, []byte) {
		m.mu.Lock()
		defer m.mu.Unlock()
		m.asked = append(m.asked, path)
		body, ok := m.files[path]
		if !ok {
			return 404, nil
		}
		return 200, []byte(body)
	})
	return NewFetcher(FetcherConfig{Client: &http.Client{Transport: tr}, MaxAttempts: 1})
}

// open loads http://origin.test/p.m3u8 from files.
func openMem(t *testing.T, files map[string]string) (*Presentation, error) {
	t.Helper()
	m := &memOrigin{files: files}
	p, err := Open(testContext(t), m.fetcher(), "http://origin.test/p.m3u8")
	if err != nil && strings.Contains(err.Error(), "\n") {
		t.Fatalf("error spans lines: %q", err)
	}
	return p, err
}

const okMedia = "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\na.ts\n#EXT-X-ENDLIST\n"

// mediaWith is a one-segment media playlist with extra lines before the
// segment and the segment URI given.
func mediaWith(extra, uri string) string {
	return "#EXTM3U\n#EXT-X-TARGETDURATION:4\n" + extra + "#EXTINF:4,\n" + uri + "\n#EXT-X-ENDLIST\n"
}

// fill pads a playlist with comment lines to exactly size bytes.
func fill(pl string, size int) string {
	const lineBytes = 1000
	var b strings.Builder
	b.WriteString(pl)
	for b.Len() < size {
		n := min(lineBytes, size-b.Len())
		b.WriteString("#" + strings.Repeat("x", max(n-2, 0)) + "\n"[:min(n-1, 1)])
	}
	return b.String()
}

func masterOf(n int) string {
	var b strings.Builder
	b.WriteString("#EXTM3U\n")
	for i := range n {
		fmt.Fprintf(&b, "#EXT-X-STREAM-INF:BANDWIDTH=%d\nv%d.m3u8\n", 100_000*(i+1), i)
	}
	return b.String()
}

func mediaOf(segments int) string {
	return "#EXTM3U\n#EXT-X-TARGETDURATION:1\n" + strings.Repeat("#EXTINF:1,\na.ts\n", segments) + "#EXT-X-ENDLIST\n"
}

// TestLimits crosses every playlist limit of limits.go by one: the
// playlist at the limit loads, the one beyond it fails with a clear error
// (ErrLimit or ErrTooLarge), without a panic.
func TestLimits(t *testing.T) {
	variantFiles := func(master string, n int, media string) map[string]string {
		fs := map[string]string{"/p.m3u8": master}
		for i := range n {
			fs[fmt.Sprintf("/v%d.m3u8", i)] = media
		}
		return fs
	}
	totalMedia := mediaOf(MaxTotalSegments / 4)
	tests := []struct {
		name      string
		at, over  map[string]string
		is        error
		overShows string
	}{
		{"MaxPlaylistBytes",
			map[string]string{"/p.m3u8": fill(okMedia, MaxPlaylistBytes)},
			map[string]string{"/p.m3u8": fill(okMedia, MaxPlaylistBytes+1)},
			ErrTooLarge, "response too large: 8388609 bytes, limit 8388608"},
		{"MaxPlaylistLines",
			map[string]string{"/p.m3u8": okMedia + strings.Repeat("#\n", MaxPlaylistLines-6)},
			map[string]string{"/p.m3u8": okMedia + strings.Repeat("#\n", MaxPlaylistLines-5)},
			ErrLimit, "limit exceeded: 400001 lines (max 400000)"},
		{"MaxLineBytes",
			map[string]string{"/p.m3u8": mediaWith("#X-LONG:"+strings.Repeat("y", MaxLineBytes-8)+"\n", "a.ts")},
			map[string]string{"/p.m3u8": mediaWith("#X-LONG:"+strings.Repeat("y", MaxLineBytes-7)+"\n", "a.ts")},
			ErrLimit, "limit exceeded: line 3 of 8193 bytes (max 8192)"},
		{"MaxURIBytes/segment",
			map[string]string{"/p.m3u8": mediaWith("", strings.Repeat("s", MaxURIBytes))},
			map[string]string{"/p.m3u8": mediaWith("", strings.Repeat("s", MaxURIBytes+1))},
			ErrLimit, "segment 0: limit exceeded: URI of 4097 bytes (max 4096)"},
		{"MaxURIBytes/variant",
			map[string]string{"/p.m3u8": "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n/" + strings.Repeat("v", MaxURIBytes-1) + "\n",
				"/" + strings.Repeat("v", MaxURIBytes-1): okMedia},
			map[string]string{"/p.m3u8": "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n/" + strings.Repeat("v", MaxURIBytes) + "\n"},
			ErrLimit, "limit exceeded: URI of 4097 bytes (max 4096)"},
		{"MaxURIBytes/EXT-X-MAP",
			map[string]string{"/p.m3u8": mediaWith(`#EXT-X-MAP:URI="`+strings.Repeat("m", MaxURIBytes)+"\"\n", "a.m4s")},
			map[string]string{"/p.m3u8": mediaWith(`#EXT-X-MAP:URI="`+strings.Repeat("m", MaxURIBytes+1)+"\"\n", "a.m4s")},
			ErrLimit, "EXT-X-MAP before segment 0: limit exceeded: URI of 4097 bytes"},
		{"MaxVariants",
			variantFiles(masterOf(MaxVariants), MaxVariants, okMedia),
			variantFiles(masterOf(MaxVariants+1), MaxVariants+1, okMedia),
			ErrLimit, "limit exceeded: 65 variants (max 64)"},
		{"MaxSegments",
			map[string]string{"/p.m3u8": mediaOf(MaxSegments)},
			map[string]string{"/p.m3u8": mediaOf(MaxSegments + 1)},
			ErrLimit, "limit exceeded: 100001 segments (max 100000)"},
		{"MaxTotalSegments",
			variantFiles(masterOf(4), 4, totalMedia),
			variantFiles(masterOf(5), 5, totalMedia),
			ErrLimit, "segments in all variants (max 400000)"},
		{"MaxSegmentDuration",
			map[string]string{"/p.m3u8": "#EXTM3U\n#EXTINF:3600,\na.ts\n#EXT-X-ENDLIST\n"},
			map[string]string{"/p.m3u8": "#EXTM3U\n#EXTINF:3600.001,\na.ts\n#EXT-X-ENDLIST\n"},
			ErrLimit, "segment 0: limit exceeded: duration 3600 s (max 1h0m0s)"},
		{"MaxSegmentBytes/BYTERANGE",
			map[string]string{"/p.m3u8": mediaWith(fmt.Sprintf("#EXT-X-BYTERANGE:%d@0\n", MaxSegmentBytes), "a.ts")},
			map[string]string{"/p.m3u8": mediaWith(fmt.Sprintf("#EXT-X-BYTERANGE:%d@0\n", MaxSegmentBytes+1), "a.ts")},
			ErrLimit, "segment 0: limit exceeded: BYTERANGE of 134217729 bytes (max 134217728)"},
		{"MaxInitBytes/BYTERANGE",
			map[string]string{"/p.m3u8": mediaWith(fmt.Sprintf("#EXT-X-MAP:URI=\"i.mp4\",BYTERANGE=\"%d@0\"\n", MaxInitBytes), "a.m4s")},
			map[string]string{"/p.m3u8": mediaWith(fmt.Sprintf("#EXT-X-MAP:URI=\"i.mp4\",BYTERANGE=\"%d@0\"\n", MaxInitBytes+1), "a.m4s")},
			ErrLimit, "EXT-X-MAP before segment 0: limit exceeded: BYTERANGE of 4194305 bytes (max 4194304)"},
		{"MaxMediaSequence",
			map[string]string{"/p.m3u8": mediaWith(fmt.Sprintf("#EXT-X-MEDIA-SEQUENCE:%d\n", uint64(MaxMediaSequence)), "a.ts")},
			map[string]string{"/p.m3u8": mediaWith(fmt.Sprintf("#EXT-X-MEDIA-SEQUENCE:%d\n", uint64(MaxMediaSequence)+1), "a.ts")},
			ErrLimit, "limit exceeded: EXT-X-MEDIA-SEQUENCE 4611686018427387905 (max 4611686018427387904)"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if p, err := openMem(t, tc.at); err != nil {
				t.Fatalf("at the limit: %v", err)
			} else {
				checkPresentation(t, p)
			}
			p, err := openMem(t, tc.over)
			if !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.overShows) {
				t.Fatalf("over the limit: %v (presentation %v), want %v with %q", err, p != nil, tc.is, tc.overShows)
			}
		})
	}
}

// TestLimitBandwidth: BANDWIDTH values beyond MaxBandwidth (a negative
// one wrapped by the parser) are read as unknown, not as 4 Gbps.
func TestLimitBandwidth(t *testing.T) {
	p, err := openMem(t, map[string]string{
		"/p.m3u8": "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=-5,AVERAGE-BANDWIDTH=1000000001\na.m3u8\n" +
			"#EXT-X-STREAM-INF:BANDWIDTH=1000000000,AVERAGE-BANDWIDTH=-1\nb.m3u8\n",
		"/a.m3u8": okMedia, "/b.m3u8": okMedia,
	})
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("%d/%d %d/%d", p.Variants[0].Bandwidth, p.Variants[0].AverageBandwidth,
		p.Variants[1].Bandwidth, p.Variants[1].AverageBandwidth)
	if got != "0/0 1000000000/0" {
		t.Fatalf("bandwidths %s", got)
	}
}

// TestLimitRedirects follows MaxRedirects redirects and refuses one more.
func TestLimitRedirects(t *testing.T) {
	s := server(t, func(w http.ResponseWriter, r *http.Request) {
		var n int
		if _, err := fmt.Sscanf(r.URL.Path, "/r/%d", &n); err == nil && n > 0 {
			http.Redirect(w, r, fmt.Sprintf("/r/%d", n-1), http.StatusFound)
			return
		}
		io.WriteString(w, okMedia)
	})
	if _, err := Open(testContext(t), testFetcher(), fmt.Sprintf("%s/r/%d", s.URL, MaxRedirects)); err != nil {
		t.Fatalf("%d redirects: %v", MaxRedirects, err)
	}
	_, err := Open(testContext(t), testFetcher(), fmt.Sprintf("%s/r/%d", s.URL, MaxRedirects+1))
	if !errors.Is(err, ErrTooManyRedirects) {
		t.Fatalf("%d redirects: %v", MaxRedirects+1, err)
	}
}

// endless is a body that never ends (all zeros).
type endless struct{}

func (endless) Read(b []byte) (int, error) { clear(b); return len(b), nil }
func (endless) Close() error               { return nil }

// TestLimitSegmentBytes: a response that says (Content-Length) or turns
// out to be beyond MaxSegmentBytes fails with ErrTooLarge, and a server
// announcing the limit and sending a few bytes does not make the fetcher
// allocate the announced size.
func TestLimitSegmentBytes(t *testing.T) {
	respond := func(length int64, body io.ReadCloser) *Fetcher {
		tr := roundTripFunc(func(r *http.Request) (*http.Response, error) {
			return &http.Response{StatusCode: 200, Body: body, ContentLength: length, Request: r, Header: http.Header{}}, nil
		})
		return NewFetcher(FetcherConfig{Client: &http.Client{Transport: tr}, MaxAttempts: 1})
	}
	_, err := respond(MaxSegmentBytes+1, endless{}).Get(testContext(t), "http://origin.test/a.ts")
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "134217729 bytes, limit 134217728") {
		t.Fatalf("Content-Length over the limit: %v", err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	_, err = respond(MaxSegmentBytes, io.NopCloser(strings.NewReader("short"))).Get(testContext(t), "http://origin.test/a.ts")
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatalf("short body: %v", err)
	}
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 2*maxPresizeBytes {
		t.Fatalf("a %d-byte Content-Length with a 5-byte body allocated %d bytes", MaxSegmentBytes, grew)
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
