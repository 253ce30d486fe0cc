package netem

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseFaultsExamples(t *testing.T) {
	for _, c := range []struct {
		spec string
		want Fault
	}{
		{"404@seg=3", Fault{Kind: FaultStatus, Status: 404, HasSeg: true, SegFrom: 3, SegTo: 3}},
		{"500:p=0.05", Fault{Kind: FaultStatus, Status: 500, Prob: 0.05}},
		{"reset@50%", Fault{Kind: FaultReset, Position: 0.5}},
		{"reset@10%", Fault{Kind: FaultReset, Position: 0.1}},
		{"stall=8s@seg=5", Fault{Kind: FaultStall, Duration: 8 * time.Second, HasSeg: true, SegFrom: 5, SegTo: 5}},
		{"truncate@seg=7", Fault{Kind: FaultTruncate, HasSeg: true, SegFrom: 7, SegTo: 7}},
		{"corrupt@seg=9", Fault{Kind: FaultCorrupt, Count: DefaultCorruptBytes, HasSeg: true, SegFrom: 9, SegTo: 9}},
		{"corrupt=5", Fault{Kind: FaultCorrupt, Count: 5}},
		{"ttfb=3s:p=0.1", Fault{Kind: FaultTTFB, Duration: 3 * time.Second, Prob: 0.1}},
		{"playlist-404:for=10s", Fault{Kind: FaultPlaylist404, Status: 404, For: 10 * time.Second}},
		{"outage=6s@t=40s", Fault{Kind: FaultOutage, Duration: 6 * time.Second, From: 40 * time.Second}},
		{"503@seg=2-4:rend=720p:n=1@t=1m:for=30s", Fault{Kind: FaultStatus, Status: 503, HasSeg: true, SegFrom: 2,
			SegTo: 4, Rendition: "720p", Max: 1, From: time.Minute, For: 30 * time.Second}},
		{"stall=1500ms:seg=0@100%", Fault{Kind: FaultStall, Duration: 1500 * time.Millisecond, HasSeg: true, Position: 1}},
	} {
		fs, err := ParseFaults(c.spec)
		if err != nil {
			t.Errorf("%s: %v", c.spec, err)
			continue
		}
		want := c.want
		want.Text = c.spec
		if want.Position == 0 {
			want.Position = DefaultFaultPosition
		}
		if len(fs) != 1 || fs[0] != want {
			t.Errorf("%s:\n got %+v\nwant %+v", c.spec, fs, want)
		}
	}
}

func TestParseFaultsList(t *testing.T) {
	fs, err := ParseFaults(" 404@seg=3 , 500:p=0.05,, outage=6s@t=40s ")
	if err != nil || len(fs) != 3 || fs[0].Status != 404 || fs[1].Prob != 0.05 || fs[2].Kind != FaultOutage {
		t.Fatalf("%+v %v", fs, err)
	}
	if got := outagesOf(fs); len(got) != 1 || got[0] != (Outage{At: 40 * time.Second, Length: 6 * time.Second}) {
		t.Errorf("outages: %v", got)
	}
	if fs, err := ParseFaults(""); err != nil || len(fs) != 0 {
		t.Errorf("empty spec: %v %v", fs, err)
	}
}

func TestParseFaultsErrors(t *testing.T) {
	for _, c := range []struct{ spec, want string }{
		{"explode", `unknown fault "explode"`},
		{"200", "want an error status 400-599"},
		{"4040", "unknown fault"},
		{"404=3", "404 takes no value"},
		{"reset=2s", "reset takes no value"},
		{"stall", "stall needs a value"},
		{"stall=fast", `"fast": want a duration`},
		{"stall=0s", "longer than 0"},
		{"ttfb=-1s", "want a duration"},
		{"outage=6s", "outage needs @t="},
		{"outage=6s@t=1s:p=0.5", "outage takes only @t="},
		{"playlist-404@seg=1", "playlist-404 takes"},
		{"corrupt=0", "want a byte count"},
		{"corrupt@50%", "a position (P%) means nothing for corrupt"},
		{"404@seg=x", "seg=x"},
		{"404@seg=5-2", "N ≤ M"},
		{"404@seg=-1", "seg=-1"},
		{"500:p=0", "p=0: want a probability"},
		{"500:p=1.5", "p=1.5"},
		{"500:n=0", "n=0"},
		{"500:for=0s", "for=0s must be longer"},
		{"500@", "empty condition"},
		{"500@when=now", `unknown condition "when"`},
		{"500@seg", "condition \"seg\""},
		{"reset@150%", "position 150%"},
		{"truncate@100%", "before the body's end"},
		{"stall=2h", "want a duration"},
		{strings.Repeat("500,", MaxFaults+1), "more than"},
		{strings.Repeat("x", 5000), "longer than"},
	} {
		_, err := ParseFaults(c.spec)
		if !errors.Is(err, ErrFaultSpec) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%.40s: %v, want ErrFaultSpec containing %q", c.spec, err, c.want)
		}
	}
}

func TestFaultMatches(t *testing.T) {
	seg := func(rend string, seq int) resource {
		return resource{path: rend + "/s.ts", segment: true, rendition: rend, seq: seq}
	}
	pl := resource{path: "master.m3u8", playlist: true}
	for _, c := range []struct {
		spec    string
		res     resource
		elapsed time.Duration
		want    bool
	}{
		{"404@seg=3", seg("720p", 3), 0, true},
		{"404@seg=3", seg("720p", 4), 0, false},
		{"404@seg=3", pl, 0, false},
		{"404@seg=2-4", seg("360p", 4), 0, true},
		{"404:rend=720p", seg("360p", 4), 0, false},
		{"404:rend=720p", seg("720p", 4), 0, true},
		{"404@t=10s", seg("720p", 0), 9 * time.Second, false},
		{"404@t=10s", seg("720p", 0), 10 * time.Second, true},
		{"404@t=10s:for=5s", seg("720p", 0), 15 * time.Second, false},
		{"playlist-404:for=10s", pl, 9 * time.Second, true},
		{"playlist-404:for=10s", pl, 10 * time.Second, false},
		{"playlist-404", seg("720p", 0), 0, false},
		{"outage=1s@t=0s", seg("720p", 0), 0, false},
		{"ttfb=1s", resource{path: "720p/init.mp4"}, 0, false},
	} {
		f := mustFaults(t, c.spec)[0]
		if got := f.matches(c.res, c.elapsed); got != c.want {
			t.Errorf("%s on %+v at %v: %v, want %v", c.spec, c.res, c.elapsed, got, c.want)
		}
	}
}

func TestCorruptOffsets(t *testing.T) {
	a := corruptOffsets(64, 1000, 1, "x", 0)
	if len(a) != 64 {
		t.Fatalf("%d offsets", len(a))
	}
	for i := 1; i < len(a); i++ {
		if a[i] <= a[i-1] || a[i] >= 1000 {
			t.Fatalf("offsets not distinct, sorted and in range: %v", a)
		}
	}
	if got := corruptOffsets(10, 12, 1, "x", 0); len(got) != 10 || got[9] != 9 {
		t.Errorf("most of a small body: %v", got)
	}
	if got := corruptOffsets(5, 0, 1, "x", 0); got != nil {
		t.Errorf("empty body: %v", got)
	}
}

func FuzzParseFaults(f *testing.F) {
	for _, s := range []string{"404@seg=3", "500:p=0.05", "reset@50%", "stall=8s@seg=5", "truncate@seg=7",
		"corrupt@seg=9", "ttfb=3s:p=0.1", "playlist-404:for=10s", "outage=6s@t=40s", "503@seg=1-2:rend=a:n=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		fs, err := ParseFaults(spec)
		if err != nil {
			if !errors.Is(err, ErrFaultSpec) {
				t.Fatalf("error %v is not ErrFaultSpec", err)
			}
			return
		}
		for _, f := range fs {
			if f.Position < 0 || f.Position > 1 || f.Prob < 0 || f.Prob > 1 || f.Duration < 0 || f.SegTo < f.SegFrom {
				t.Fatalf("%q parsed to %+v", spec, f)
			}
		}
	})
}
