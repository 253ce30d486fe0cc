package assets

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// testDuration keeps the generated ladder short (two segments) so the
// test costs ~30 s the first time and nothing once cached.
const testDuration = 20 * time.Second

func TestEnsureLadderTS(t *testing.T) {
	dir, err := Ensure(context.Background(), Options{Duration: testDuration})
	if err != nil {
		t.Fatal(err)
	}
	master, err := os.ReadFile(filepath.Join(dir, "master.m3u8"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(master), "\n")
	var infs []string
	for _, l := range lines {
		if strings.HasPrefix(l, "#EXT-X-STREAM-INF:") {
			infs = append(infs, l)
		}
	}
	if len(infs) != len(Ladder) {
		t.Fatalf("master lists %d variants, want %d:\n%s", len(infs), len(Ladder), master)
	}
	prev := int64(0)
	for i, r := range Ladder {
		inf := infs[i]
		for _, want := range []string{"AVERAGE-BANDWIDTH=", "RESOLUTION=" + strconv.Itoa(r.Width) + "x" + strconv.Itoa(r.Height),
			`CODECS="` + r.Codecs() + `"`, "FRAME-RATE=30.000"} {
			if !strings.Contains(inf, want) {
				t.Errorf("%s: %q lacks %s", r.Name(), inf, want)
			}
		}
		bw := intAttr(t, inf, "BANDWIDTH")
		if bw <= prev {
			t.Errorf("%s: BANDWIDTH %d not ascending (prev %d)", r.Name(), bw, prev)
		}
		prev = bw
		// The declared rate must land near the rung, so that the simulator's
		// ladder and the player's are the same.
		if avg := intAttr(t, inf, "AVERAGE-BANDWIDTH"); avg < int64(r.Kbps)*1000*80/100 || avg > int64(r.Kbps)*1000*115/100 {
			t.Errorf("%s: AVERAGE-BANDWIDTH %d not within -20%%/+15%% of %d kbps", r.Name(), avg, r.Kbps)
		}
	}
	// Every rung declares BT.709, so players show the same colours at
	// every rung.
	for _, r := range []Rung{Ladder[0], Ladder[len(Ladder)-1]} {
		out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
			"stream=color_space,color_primaries,color_transfer,color_range", "-of", "csv=p=0",
			filepath.Join(dir, r.Name(), "seg_000.ts")).Output()
		if err != nil || !strings.HasPrefix(strings.TrimSpace(string(out)), "tv,bt709,bt709,bt709") {
			t.Errorf("%s colour tags %q (%v), want tv,bt709,bt709,bt709", r.Name(), out, err)
		}
	}
	// Each segment is one GOP of 10 s: 300 frames, the first a keyframe,
	// and only one keyframe.
	for _, name := range []string{"180p", "1080p"} {
		for _, seg := range []string{"seg_000.ts", "seg_001.ts"} {
			frames, keys, first := probeFrames(t, filepath.Join(dir, name, seg))
			if frames != 300 || keys != 1 || !first {
				t.Errorf("%s/%s: %d frames, %d keyframes, first is key %v; want 300, 1, true", name, seg, frames, keys, first)
			}
		}
	}
}

func TestEnsureLadderFMP4(t *testing.T) {
	dir, err := Ensure(context.Background(), Options{Duration: testDuration, Format: FMP4})
	if err != nil {
		t.Fatal(err)
	}
	pl, err := os.ReadFile(filepath.Join(dir, "720p", "stream.m3u8"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(pl), `#EXT-X-MAP:URI="init.mp4"`) || strings.Count(string(pl), ".m4s") != 2 {
		t.Fatalf("fMP4 playlist lacks its map or segments:\n%s", pl)
	}
	// A media segment plays only after the init section: together they
	// make a decodable 10 s GOP.
	init, _ := os.ReadFile(filepath.Join(dir, "720p", "init.mp4"))
	seg, _ := os.ReadFile(filepath.Join(dir, "720p", "seg_001.m4s"))
	joined := filepath.Join(t.TempDir(), "joined.mp4")
	if err := os.WriteFile(joined, append(init, seg...), 0o644); err != nil {
		t.Fatal(err)
	}
	if frames, keys, first := probeFrames(t, joined); frames != 300 || keys != 1 || !first {
		t.Errorf("init+seg_001: %d frames, %d keys, first key %v", frames, keys, first)
	}
}

func TestEnsureClip(t *testing.T) {
	p, err := EnsureClip(context.Background(), ClipOptions{Height: 360, Duration: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if frames, _, first := probeFrames(t, p); frames != 60 || !first {
		t.Errorf("clip: %d frames (want 60), first key %v", frames, first)
	}
	if _, err := EnsureClip(context.Background(), ClipOptions{Height: 333}); err == nil {
		t.Error("EnsureClip accepted a height that is not a rung")
	}
}

func TestCachedBuildsOnceAcrossConcurrentCallers(t *testing.T) {
	root := t.TempDir()
	var builds atomic.Int32
	var wg sync.WaitGroup
	dirs := make([]string, 4)
	for i := range dirs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := cached(context.Background(), root, "entry", func(tmp string) error {
				builds.Add(1)
				time.Sleep(50 * time.Millisecond) // hold the lock while others wait
				return os.WriteFile(filepath.Join(tmp, "x"), []byte("1"), 0o644)
			})
			if err != nil {
				t.Error(err)
			}
			dirs[i] = d
		}()
	}
	wg.Wait()
	if n := builds.Load(); n != 1 {
		t.Errorf("built %d times, want 1", n)
	}
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "x")); err != nil {
			t.Errorf("caller got %q without the built file: %v", d, err)
		}
	}
}

func TestCachedFailedBuildLeavesNothing(t *testing.T) {
	root := t.TempDir()
	_, err := cached(context.Background(), root, "bad", func(tmp string) error { return ErrFFmpegFailed })
	if err == nil {
		t.Fatal("want the build's error")
	}
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".lock") {
			t.Errorf("failed build left %s behind", e.Name())
		}
	}
}

func TestEnsureRejectsBadOptions(t *testing.T) {
	for _, o := range []Options{{Duration: -time.Second}, {Duration: 2 * time.Hour}, {Duration: testDuration, Format: "webm"}} {
		if _, err := Ensure(context.Background(), o); err == nil {
			t.Errorf("Ensure(%+v) succeeded", o)
		}
	}
}

func intAttr(t *testing.T, line, name string) int64 {
	t.Helper()
	for _, kv := range strings.Split(strings.TrimPrefix(line, "#EXT-X-STREAM-INF:"), ",") {
		if k, v, ok := strings.Cut(kv, "="); ok && k == name {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
	}
	t.Fatalf("%s missing in %s", name, line)
	return 0
}

// probeFrames counts video frames and keyframes with ffprobe.
func probeFrames(t *testing.T, path string) (frames, keys int, firstKey bool) {
	t.Helper()
	out, err := exec.Command("ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries", "packet=flags",
		"-of", "csv=p=0", path).Output()
	if err != nil {
		t.Fatalf("ffprobe %s: %v", path, err)
	}
	for _, l := range strings.Split(string(out), "\n") {
		if l = strings.TrimSpace(l); l == "" {
			continue // ffprobe prints an empty row per side-data entry
		}
		frames++
		if strings.HasPrefix(l, "K") {
			keys++
			if frames == 1 {
				firstKey = true
			}
		}
	}
	return
}
