package source

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"smartplay/player/netem"
)

// netemLadder is the simulator's ladder as an in-memory HLS tree for the
// emulated origin: <height>p/stream.m3u8 with n segments of segDur, each
// exactly bitrate × segDur bytes.
func netemLadder(n int, segDur time.Duration) fstest.MapFS {
	fsys := fstest.MapFS{}
	var master strings.Builder
	master.WriteString("#EXTM3U\n")
	for v, kbps := range ladderKbps {
		name := fmt.Sprintf("%dp", ladderHeights[v])
		fmt.Fprintf(&master, "#EXT-X-STREAM-INF:BANDWIDTH=%d,AVERAGE-BANDWIDTH=%d,RESOLUTION=%dx%d\n%s/stream.m3u8\n",
			kbps*1100, kbps*1000, ladderHeights[v]*16/9, ladderHeights[v], name)
		var media strings.Builder
		fmt.Fprintf(&media, "#EXTM3U\n#EXT-X-TARGETDURATION:%d\n#EXT-X-PLAYLIST-TYPE:VOD\n", int(segDur.Seconds()+0.999))
		size := int64(kbps) * 1000 * int64(segDur) / int64(time.Second) / 8
		for k := range n {
			fmt.Fprintf(&media, "#EXTINF:%.3f,\nseg_%03d.ts\n", segDur.Seconds(), k)
			fsys[fmt.Sprintf("%s/seg_%03d.ts", name, k)] = &fstest.MapFile{Data: make([]byte, size)}
		}
		media.WriteString("#EXT-X-ENDLIST\n")
		fsys[name+"/stream.m3u8"] = &fstest.MapFile{Data: []byte(media.String())}
	}
	fsys["master.m3u8"] = &fstest.MapFile{Data: []byte(master.String())}
	return fsys
}

// Deadlines through the emulated origin on a shaped link: a first byte
// that never comes (ttfb=) is cut at the decision's deadline; a body that
// stops halfway (stall=) ahead of it, as soon as the rate of the body so
// far projects its end past the deadline. Both are reported with the
// bytes wasted, and the segment is refetched at once: at the lowest rung
// when nothing arrived, at the rung the attempt's rate allows within the
// buffer otherwise.
func TestControllerDeadlinesThroughNetem(t *testing.T) {
	const segDur = time.Second
	const deadline = 1500 * time.Millisecond
	tr, err := netem.ConstantTrace(8) // 1080p's 1 s segment takes 0.54 s
	if err != nil {
		t.Fatal(err)
	}
	faults, err := netem.ParseFaults("ttfb=20s@seg=2:rend=1080p, stall=20s@seg=4:rend=1080p")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(testContext(t))
	defer cancel()
	srv, err := netem.Start(ctx, netem.Config{FS: netemLadder(6, segDur), Trace: tr, RTT: 20 * time.Millisecond, Faults: faults})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	f := testFetcher()
	p, err := Open(ctx, f, srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder{}
	// The playhead stays at 0: before segment k the buffer holds k s.
	c := NewController(p, f, Config{Strategy: always{5, deadline}, Observer: rec, Position: func() time.Duration { return 0 },
		Logger: slog.New(slog.DiscardHandler)})
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	var got []string
	for {
		s, err := c.Next(ctx)
		if err != nil {
			break
		}
		got = append(got, fmt.Sprint(s.Variant))
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	// Segment 2: nothing arrived, the lowest. Segment 4: half of 1080p's
	// 537 kB in 0.8-1 s is 2.1-2.7 Mbit/s; with 4 s buffered (2.67 s of
	// budget) 720p's 2.85 Mbit fits, 1080p is the rung that missed.
	if s := strings.Join(got, " "); s != "5 5 0 5 4 5" {
		t.Fatalf("segments at %s, want 5 5 0 5 4 5", s)
	}
	if s := strings.Join(rec.aborts, " "); s != "2/5→0 4/5→4" {
		t.Fatalf("aborts %s", s)
	}
	// The stalled body is abandoned once half of it has waited longer
	// than it took to come (0.8-1.0 s after the request, at 1.6-2.0 s
	// projected).
	for k, w := range rec.wasted {
		early := strings.Contains(rec.abortErrs[k].Error(), "projected")
		ok := early && w.Duration >= 600*time.Millisecond && w.Duration < deadline ||
			!early && w.Duration >= deadline && w.Duration <= deadline+time.Second
		if !errors.Is(rec.abortErrs[k], ErrDeadlineMissed) || !ok || early != (k == 1) {
			t.Fatalf("abort %d: %v %+v", k, rec.abortErrs[k], w)
		}
	}
	if rec.wasted[0].Bytes != 0 || rec.wasted[1].Bytes < 200_000 || rec.wasted[1].Bytes > 300_000 {
		t.Fatalf("wasted %d and %d bytes, want none and about half of 537 kB", rec.wasted[0].Bytes, rec.wasted[1].Bytes)
	}
}
