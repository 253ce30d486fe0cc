package source

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzOpenPlaylist feeds arbitrary bytes to Open as the top-level
// playlist and as every other playlist it loads (a master's variants get
// the second input), and checks Open never panics, errors are one line,
// and whatever it accepts is consistent. Seeds: the playlists of testdata
// and testdata/corpus (real-world-shaped, usable and not), each paired
// with a valid media playlist and with itself.
func FuzzOpenPlaylist(f *testing.F) {
	media, err := os.ReadFile(filepath.Join("testdata", "media_ts_vod.m3u8"))
	if err != nil {
		f.Fatal(err)
	}
	seeds, _ := filepath.Glob(filepath.Join("testdata", "*.m3u8"))
	corpus, _ := filepath.Glob(filepath.Join("testdata", "corpus", "*.m3u8"))
	variants, _ := filepath.Glob(filepath.Join("testdata", "corpus", "*", "*.m3u8"))
	for _, s := range append(append(seeds, corpus...), variants...) {
		b, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, media)
		f.Add(b, b)
	}
	for _, s := range []string{
		"", "#EXTM3U\n", "<html>", "#EXTM3U\n#EXT-X-KEY:METHOD=NONE\nfoo.ts\n#EXTINF:1,\nbar.ts\n",
		"#EXTM3U\n#EXTINF:10,\n#EXT-X-BYTERANGE:100\na.ts\n",
		"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,RESOLUTION=99999x1\na.m3u8\n",
		"#EXTM3U\n#EXT-X-MAP:URI=\"i.mp4\",BYTERANGE=\"-5@-1\"\n#EXTINF:1,\na.m4s\n",
		"#EXTM3U\r#EXTINF:1,\r\ra.ts\r#EXT-X-ENDLIST",
		"#EXTM3U\n#EXTINF:1e308,\na.ts\n#EXTINF:Inf,\nb.ts\n",
		"#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",URI=\"a.m3u8\"\n#EXT-X-STREAM-INF:BANDWIDTH=1,AUDIO=\"a\"\nv.m3u8\n",
	} {
		f.Add([]byte(s), media)
	}
	f.Fuzz(func(t *testing.T, data, variant []byte) {
		tr := memTransport(func(path string) (int, []byte) {
			if path == "/p.m3u8" {
				return 200, data
			}
			return 200, variant
		})
		fe := NewFetcher(FetcherConfig{Client: &http.Client{Transport: tr}, MaxAttempts: 1})
		p, err := Open(t.Context(), fe, "http://origin.test/p.m3u8")
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		checkPresentation(t, p)
	})
}

// checkPresentation asserts the invariants Open promises.
func checkPresentation(t *testing.T, p *Presentation) {
	t.Helper()
	if len(p.Variants) == 0 || len(p.Variants) > MaxVariants {
		t.Fatalf("%d variants", len(p.Variants))
	}
	total := 0
	for i, v := range p.Variants {
		if v.Index != i || v.Label == "" || v.Media == nil || len(v.Media.Segments) == 0 {
			t.Fatalf("variant %d: %+v", i, v)
		}
		if i > 0 && v.Bandwidth < p.Variants[i-1].Bandwidth {
			t.Fatalf("variants not ascending at %d", i)
		}
		if !strings.HasPrefix(v.URI, "http://") && !strings.HasPrefix(v.URI, "https://") {
			t.Fatalf("variant URI %q", v.URI)
		}
		if v.Bandwidth < 0 || v.Bandwidth > MaxBandwidth || v.AverageBandwidth < 0 || v.AverageBandwidth > MaxBandwidth {
			t.Fatalf("variant %d bandwidth %d average %d", i, v.Bandwidth, v.AverageBandwidth)
		}
		if printable(v.Codecs) != v.Codecs {
			t.Fatalf("variant %d codecs %q", i, v.Codecs)
		}
		if v.Media.MediaSequence > MaxMediaSequence {
			t.Fatalf("media sequence %d", v.Media.MediaSequence)
		}
		total += len(v.Media.Segments)
		var start time.Duration
		for k, s := range v.Media.Segments {
			if s.Index != k || s.Seq != v.Media.MediaSequence+uint64(k) || s.Start != start || s.Duration < 0 || s.Duration > MaxSegmentDuration ||
				s.Offset < 0 || s.Length < 0 || s.Length > MaxSegmentBytes {
				t.Fatalf("segment %d: %+v", k, s)
			}
			if !strings.HasPrefix(s.URI, "http://") && !strings.HasPrefix(s.URI, "https://") {
				t.Fatalf("segment URI %q from a remote playlist", s.URI)
			}
			if s.Map != nil && (s.Map.Length < 0 || s.Map.Offset < 0 || !strings.HasPrefix(s.Map.URI, "http")) {
				t.Fatalf("map %+v", s.Map)
			}
			start += s.Duration
		}
		if v.Media.Duration != start || v.Media.TargetDuration < 0 {
			t.Fatalf("duration %v, sum %v, target %v", v.Media.Duration, start, v.Media.TargetDuration)
		}
	}
	if total > MaxTotalSegments {
		t.Fatalf("%d segments in all", total)
	}
	if p.Duration != p.Variants[0].Media.Duration {
		t.Fatalf("presentation duration %v", p.Duration)
	}
}
