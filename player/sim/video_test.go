package sim

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestEnvivio(t *testing.T) {
	v := Envivio()
	if v.Segments != 48 || v.SegmentDuration != 4*time.Second || len(v.Variants) != 6 {
		t.Fatalf("%d segments of %v, %d renditions", v.Segments, v.SegmentDuration, len(v.Variants))
	}
	// Mean bytes per chunk over chunks 1-48, from pensieve-video/README.md.
	wantMean := []float64{151912.5, 377619.8, 602907.6, 928038.6, 1429965.8, 2154333.0}
	for q, sizes := range v.Sizes {
		if len(sizes) != 49 {
			t.Fatalf("rendition %d: %d sizes, want 49", q, len(sizes))
		}
		var sum float64
		for _, b := range sizes[:48] {
			sum += float64(b)
		}
		if !near(sum/48, wantMean[q], 0.06) {
			t.Errorf("rendition %d: mean %.2f bytes, want %.1f", q, sum/48, wantMean[q])
		}
	}
	if v.Kbps(5) != 4300 || v.Variants[4].Height != 720 {
		t.Errorf("ladder %+v", v.Variants)
	}
	// Chunk 0 of level 1 and the 49th chunk of level 5 (mpc.py's arrays).
	if v.Sizes[1][0] != 450283 || v.Sizes[5][48] != 1433658 {
		t.Errorf("sizes %d, %d", v.Sizes[1][0], v.Sizes[5][48])
	}
}

func TestParseVideo(t *testing.T) {
	v, err := ParseVideo("x", []byte("# ladder\nsegment 6s\n300 320x180 10 20 30 # low\n1200 1280x720 40 50 60\n"))
	if err != nil {
		t.Fatal(err)
	}
	if v.Segments != 3 || v.SegmentDuration != 6*time.Second || v.Kbps(1) != 1200 || v.Variants[1].Height != 720 || v.Sizes[1][2] != 60 {
		t.Fatalf("%+v", v)
	}
	if v, err := ParseVideo("y", []byte("500 640x360 1 2\n")); err != nil || v.SegmentDuration != 10*time.Second {
		t.Errorf("default segment duration: %v %v", v, err)
	}
	for name, data := range map[string]string{
		"empty":          "",
		"no sizes":       "300 320x180\n",
		"bad resolution": "300 big 1 2\n",
		"zero size":      "300 320x180 0 2\n",
		"ragged":         "300 320x180 1 2\n600 640x360 1\n",
		"descending":     "600 640x360 1 2\n300 320x180 1 2\n",
		"two durations":  "segment 4s\nsegment 6s\n300 320x180 1\n",
		"bad duration":   "segment soon\n300 320x180 1\n",
	} {
		if _, err := ParseVideo(name, []byte(data)); !errors.Is(err, ErrVideo) {
			t.Errorf("%s: %v, want ErrVideo", name, err)
		}
	}
}

// writeHLS writes a master playlist and media playlists whose segment
// files have the given sizes, as assets.Ensure lays out the ladder.
func writeHLS(t *testing.T, sizes map[string][]int64, bandwidth map[string]int) string {
	t.Helper()
	dir := t.TempDir()
	master := "#EXTM3U\n#EXT-X-VERSION:3\n"
	for _, name := range []string{"720p", "180p"} { // out of order on purpose
		master += fmt.Sprintf("#EXT-X-STREAM-INF:BANDWIDTH=%d,AVERAGE-BANDWIDTH=%d,RESOLUTION=%s,CODECS=\"avc1.64001f,mp4a.40.2\",FRAME-RATE=30.000\n%s/stream.m3u8\n",
			bandwidth[name], bandwidth[name]-1000, map[string]string{"720p": "1280x720", "180p": "320x180"}[name], name)
		if err := os.MkdirAll(filepath.Join(dir, name), 0o755); err != nil {
			t.Fatal(err)
		}
		media := "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXT-X-PLAYLIST-TYPE:VOD\n"
		for i, n := range sizes[name] {
			seg := fmt.Sprintf("seg_%03d.ts", i)
			media += "#EXTINF:10.000000,\n" + seg + "\n"
			if err := os.WriteFile(filepath.Join(dir, name, seg), make([]byte, n), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		media += "#EXT-X-ENDLIST\n"
		if err := os.WriteFile(filepath.Join(dir, name, "stream.m3u8"), []byte(media), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "master.m3u8"), []byte(master), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestVideoFromHLS(t *testing.T) {
	dir := writeHLS(t, map[string][]int64{"180p": {400, 410}, "720p": {3500, 3600}},
		map[string]int{"180p": 340_000, "720p": 2_800_000})
	v, err := LoadVideo(dir)
	if err != nil {
		t.Fatal(err)
	}
	if v.Segments != 2 || v.SegmentDuration != 10*time.Second || len(v.Variants) != 2 {
		t.Fatalf("%+v", v)
	}
	if v.Variants[0].Height != 180 || v.Variants[1].AverageBandwidth != 2_799_000 || v.Kbps(1) != 2799 {
		t.Errorf("variants %+v", v.Variants)
	}
	if v.Sizes[0][1] != 410 || v.Sizes[1][0] != 3500 {
		t.Errorf("sizes %v", v.Sizes)
	}
	if _, err := LoadVideo(filepath.Join(dir, "master.m3u8")); err != nil {
		t.Errorf("by master playlist path: %v", err)
	}
	bad := writeHLS(t, map[string][]int64{"180p": {400, 410}, "720p": {3500}}, map[string]int{"180p": 1, "720p": 2})
	if _, err := LoadVideo(bad); !errors.Is(err, ErrVideo) {
		t.Errorf("ragged ladder: %v", err)
	}
	if _, err := LoadVideo(t.TempDir()); !errors.Is(err, ErrVideo) {
		t.Errorf("no master: %v", err)
	}
}

// TestBuiltinLadderSizes reads the cached built-in ladder when a previous
// run generated it (generating takes minutes; the CLI does it).
func TestBuiltinLadderSizes(t *testing.T) {
	root, err := os.UserCacheDir()
	if err != nil {
		t.Skip(err)
	}
	matches, _ := filepath.Glob(filepath.Join(root, "smartplay", "ladder-ts-120s-v*"))
	if len(matches) == 0 {
		t.Skip("no cached built-in ladder")
	}
	v, err := VideoFromHLS(matches[len(matches)-1])
	if err != nil {
		t.Fatal(err)
	}
	if v.Segments != 12 || v.SegmentDuration != 10*time.Second || len(v.Variants) != 6 || v.Variants[4].Height != 720 {
		t.Fatalf("%d × %v, %+v", v.Segments, v.SegmentDuration, v.Variants)
	}
	for q := range v.Variants {
		var sum int64
		for _, b := range v.Sizes[q] {
			sum += b
		}
		// Segment sizes match the declared average bandwidth within 5%.
		if kbps := float64(sum) * 8 / 120 / 1000; kbps < 0.95*v.Kbps(q) || kbps > 1.05*v.Kbps(q) {
			t.Errorf("rendition %d: %.0f kbps in files, %.0f declared", q, kbps, v.Kbps(q))
		}
	}
}
