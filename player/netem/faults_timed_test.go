package netem

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
	"testing/synctest"
	"time"
)

// Faults that play with time (stall, TTFB, windows, outages), measured
// exactly in a synctest bubble; see faults_http_test.go for the rig.

func TestFaultStall(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := faultRig(t, "stall=8s@seg=5", 1)
		f := get(t, r.client, segURL("a", "720p", 5), nil)
		if f.err != nil || !bytes.Equal(f.body, segData("720p", 5)) {
			t.Fatalf("%d bytes, %v", len(f.body), f.err)
		}
		// Largest gap between reads: the stall, at half the body.
		var gap time.Duration
		var at int
		prev, got := f.start.Add(f.ttfb), 0
		for _, rd := range f.reads {
			if d := rd.t.Sub(prev); d > gap {
				gap, at = d, got
			}
			prev = rd.t
			got += rd.n
		}
		if !near(gap, 8*time.Second, 20*time.Millisecond) || at != testSegBytes/2 {
			t.Errorf("longest pause %v after %d bytes, want 8s after %d", gap, at, testSegBytes/2)
		}
		total := f.end.Sub(f.start)
		if want := faultRTT + segTime + 8*time.Second; !near(total, want, 20*time.Millisecond) {
			t.Errorf("took %v, want %v", total, want)
		}
		// Segment 4 has no stall.
		if f := get(t, r.client, segURL("a", "720p", 4), nil); f.end.Sub(f.start) > faultRTT+segTime+20*time.Millisecond {
			t.Errorf("seg 4 took %v", f.end.Sub(f.start))
		}
	})
}

func TestFaultTTFB(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := faultRig(t, "ttfb=3s:p=0.1", 3)
		// First byte = RTT + the link time of the 1000 bytes asked for
		// (1 ms at 8 Mbit/s), or 3 s more.
		plain := faultRTT + time.Millisecond
		slow := plain + 3*time.Second
		n, late := 0, 0
		for try := 0; try < 10; try++ {
			for i := range testSegments {
				f := get(t, r.client, segURL("a", "360p", i), map[string]string{"Range": "bytes=0-999"})
				n++
				switch {
				case near(f.ttfb, plain, time.Millisecond):
				case near(f.ttfb, slow, time.Millisecond):
					late++
				default:
					t.Fatalf("TTFB %v, want %v or %v", f.ttfb, plain, slow)
				}
			}
		}
		// 120 requests at p=0.1: 12 expected, sigma 3.3.
		if late < 3 || late > 24 {
			t.Errorf("%d of %d first bytes were late at p=0.1", late, n)
		}
		// Playlists are never delayed.
		if f := get(t, r.client, base+"a/master.m3u8", nil); f.ttfb > plain+time.Millisecond {
			t.Errorf("playlist TTFB %v", f.ttfb)
		}
	})
}

func TestFaultPlaylist404Window(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := faultRig(t, "playlist-404:for=10s", 1)
		start := time.Now()
		check := func(at time.Duration, url string, want int) {
			t.Helper()
			time.Sleep(time.Until(start.Add(at)))
			if f := get(t, r.client, url, nil); f.status != want {
				t.Errorf("%v: %s: HTTP %d, want %d", at, url, f.status, want)
			}
		}
		check(0, base+"a/master.m3u8", 404)
		check(time.Second, base+"a/720p/stream.m3u8", 404)
		check(2*time.Second, segURL("a", "720p", 0), 200)
		check(9*time.Second, base+"a/master.m3u8", 404)
		check(10*time.Second, base+"a/master.m3u8", 200)
		check(11*time.Second, base+"a/360p/stream.m3u8", 200)
	})
}

func TestFaultOutage(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		// 0.8 Mbit/s: a segment takes 1 s.
		r := newPipeRig(t, Config{Trace: mustTrace(t, 0.8), Faults: mustFaults(t, "outage=6s@t=40s")})
		start := time.Now()
		get(t, r.client, base+"a/master.m3u8", nil) // the session (and its link) start now
		time.Sleep(time.Until(start.Add(39500 * time.Millisecond)))
		f := get(t, r.client, segURL("a", "720p", 0), nil)
		if f.err != nil || len(f.body) != testSegBytes {
			t.Fatalf("%d bytes, %v", len(f.body), f.err)
		}
		var before, during int
		for _, rd := range f.reads {
			switch at := rd.t.Sub(start); {
			case at <= 40*time.Second:
				before += rd.n
			case at < 46*time.Second:
				during += rd.n
			}
		}
		if during != 0 || before < testSegBytes*45/100 || before > testSegBytes*55/100 {
			t.Errorf("%d bytes before the outage, %d during it; want about half, then none", before, during)
		}
		if end := f.end.Sub(start); !near(end, 46500*time.Millisecond, 20*time.Millisecond) {
			t.Errorf("finished at %v, want 46.5s", end)
		}
		// A request made during the outage gets its first byte after it.
		time.Sleep(time.Until(start.Add(100 * time.Second)))
		// (second session: its outage starts 40 s after its own start)
		get(t, r.client, base+"b/master.m3u8", nil)
		time.Sleep(42 * time.Second)
		f = get(t, r.client, segURL("b", "360p", 1), map[string]string{"Range": "bytes=0-999"})
		if got := f.ttfb; !near(got, 4*time.Second, 20*time.Millisecond) {
			t.Errorf("TTFB during the outage %v, want ~4s (until it ends)", got)
		}
	})
}

// The entry URL's redirect costs no time: a player's first request
// measures one RTT (plus the playlist's link time), as on a plain origin.
func TestEntryRedirectMeasuresOneRTT(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := faultRig(t, "", 1)
		f := get(t, r.client, "http://origin/master.m3u8", nil)
		if f.status != 200 || !near(f.ttfb, faultRTT, time.Millisecond) {
			t.Errorf("HTTP %d after %v, want 200 after %v", f.status, f.ttfb, faultRTT)
		}
	})
}

// Segments a live playlist adds after the server started are indexed when
// the playlist is served, so seg= reaches them.
func TestFaultsReachSegmentsALivePlaylistAdds(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		fsys := testLadder()
		r := newPipeRig(t, Config{FS: fsys, Faults: mustFaults(t, "410@seg=12")})
		fsys["720p/live_012.ts"] = &fstest.MapFile{Data: segData("720p", 12)}
		if f := get(t, r.client, base+"a/720p/live_012.ts", nil); f.status != 200 {
			t.Fatalf("before the playlist lists it: HTTP %d", f.status)
		}
		pl := string(fsys["720p/stream.m3u8"].Data)
		fsys["720p/stream.m3u8"] = &fstest.MapFile{Data: []byte(strings.Replace(pl, "#EXT-X-ENDLIST\n", "#EXTINF:10.0,\nlive_012.ts\n", 1))}
		get(t, r.client, base+"a/720p/stream.m3u8", nil)
		if f := get(t, r.client, base+"a/720p/live_012.ts", nil); f.status != 410 {
			t.Errorf("after: HTTP %d, want 410", f.status)
		}
	})
}
