package source

import (
	"bytes"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smartplay/assets"
	"smartplay/assets/assetstest"
	"smartplay/player/abr"
)

// TestBuiltInLadder opens the generated test ladder (TS and fMP4) over
// HTTP and as a local path, and downloads it whole at the lowest and the
// highest rung. It generates the ladder on first use (minutes), so -short
// skips it.
func TestBuiltInLadder(t *testing.T) {
	if testing.Short() {
		t.Skip("generates the test ladder on first use")
	}
	for _, format := range []assets.Format{assets.TS, assets.FMP4} {
		t.Run(string(format), func(t *testing.T) {
			ctx := testContext(t)
			master, dir := assetstest.Serve(t, assets.Options{Duration: 30 * time.Second, Format: format}, nil)
			for _, where := range []string{master, filepath.Join(dir, "master.m3u8")} {
				p, err := Open(ctx, testFetcher(), where)
				if err != nil {
					t.Fatal(err)
				}
				var labels []string
				for _, v := range p.Variants {
					labels = append(labels, v.Label)
					if len(v.Media.Segments) != 3 || v.Media.TargetDuration != 10*time.Second || v.FrameRate != 30 ||
						!strings.HasPrefix(v.Codecs, "avc1.") || (format == assets.FMP4) != (v.Media.Segments[0].Map != nil) {
						t.Fatalf("%s: %+v %+v", v.Label, v.Variant, v.Media)
					}
				}
				if got := strings.Join(labels, " "); got != "180p 360p 432p 576p 720p 1080p" {
					t.Fatalf("labels %s", got)
				}
				if p.Live || p.Duration != 30*time.Second {
					t.Fatalf("live %v duration %v", p.Live, p.Duration)
				}
				for _, rung := range []int{0, 5} {
					checkDownload(t, p, rung, format)
				}
			}
		})
	}
}

// checkDownload plays the whole presentation pinned to rung and checks the
// bytes look like the container they claim to be.
func checkDownload(t *testing.T, p *Presentation, rung int, format assets.Format) {
	t.Helper()
	ctx := testContext(t)
	c := NewController(p, testFetcher(), Config{Strategy: abr.NewFixed(rung), Logger: slog.New(slog.DiscardHandler)})
	go c.Run(ctx)
	var n int
	for {
		s, err := c.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s rung %d: %v", p.URL, rung, err)
		}
		n++
		ok := len(s.Data) > 188 && s.Data[0] == 0x47 && s.Data[188] == 0x47 // TS sync bytes
		if format == assets.FMP4 {
			ok = bytes.Contains(s.Init[:min(len(s.Init), 16)], []byte("ftyp")) && bytes.Contains(s.Data[:16], []byte("moof")) ||
				bytes.Contains(s.Data[:32], []byte("styp"))
		}
		if !ok || s.Variant != rung {
			t.Fatalf("%s rung %d segment %d: not %s data (%q…)", p.URL, rung, s.Index, format, s.Data[:16])
		}
	}
	if n != 3 {
		t.Fatalf("%d segments", n)
	}
}
