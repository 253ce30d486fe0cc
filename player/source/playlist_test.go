package source

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func testdata(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// segSummary is a compact view of a media playlist for comparisons.
func segSummary(mp *MediaPlaylist, base string) []string {
	var out []string
	for _, s := range mp.Segments {
		line := fmt.Sprintf("%d #%d %s %v+%v", s.Index, s.Seq, strings.TrimPrefix(s.URI, base), s.Start, s.Duration)
		if s.Length > 0 {
			line += fmt.Sprintf(" %d@%d", s.Length, s.Offset)
		}
		if s.Map != nil {
			line += fmt.Sprintf(" map=%s", strings.TrimPrefix(s.Map.URI, base))
			if s.Map.Length > 0 {
				line += fmt.Sprintf(" %d@%d", s.Map.Length, s.Map.Offset)
			}
		}
		if s.Discontinuity {
			line += " disc"
		}
		out = append(out, line)
	}
	return out
}

func TestOpenMediaPlaylists(t *testing.T) {
	vod := testdata(t, "media_ts_vod.m3u8")
	tests := []struct {
		name  string
		body  string
		live  bool
		dur   time.Duration
		label string
		segs  []string
	}{
		{"ts vod", vod, false, 29966667 * time.Microsecond, "media", []string{
			"0 #0 /v/seg_000.ts 0s+10s",
			"1 #1 /v/seg_001.ts 10s+10s",
			"2 #2 /v/seg_002.ts 20s+9.966667s",
		}},
		{"crlf", strings.ReplaceAll(vod, "\n", "\r\n"), false, 29966667 * time.Microsecond, "media", []string{
			"0 #0 /v/seg_000.ts 0s+10s",
			"1 #1 /v/seg_001.ts 10s+10s",
			"2 #2 /v/seg_002.ts 20s+9.966667s",
		}},
		{"bom and blank lines", "\xEF\xBB\xBF\n" + strings.ReplaceAll(vod, "\n", "\n\n"), false, 29966667 * time.Microsecond, "media", nil},
		// Offsets continue the previous range when omitted; the bitrate
		// comes from the byte ranges: 300720 bytes in 10.5 s = 229 kbps.
		{"fmp4 map byterange", testdata(t, "media_fmp4_byterange.m3u8"), false, 10500 * time.Millisecond, "229k", []string{
			"0 #1 /v/main.mp4 0s+4s 100000@720 map=/v/main.mp4 720@0",
			"1 #2 /v/main.mp4 4s+4s 120000@100720 map=/v/main.mp4 720@0",
			"2 #3 /v/main.mp4 8s+2.5s 80000@220720 map=/v/main.mp4 720@0",
		}},
		{"discontinuity", testdata(t, "media_discontinuity.m3u8"), false, 23 * time.Second, "media", []string{
			"0 #0 /v/a_0.m4s 0s+6s map=/v/init_a.mp4",
			"1 #1 /v/a_1.m4s 6s+6s map=/v/init_a.mp4",
			"2 #2 /ad/0.m4s 12s+5s map=/ad/init.mp4 disc",
			"3 #3 /v/a_2.m4s 17s+6s map=/v/init_a.mp4 disc",
		}},
		{"live", testdata(t, "media_live.m3u8"), true, 10 * time.Second, "media", []string{
			"0 #100 /v/live_100.ts 0s+2s", "1 #101 /v/live_101.ts 2s+2s", "2 #102 /v/live_102.ts 4s+2s",
			"3 #103 /v/live_103.ts 6s+2s", "4 #104 /v/live_104.ts 8s+2s",
		}},
		{"absolute and root-relative", testdata(t, "media_absolute.m3u8"), false, 30 * time.Second, "media", []string{
			"0 #0 /cdn/a.ts?token=x%20y 0s+10s",
			"1 #1 /root/b.ts 10s+10s",
			"2 #2 http://cdn.example.com/c.ts 20s+10s",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			o := newOrigin(t, files{"/v/index.m3u8": tc.body})
			p, err := Open(testContext(t), testFetcher(), o.url("/v/index.m3u8"))
			if err != nil {
				t.Fatal(err)
			}
			if p.Master || len(p.Variants) != 1 || p.Live != tc.live || p.Duration != tc.dur {
				t.Fatalf("got master=%v variants=%d live=%v duration=%v", p.Master, len(p.Variants), p.Live, p.Duration)
			}
			v := p.Variants[0]
			if v.Label != tc.label || v.URI != o.url("/v/index.m3u8") || v.Media.Ended == tc.live {
				t.Fatalf("variant %+v", v)
			}
			if tc.segs == nil {
				return
			}
			got := segSummary(v.Media, o.srv.URL)
			if strings.Join(got, "\n") != strings.Join(tc.segs, "\n") {
				t.Fatalf("segments:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.segs, "\n"))
			}
			if len(got) != len(tc.segs) {
				t.Fatalf("%d segments, want %d", len(got), len(tc.segs))
			}
		})
	}
}

func TestOpenMaster(t *testing.T) {
	media := testdata(t, "media_ts_vod.m3u8")
	o := newOrigin(t, files{
		"/ladder/master.m3u8":         testdata(t, "master_ts.m3u8"),
		"/ladder/180p/stream.m3u8":    media,
		"/ladder/720p/stream.m3u8":    media,
		"/ladder/1080p/stream.m3u8":   media,
		"/ladder/audio/stream.m3u8":   media,
		"/ladder/720p/iframes.m3u8":   media,
		"/redirect/master.m3u8":       "",
		"/ladder/dup/master.m3u8":     dupMaster,
		"/ladder/dup/a.m3u8":          media,
		"/ladder/dup/b.m3u8":          media,
		"/ladder/dup/c.m3u8":          media,
		"/ladder/dup/nores.m3u8":      media,
		"/ladder/dup/nores-dup.m3u8":  media,
		"/ladder/dup/same-again.m3u8": media,
	})
	p, err := Open(testContext(t), testFetcher(), o.url("/ladder/master.m3u8"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i, v := range p.Variants {
		if v.Index != i || v.Media == nil || len(v.Media.Segments) != 3 {
			t.Fatalf("variant %d: %+v", i, v)
		}
		got = append(got, fmt.Sprintf("%s %d/%d %dx%d %s %.0f %s", v.Label, v.Bandwidth, v.AverageBandwidth,
			v.Width, v.Height, v.Codecs, v.FrameRate, strings.TrimPrefix(v.URI, o.srv.URL)))
	}
	want := []string{
		"180p 330000/300000 320x180 avc1.64000d,mp4a.40.2 30 /ladder/180p/stream.m3u8",
		"720p 3135000/2850000 1280x720 avc1.64001f,mp4a.40.2 30 /ladder/720p/stream.m3u8",
		"1080p 4730000/4300000 1920x1080 avc1.640028,mp4a.40.2 30 /ladder/1080p/stream.m3u8",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("variants:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !p.Master || p.Live || p.Duration != 29966667*time.Microsecond || p.RTT <= 0 {
		t.Fatalf("presentation %+v", p)
	}
	if seg := p.Variants[1].Media.Segments[2].URI; seg != o.url("/ladder/720p/seg_002.ts") {
		t.Fatalf("segment URI %s", seg)
	}
	if n := o.hitCount("/ladder/audio/stream.m3u8") + o.hitCount("/ladder/720p/iframes.m3u8"); n != 0 {
		t.Fatalf("audio-only or I-frame playlists loaded %d times", n)
	}

	p, err = Open(testContext(t), testFetcher(), o.url("/ladder/dup/master.m3u8"))
	if err != nil {
		t.Fatal(err)
	}
	got = got[:0]
	for _, v := range p.Variants {
		got = append(got, v.Label)
	}
	if want := "1000k #0 1000k #1 720p 2850k 720p 4000k 1080p"; strings.Join(got, " ") != want {
		t.Fatalf("labels %q, want %q", strings.Join(got, " "), want)
	}
}

// dupMaster has two 720p rungs, two rungs without resolution at the same
// bitrate, and a duplicate URI.
const dupMaster = `#EXTM3U
#EXT-X-STREAM-INF:BANDWIDTH=4000000,RESOLUTION=1280x720
b.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=2850000,RESOLUTION=1280x720
a.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=6000000,RESOLUTION=1920x1080
c.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=6000000,RESOLUTION=1920x1080
c.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=1000000
nores.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=1000000
nores-dup.m3u8
`

func TestOpenLocal(t *testing.T) {
	dir := t.TempDir()
	pl := "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\nseg 0.ts\n#EXTINF:4,\nsub/seg1.ts\n#EXTINF:4,\nhttp://example.com/remote.ts\n#EXT-X-ENDLIST\n"
	if err := os.WriteFile(filepath.Join(dir, "local.m3u8"), []byte(pl), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	p, err := Open(testContext(t), testFetcher(), "local.m3u8")
	if err != nil {
		t.Fatal(err)
	}
	segs := p.Variants[0].Media.Segments
	want := []string{"file://" + filepath.ToSlash(dir) + "/seg%200.ts", "file://" + filepath.ToSlash(dir) + "/sub/seg1.ts", "http://example.com/remote.ts"}
	for i, w := range want {
		if segs[i].URI != w {
			t.Fatalf("segment %d URI %q, want %q", i, segs[i].URI, w)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "seg 0.ts"), []byte("TSDATA"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := testFetcher().Get(testContext(t), segs[0].URI)
	if err != nil || string(d.Data) != "TSDATA" {
		t.Fatalf("local segment: %v %+v", err, d)
	}
	_, err = Open(testContext(t), testFetcher(), filepath.Join(dir, "missing.m3u8"))
	if want := "playlist " + filepath.Join(dir, "missing.m3u8") + ": no such file or directory"; err == nil || err.Error() != want {
		t.Fatalf("err %v, want %q", err, want)
	}
}
