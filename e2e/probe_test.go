package e2e

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smartplay/assets"
)

func TestProbeUnderstandsTheLadder(t *testing.T) {
	url, dir := ladderURL(t, assets.FMP4)
	for _, in := range []string{url, filepath.Join(dir, "master.m3u8")} {
		r := smartplay(t, time.Minute, nil, "probe", "--json", in)
		if r.code != 0 {
			t.Fatalf("probe %s: exit %d: %s", in, r.code, r.stderr)
		}
		var rep struct {
			Master     bool `json:"master"`
			Renditions []struct {
				Bandwidth         int64
				AverageBandwidth  int64 `json:"average_bandwidth"`
				Height, Segments  int
				Codecs, Container string
				Duration          float64 `json:"duration_s"`
			} `json:"renditions"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatalf("probe --json: %v\n%s", err, r.stdout)
		}
		if !rep.Master || len(rep.Renditions) != len(assets.Ladder) {
			t.Fatalf("probe saw master=%v with %d renditions, want a master with %d", rep.Master, len(rep.Renditions), len(assets.Ladder))
		}
		for i, v := range rep.Renditions {
			want := assets.Ladder[i]
			if v.Height != want.Height || v.AverageBandwidth <= 0 || v.AverageBandwidth > v.Bandwidth || v.Segments != 12 || v.Duration != 120 || v.Container != "fMP4" || !strings.HasPrefix(v.Codecs, "avc1.") {
				t.Errorf("rendition %d: %+v, want %dp, 12 fMP4 segments, 120 s", i, v, want.Height)
			}
		}
	}
	// The text form names every rendition and the segment summary.
	r := smartplay(t, time.Minute, nil, "probe", url)
	if r.code != 0 || !strings.Contains(r.stdout, "1080p") || !strings.Contains(r.stdout, "12 segments, 120.000 s total") {
		t.Errorf("probe text output:\n%s", r.stdout)
	}
}

func TestProbeRejectsUnusableInputWithOneLine(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/html.m3u8":
			w.Write([]byte("<html><body>not a playlist</body></html>"))
		case "/empty.m3u8":
			w.Write([]byte("#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXT-X-ENDLIST\n"))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	garbage := filepath.Join(t.TempDir(), "garbage.m3u8")
	os.WriteFile(garbage, []byte("\x00\x01\x02 definitely not hls"), 0o644)
	cases := map[string]string{
		srv.URL + "/missing.m3u8": "HTTP 404",
		srv.URL + "/html.m3u8":    "",
		srv.URL + "/empty.m3u8":   "",
		"http://127.0.0.1:1/x":    "connection refused",
		garbage:                   "",
		"/does/not/exist.m3u8":    "no such file",
	}
	for in, want := range cases {
		r := smartplay(t, time.Minute, nil, "probe", in)
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		if r.code != 1 || len(lines) != 1 || !strings.HasPrefix(lines[0], "smartplay: ") || !strings.Contains(lines[0], want) {
			t.Errorf("probe %s: exit %d, stderr %q; want exit 1 and one line containing %q", in, r.code, r.stderr, want)
		}
	}
}

func TestHelpDocumentsEveryFlag(t *testing.T) {
	r := smartplay(t, time.Minute, nil, "--help")
	if r.code != 0 {
		t.Fatalf("--help exit %d", r.code)
	}
	for _, f := range []string{"-quality", "-headless", "-speed", "-events", "-screenshot", "-screenshot-at", "-volume", "-fullscreen", "probe"} {
		if !strings.Contains(r.stderr, f) {
			t.Errorf("--help does not mention %s", f)
		}
	}
}
