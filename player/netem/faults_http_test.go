package netem

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"testing"
	"testing/synctest"
	"time"
)

// The fault tests run the real HTTP server and client over an in-memory
// network in a synctest bubble: time is fake, so an 8 s stall takes no
// real time and is measured exactly. The link is 8 Mbit/s (a 100 kB
// segment takes 100 ms) with an 80 ms RTT.
const (
	faultMbps = 8
	faultRTT  = 80 * time.Millisecond
	base      = "http://origin/s/"
	// segTime is one segment's transfer time on the fault link.
	segTime = time.Duration(testSegBytes * 8 / faultMbps * int64(time.Microsecond))
)

func faultRig(t *testing.T, spec string, seed int64) *pipeRig {
	return newPipeRig(t, Config{Trace: mustTrace(t, faultMbps), RTT: faultRTT, Faults: mustFaults(t, spec), Seed: seed})
}

func segURL(session, rend string, i int) string {
	return fmt.Sprintf("%s%s/%s/seg_%03d.ts", base, session, rend, i)
}

func near(got, want, tol time.Duration) bool { return got >= want-tol && got <= want+tol }

func TestFaultStatusBySegment(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := faultRig(t, "404@seg=3", 1)
		for _, c := range []struct {
			rend   string
			seg    int
			status int
		}{{"720p", 2, 200}, {"720p", 3, 404}, {"360p", 3, 404}, {"720p", 4, 200}, {"720p", 3, 404}} {
			f := get(t, r.client, segURL("a", c.rend, c.seg), nil)
			if f.status != c.status {
				t.Errorf("%s seg %d: HTTP %d, want %d", c.rend, c.seg, f.status, c.status)
			}
			if c.status == 200 && !bytes.Equal(f.body, segData(c.rend, c.seg)) {
				t.Errorf("%s seg %d: body differs from the file", c.rend, c.seg)
			}
		}
		// Playlists are not segments.
		if f := get(t, r.client, base+"a/720p/stream.m3u8", nil); f.status != 200 {
			t.Errorf("playlist: HTTP %d", f.status)
		}
	})
}

func TestFaultStatusRenditionAndCount(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := faultRig(t, "503@seg=1-2:rend=720p:n=2", 1)
		var got []int
		for _, u := range []string{segURL("a", "360p", 1), segURL("a", "720p", 1), segURL("a", "720p", 2),
			segURL("a", "720p", 1), segURL("b", "720p", 2)} {
			got = append(got, get(t, r.client, u, nil).status)
		}
		// 360p untouched; two strikes in session a; session b counts anew.
		want := []int{200, 503, 503, 200, 503}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("statuses %v, want %v", got, want)
		}
	})
}

// statusRun fetches every segment of both renditions twice and returns
// the statuses in order.
func statusRun(t *testing.T, spec string, seed int64) []int {
	var out []int
	synctest.Test(t, func(t *testing.T) {
		r := faultRig(t, spec, seed)
		for try := 0; try < 2; try++ {
			for i := range testSegments {
				for _, rend := range []string{"360p", "720p"} {
					out = append(out, get(t, r.client, segURL("a", rend, i), nil).status)
				}
			}
		}
	})
	return out
}

func TestFaultStatusByProbabilityIsSeeded(t *testing.T) {
	var runs [][]int
	for _, seed := range []int64{1, 1, 2} {
		runs = append(runs, statusRun(t, "500:p=0.25", seed))
	}
	if fmt.Sprint(runs[0]) != fmt.Sprint(runs[1]) {
		t.Errorf("same seed, different faults:\n%v\n%v", runs[0], runs[1])
	}
	if fmt.Sprint(runs[0]) == fmt.Sprint(runs[2]) {
		t.Errorf("seeds 1 and 2 gave the same faults: %v", runs[0])
	}
	for _, run := range runs {
		n := 0
		for _, s := range run {
			if s == 500 {
				n++
			} else if s != 200 {
				t.Fatalf("status %d", s)
			}
		}
		// 48 requests at p=0.25: 12 expected; 3..24 is beyond 3 sigma.
		if n < 3 || n > 24 {
			t.Errorf("%d of %d requests failed at p=0.25", n, len(run))
		}
	}
}

// The example 500:p=0.05 over many requests.
func TestFaultStatusProbabilityRate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := newPipeRig(t, Config{Faults: mustFaults(t, "500:p=0.05"), Seed: 7})
		n, fails := 0, 0
		for try := 0; try < 25; try++ {
			for i := range testSegments {
				n++
				if get(t, r.client, segURL("a", "720p", i), map[string]string{"Range": "bytes=0-99"}).status == 500 {
					fails++
				}
			}
		}
		// 300 requests: 15 expected, sigma 3.8.
		if fails < 4 || fails > 30 {
			t.Errorf("%d of %d requests failed at p=0.05", fails, n)
		}
	})
}

func TestFaultTruncate(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := faultRig(t, "truncate@seg=7", 1)
		f := get(t, r.client, segURL("a", "720p", 7), nil)
		if f.status != 200 || f.header.Get("Content-Length") != fmt.Sprint(testSegBytes) {
			t.Fatalf("HTTP %d, Content-Length %s", f.status, f.header.Get("Content-Length"))
		}
		if !errors.Is(f.err, io.ErrUnexpectedEOF) || len(f.body) != testSegBytes/2 {
			t.Fatalf("got %d bytes, err %v; want %d bytes then unexpected EOF", len(f.body), f.err, testSegBytes/2)
		}
		if !bytes.Equal(f.body, segData("720p", 7)[:testSegBytes/2]) {
			t.Error("the bytes before the cut differ from the file")
		}
		// Other segments are whole, on a new connection.
		if f := get(t, r.client, segURL("a", "720p", 6), nil); f.err != nil || len(f.body) != testSegBytes {
			t.Errorf("seg 6: %d bytes, %v", len(f.body), f.err)
		}
	})
}

func TestFaultTruncateAtPosition(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		r := faultRig(t, "truncate@seg=1@10%", 1)
		f := get(t, r.client, segURL("a", "360p", 1), nil)
		if len(f.body) != testSegBytes/10 || f.err == nil {
			t.Fatalf("got %d bytes, err %v; want %d and an error", len(f.body), f.err, testSegBytes/10)
		}
	})
}

func TestFaultCorrupt(t *testing.T) {
	diffs := func(t *testing.T, seed int64) []int {
		var out []int
		synctest.Test(t, func(t *testing.T) {
			r := faultRig(t, "corrupt@seg=9", seed)
			f := get(t, r.client, segURL("a", "720p", 9), nil)
			want := segData("720p", 9)
			if f.err != nil || f.status != 200 || len(f.body) != len(want) {
				t.Fatalf("HTTP %d, %d bytes, %v", f.status, len(f.body), f.err)
			}
			for i := range want {
				if f.body[i] != want[i] {
					if f.body[i] != want[i]^0xFF {
						t.Errorf("byte %d: %#x, want the original %#x inverted", i, f.body[i], want[i])
					}
					out = append(out, i)
				}
			}
			if g := get(t, r.client, segURL("a", "720p", 8), nil); !bytes.Equal(g.body, segData("720p", 8)) {
				t.Error("seg 8 corrupted too")
			}
		})
		return out
	}
	a, b, c := diffs(t, 1), diffs(t, 1), diffs(t, 2)
	if len(a) != DefaultCorruptBytes {
		t.Errorf("%d bytes corrupted, want %d", len(a), DefaultCorruptBytes)
	}
	if fmt.Sprint(a) != fmt.Sprint(b) || fmt.Sprint(a) == fmt.Sprint(c) {
		t.Errorf("corrupted offsets not fixed by the seed: seed 1 %v / %v, seed 2 %v", a, b, c)
	}
}
