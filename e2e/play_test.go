package e2e

import (
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smartplay/assets"
	"smartplay/assets/assetstest"
	"smartplay/player/events"
)

// readEvents parses an event log file.
func readEvents(t *testing.T, path string) []events.Event {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	evs, err := events.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	return evs
}

func lastOf(evs []events.Event, typ events.Type) *events.Event {
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].Type == typ {
			return &evs[i]
		}
	}
	return nil
}

func TestHeadlessPlaysALocalFileToTheEnd(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	clip, err := assets.EnsureClip(ctx, assets.ClipOptions{Height: 360, Duration: 4 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	ev := filepath.Join(t.TempDir(), "ev.jsonl")
	r := smartplay(t, 2*time.Minute, nil, "--headless", "--speed", "max", "--events", ev, clip)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	end := lastOf(readEvents(t, ev), events.SessionEnd)
	if end == nil || end.Reason != "ended" || end.Media < 3.9 || !strings.Contains(string(end.QoE), `"play_s":4`) {
		t.Fatalf("session_end %+v, want ended after 4 s of play", end)
	}
}

// Failures end the session with one line that says what failed and
// where, exit status 1, and the event log's error and session_end — never
// a panic (status 2) or a hang (smartplay() fails the test on a timeout).
func TestPlaybackFailuresAreOneClearLine(t *testing.T) {
	// Every rendition's segments from 1 on are gone: the controller falls
	// back a rung at a time, skips the segment when the lowest fails too,
	// and gives up after source.MaxConsecutiveSkips in a row (one lost
	// segment is skipped and played as a hole: e2e/faults_test.go).
	holes, _ := assetstest.Serve(t, assets.Options{}, func(files http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.HasSuffix(r.URL.Path, ".ts") && !strings.HasSuffix(r.URL.Path, "/seg_000.ts") {
				http.NotFound(w, r)
				return
			}
			files.ServeHTTP(w, r)
		})
	})
	base := strings.TrimSuffix(holes, "/master.m3u8")
	tmp := t.TempDir()
	notMedia := filepath.Join(tmp, "notes.txt")
	os.WriteFile(notMedia, []byte("these are my notes, not a video\n"), 0o644)
	corrupt := filepath.Join(tmp, "broken.mp4")
	os.WriteFile(corrupt, append([]byte("\x00\x00\x00\x18ftypmp42"), make([]byte, 4000)...), 0o644)
	vp8 := filepath.Join(tmp, "theora.ogv")
	if out, err := exec.Command("ffmpeg", "-v", "error", "-f", "lavfi", "-i", "testsrc2=s=160x90:d=1", "-c:v", "libtheora", vp8).CombinedOutput(); err != nil {
		t.Fatalf("making an unsupported-codec file: %v %s", err, out)
	}
	cases := []struct {
		name, input, want string
	}{
		{"unreachable host", "http://127.0.0.1:1/master.m3u8", "connection refused"},
		{"playlist 404", base + "/nope.m3u8", "HTTP 404"},
		{"segments 404 at every rung", holes, "content gone (3 segments in a row lost on every rendition): segment 3"},
		{"not a media file", notMedia, "notes.txt"},
		{"corrupt file", corrupt, "broken.mp4"},
		{"unsupported codec", vp8, "theora"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ev := filepath.Join(t.TempDir(), "ev.jsonl")
			r := smartplay(t, 2*time.Minute, nil, "--headless", "--speed", "max", "--events", ev, tc.input)
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			last := lines[len(lines)-1]
			if r.code != 1 || !strings.HasPrefix(last, "smartplay: ") || !strings.Contains(last, tc.want) {
				t.Fatalf("exit %d, stderr:\n%s\nwant exit 1 and a last line naming %q", r.code, r.stderr, tc.want)
			}
			for _, l := range lines {
				if strings.Contains(l, "panic") || strings.Contains(l, "goroutine ") {
					t.Fatalf("stderr shows a crash:\n%s", r.stderr)
				}
			}
			if evs, err := os.ReadFile(ev); err == nil && len(evs) > 0 {
				if end := lastOf(readEvents(t, ev), events.SessionEnd); end != nil && end.Reason != "error" {
					t.Errorf("session_end reason %q, want error", end.Reason)
				}
			}
		})
	}
}
