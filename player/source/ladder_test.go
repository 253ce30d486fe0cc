package source

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// ladderKbps is the simulator's ladder (see ../shared/DESIGN.md).
var ladderKbps = []int{300, 750, 1200, 1850, 2850, 4300}
var ladderHeights = []int{180, 360, 432, 576, 720, 1080}

// ladder is a fake HLS origin: a master playlist, one media playlist per
// rung, and segments of exactly bitrate × duration bytes, served through a
// bytes-per-second throttle. With fmp4 every rung is one file addressed by
// BYTERANGE plus an init section (EXT-X-MAP with BYTERANGE).
type ladder struct {
	srv    *httptest.Server
	n      int
	segDur time.Duration
	fmp4   bool
	rate   atomic.Int64 // link rate in bits per second, 0 = unthrottled
	// slow[v], when set, overrides the rate for rung v's segments.
	slow map[int]int64
	// missing paths answer 404.
	missing map[string]bool

	mu   sync.Mutex
	hits map[string]int
}

func newLadder(t *testing.T, n int, segDur time.Duration, fmp4 bool) *ladder {
	l := &ladder{n: n, segDur: segDur, fmp4: fmp4, slow: map[int]int64{}, missing: map[string]bool{}, hits: map[string]int{}}
	l.srv = httptest.NewServer(http.HandlerFunc(l.serve))
	t.Cleanup(l.srv.Close)
	return l
}

// segSize is the byte size of every segment of rung v.
func (l *ladder) segSize(v int) int {
	return int(int64(ladderKbps[v]) * 1000 * int64(l.segDur) / int64(time.Second) / 8)
}

// segData is segment k of rung v: a marker, then filler.
func (l *ladder) segData(v, k int) []byte {
	b := bytes.Repeat([]byte{byte('a' + v)}, l.segSize(v))
	copy(b, fmt.Sprintf("v%d s%03d|", v, k))
	return b
}

func (l *ladder) initData(v int) []byte { return []byte(fmt.Sprintf("init-v%d-moov", v)) }

func (l *ladder) master() string {
	var b strings.Builder
	b.WriteString("#EXTM3U\n#EXT-X-VERSION:7\n")
	for v := len(ladderKbps) - 1; v >= 0; v-- { // listed high to low: Open sorts
		fmt.Fprintf(&b, "#EXT-X-STREAM-INF:BANDWIDTH=%d,AVERAGE-BANDWIDTH=%d,RESOLUTION=%dx%d,CODECS=\"avc1.64001f,mp4a.40.2\"\nv%d/index.m3u8\n",
			ladderKbps[v]*1100, ladderKbps[v]*1000, ladderHeights[v]*16/9, ladderHeights[v], v)
	}
	return b.String()
}

func (l *ladder) media(v int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:%d\n#EXT-X-PLAYLIST-TYPE:VOD\n", int(l.segDur.Seconds()+0.999))
	if l.fmp4 {
		fmt.Fprintf(&b, "#EXT-X-MAP:URI=\"all.mp4\",BYTERANGE=\"%d@0\"\n", len(l.initData(v)))
	}
	for k := 0; k < l.n; k++ {
		fmt.Fprintf(&b, "#EXTINF:%.3f,\n", l.segDur.Seconds())
		switch {
		case l.fmp4 && k == 0: // the first range must say where it starts
			fmt.Fprintf(&b, "#EXT-X-BYTERANGE:%d@%d\nall.mp4\n", l.segSize(v), len(l.initData(v)))
		case l.fmp4:
			fmt.Fprintf(&b, "#EXT-X-BYTERANGE:%d\nall.mp4\n", l.segSize(v)) // offsets implied
		default:
			fmt.Fprintf(&b, "seg%03d.ts\n", k)
		}
	}
	b.WriteString("#EXT-X-ENDLIST\n")
	return b.String()
}

func (l *ladder) serve(w http.ResponseWriter, r *http.Request) {
	l.mu.Lock()
	l.hits[r.URL.Path+" "+r.Header.Get("Range")]++
	l.mu.Unlock()
	if l.missing[r.URL.Path] {
		http.NotFound(w, r)
		return
	}
	var v, k int
	var body []byte
	media := false // segments are throttled, playlists are not
	switch {
	case r.URL.Path == "/master.m3u8":
		body = []byte(l.master())
	case match(reMedia, r.URL.Path, &v):
		body = []byte(l.media(v))
	case match(reSegment, r.URL.Path, &v, &k) && !l.fmp4:
		body, media = l.segData(v, k), true
	case match(reAll, r.URL.Path, &v) && l.fmp4:
		body, media = l.initData(v), true
		for k := 0; k < l.n; k++ {
			body = append(body, l.segData(v, k)...)
		}
	default:
		http.NotFound(w, r)
		return
	}
	var rate int64
	if media {
		rate = l.rate.Load()
		if s, ok := l.slow[v]; ok {
			rate = s
		}
	}
	tw := &throttled{w: w, bps: rate, start: time.Now(), ctx: r}
	http.ServeContent(tw, r, r.URL.Path, time.Time{}, bytes.NewReader(body))
}

var (
	reMedia   = regexp.MustCompile(`^/v(\d+)/index\.m3u8$`)
	reSegment = regexp.MustCompile(`^/v(\d+)/seg(\d+)\.ts$`)
	reAll     = regexp.MustCompile(`^/v(\d+)/all\.mp4$`)
)

// match reports whether re matches s, storing its groups as ints.
func match(re *regexp.Regexp, s string, out ...*int) bool {
	m := re.FindStringSubmatch(s)
	if m == nil {
		return false
	}
	for i, p := range out {
		*p, _ = strconv.Atoi(m[i+1])
	}
	return true
}

func (l *ladder) hitsFor(prefix string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for k, c := range l.hits {
		if strings.HasPrefix(k, prefix) {
			n += c
		}
	}
	return n
}

// throttled writes at most bps bits per second, in small flushed chunks.
type throttled struct {
	w       http.ResponseWriter
	bps     int64
	start   time.Time
	written int64
	ctx     *http.Request
}

func (t *throttled) Header() http.Header { return t.w.Header() }
func (t *throttled) WriteHeader(c int)   { t.w.WriteHeader(c) }

func (t *throttled) Write(p []byte) (int, error) {
	if t.bps <= 0 {
		return t.w.Write(p)
	}
	const chunk = 4 << 10 // bytes per write: smooth enough at test rates
	total := 0
	for len(p) > 0 {
		n := min(chunk, len(p))
		m, err := t.w.Write(p[:n])
		total += m
		if err != nil {
			return total, err
		}
		t.w.(http.Flusher).Flush()
		t.written += int64(m)
		p = p[n:]
		due := t.start.Add(time.Duration(t.written * 8 * int64(time.Second) / t.bps))
		select {
		case <-time.After(time.Until(due)):
		case <-t.ctx.Context().Done():
			return total, t.ctx.Context().Err()
		}
	}
	return total, nil
}
