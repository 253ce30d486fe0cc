package source

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"smartplay/player/abr"
)

// liveOrigin is a live HLS origin with two renditions: a sliding window of
// liveWindow segments that gains one segment every segDur, starting at
// firstSeq, until lastSeq, when EXT-X-ENDLIST appears.
type liveOrigin struct {
	srv              *httptest.Server
	start            time.Time
	segDur           time.Duration
	firstSeq, lastSq int
	mu               sync.Mutex
	reloads          map[string]int
	segHits          map[string]int
	// audio adds a separate audio rendition (aud.m3u8, the same window).
	audio bool
}

const liveWindow = 5

func newLiveOrigin(t *testing.T, segDur time.Duration, firstSeq, lastSeq int) *liveOrigin {
	o := &liveOrigin{start: time.Now(), segDur: segDur, firstSeq: firstSeq, lastSq: lastSeq,
		reloads: map[string]int{}, segHits: map[string]int{}}
	o.srv = httptest.NewServer(http.HandlerFunc(o.serve))
	t.Cleanup(o.srv.Close)
	return o
}

func (o *liveOrigin) serve(w http.ResponseWriter, r *http.Request) {
	o.mu.Lock()
	defer o.mu.Unlock()
	p := r.URL.Path
	switch {
	case p == "/master.m3u8" && o.audio:
		fmt.Fprint(w, "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"en\",URI=\"aud.m3u8\"\n"+
			"#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360,AUDIO=\"a\"\nlo.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720,AUDIO=\"a\"\nhi.m3u8\n")
	case p == "/master.m3u8":
		fmt.Fprint(w, "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\nlo.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=2800000,RESOLUTION=1280x720\nhi.m3u8\n")
	case p == "/lo.m3u8" || p == "/hi.m3u8" || p == "/aud.m3u8":
		o.reloads[p]++
		last := min(o.firstSeq+liveWindow-1+int(time.Since(o.start)/o.segDur), o.lastSq)
		first := last - liveWindow + 1
		fmt.Fprintf(w, "#EXTM3U\n#EXT-X-TARGETDURATION:%g\n#EXT-X-MEDIA-SEQUENCE:%d\n", o.segDur.Seconds(), first)
		for s := first; s <= last; s++ {
			fmt.Fprintf(w, "#EXTINF:%g,\n%s_%d.ts\n", o.segDur.Seconds(), strings.TrimSuffix(p[1:], ".m3u8"), s)
		}
		if last == o.lastSq {
			fmt.Fprint(w, "#EXT-X-ENDLIST\n")
		}
	default:
		o.segHits[p]++
		fmt.Fprintf(w, "%s|%s", p, strings.Repeat("x", 20000))
	}
}

func TestControllerLive(t *testing.T) {
	const segDur = 200 * time.Millisecond
	o := newLiveOrigin(t, segDur, 100, 110)
	ctx := testContext(t)
	f := testFetcher()
	p, err := Open(ctx, f, o.srv.URL+"/master.m3u8")
	if err != nil {
		t.Fatal(err)
	}
	if !p.Live || p.Variants[0].Media.TargetDuration != segDur {
		t.Fatalf("live %v, target %v", p.Live, p.Variants[0].Media.TargetDuration)
	}
	rec := &recorder{}
	c := NewController(p, f, Config{Strategy: abr.NewFixed(1), Observer: rec, Logger: slog.New(slog.DiscardHandler)})
	runErr := make(chan error, 1)
	go func() { runErr <- c.Run(ctx) }()
	var got []string
	var next time.Duration
	for {
		s, err := c.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		name, _, _ := strings.Cut(string(s.Data), "|")
		got = append(got, name)
		if s.Index != len(got)-1 || s.Start != next || s.Duration != segDur || s.Variant != 1 || s.Last != (name == "/hi_110.ts") {
			t.Fatalf("segment %s: %+v", name, s)
		}
		next += s.Duration
	}
	if err := <-runErr; err != nil {
		t.Fatal(err)
	}
	// Open saw seqs 100–104: playback starts three from the edge, at 102
	// (103 if Run started a target duration after Open and reloaded), and
	// follows the playlist to its end, every segment once.
	var first int
	if len(got) == 0 || !match(regexp.MustCompile(`^/hi_(\d+)\.ts$`), got[0], &first) || first < 102 || first > 103 {
		t.Fatalf("segments %v: want a start at 102", got)
	}
	var want []string
	for s := first; s <= 110; s++ {
		want = append(want, fmt.Sprintf("/hi_%d.ts", s))
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("segments %v\nwant %v", got, want)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, w := range want {
		if o.segHits[w] != 1 {
			t.Fatalf("%s fetched %d times", w, o.segHits[w])
		}
	}
	// Six new segments over ~1.2 s at a 0.2 s target: a handful of
	// reloads, not a busy loop.
	if n := o.reloads["/hi.m3u8"]; n < 5 || n > 30 {
		t.Fatalf("%d reloads of the playing rendition", n)
	}
	if rec.snaps[0].SegmentCount != 0 {
		t.Fatalf("live snapshot SegmentCount %d", rec.snaps[0].SegmentCount)
	}
}

// TestControllerLiveAudio: a live stream with a separate audio rendition:
// every video segment comes with the audio segment of the same media
// sequence number, placed at its time; the audio playlist is reloaded
// as the window moves.
func TestControllerLiveAudio(t *testing.T) {
	const segDur = 200 * time.Millisecond
	o := newLiveOrigin(t, segDur, 100, 108)
	o.audio = true
	ctx := testContext(t)
	f := testFetcher()
	p, err := Open(ctx, f, o.srv.URL+"/master.m3u8")
	if err != nil {
		t.Fatal(err)
	}
	c := NewController(p, f, Config{Strategy: abr.NewFixed(0), Logger: slog.New(slog.DiscardHandler)})
	runErr := make(chan error, 1)
	go func() { runErr <- c.Run(ctx) }()
	n := 0
	for {
		s, err := c.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
		name, _, _ := strings.Cut(string(s.Data), "|")
		var seq int
		if !match(regexp.MustCompile(`^/lo_(\d+)\.ts$`), name, &seq) {
			t.Fatalf("segment %q", name)
		}
		if len(s.Audio) != 1 {
			t.Fatalf("segment %s: %d audio parts", name, len(s.Audio))
		}
		a := s.Audio[0]
		aname, _, _ := strings.Cut(string(a.Data), "|")
		if !s.SeparateAudio || aname != fmt.Sprintf("/aud_%d.ts", seq) || a.Start != s.Start || a.Duration != segDur {
			t.Fatalf("segment %s at %v: audio %s at %v+%v", name, s.Start, aname, a.Start, a.Duration)
		}
	}
	if err := <-runErr; err != nil {
		t.Fatal(err)
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if n < 5 || o.reloads["/aud.m3u8"] < 2 {
		t.Fatalf("%d segments, audio playlist loaded %d times", n, o.reloads["/aud.m3u8"])
	}
}
