package e2e

import (
	"bytes"
	"context"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"smartplay/assets"
	"smartplay/internal/pngtest"
	"smartplay/internal/xvfb"
	"smartplay/player/events"
)

// TestWindowShowsTheTestPicture plays the built-in ladder in a real window
// (through bin/smartplay, which hands over to bin/smartplay-window), takes
// a screenshot at 3 s, quits with SIGINT like Ctrl-C, and checks the
// screenshot's pixels and the event log.
func TestWindowShowsTheTestPicture(t *testing.T) {
	display := xvfb.Display(t, 1280, 720) // a window of another package must not cover ours
	url, _ := ladderURL(t, assets.TS)
	dir := t.TempDir()
	shot, evPath := filepath.Join(dir, "shot.png"), filepath.Join(dir, "events.jsonl")
	quitAfterScreenshot(t, display, evPath, "--quality", "720p",
		"--screenshot", shot, "--screenshot-at", "3s", "--events", evPath, url)

	img := pngtest.Read(t, shot)
	checkTestPicture(t, img)

	evs := readEvents(t, evPath)
	var first, end *events.Event
	for i := range evs {
		switch evs[i].Type {
		case events.FirstFrame:
			first = &evs[i]
		case events.SessionEnd:
			end = &evs[i]
		}
	}
	if first == nil || first.Label != "720p" {
		t.Errorf("first_frame %+v, want one from 720p", first)
	}
	if end == nil || end.Reason != "quit" || end.Media < 3 {
		t.Errorf("session_end %+v, want reason quit after 3 s", end)
	}
}

// quitAfterScreenshot runs bin/smartplay with args on display, waits for
// the screenshot's notice in the event log at evPath, then quits it with
// SIGINT like Ctrl-C; it must exit cleanly. It returns what it printed on
// stderr.
func quitAfterScreenshot(t *testing.T, display, evPath string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(binDir, "smartplay"), args...)
	cmd.Env = xvfb.Env(display)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(90 * time.Second)
	for !logHas(evPath, "screenshot saved") {
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("no screenshot within 90 s; stderr:\n%s", stderr.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGINT)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("smartplay %s after SIGINT: %v; stderr:\n%s", args[0], err, stderr.String())
	}
	return stderr.String()
}

func logHas(path, s string) bool {
	b, err := os.ReadFile(path)
	return err == nil && strings.Contains(string(b), s)
}

// checkTestPicture asserts what a viewer sees of the built-in picture: it
// is not black, the colour bars are there (red at the left, blue in the
// middle), and the burned-in label ("720p 2850k", white on a dark box,
// top centre) and timecode (bottom centre) are present.
func checkTestPicture(t *testing.T, img image.Image) {
	t.Helper()
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w < 320 || h < 180 {
		t.Fatalf("screenshot is %dx%d", w, h)
	}
	var sum float64
	for y := b.Min.Y; y < b.Max.Y; y += 4 {
		for x := b.Min.X; x < b.Max.X; x += 4 {
			r, g, bl := rgb(img, x, y)
			sum += 0.299*r + 0.587*g + 0.114*bl
		}
	}
	if mean := sum / float64((w/4+1)*(h/4+1)); mean < 60 {
		t.Errorf("picture mean luma %.0f: black or nearly", mean)
	}
	// The picture fills a 16:9 window; the first bar is red and the
	// fourth blue (testsrc2's bars), sampled below the label.
	if r, g, bl := rgb(img, b.Min.X+w/14, b.Min.Y+h*2/3); !(r > 180 && g < 90 && bl < 90) {
		t.Errorf("left bar at (%d,%d) is (%.0f,%.0f,%.0f), want red", w/14, h*2/3, r, g, bl)
	}
	if r, g, bl := rgb(img, b.Min.X+w*9/16, b.Min.Y+h*2/3); !(bl > 180 && r < 90 && g < 90) {
		t.Errorf("middle bar is (%.0f,%.0f,%.0f), want blue", r, g, bl)
	}
	label := image.Rect(w*3/10, h/12, w*7/10, h/12+h/9)
	timecode := image.Rect(w*3/10, h*3/4, w*7/10, h*11/12)
	for name, r := range map[string]image.Rectangle{"label": label, "timecode": timecode} {
		white, dark := 0, 0
		for y := r.Min.Y; y < r.Max.Y; y++ {
			for x := r.Min.X; x < r.Max.X; x++ {
				cr, cg, cb := rgb(img, b.Min.X+x, b.Min.Y+y)
				switch {
				case cr > 220 && cg > 220 && cb > 220:
					white++
				case cr < 130 && cg < 130 && cb < 130:
					dark++
				}
			}
		}
		area := r.Dx() * r.Dy()
		if white < area/50 || dark < area/10 {
			t.Errorf("%s area %v: %d white and %d dark pixels of %d: burned-in text missing", name, r, white, dark, area)
		}
	}
}

func rgb(img image.Image, x, y int) (float64, float64, float64) {
	r, g, b, _ := img.At(x, y).RGBA()
	return float64(r >> 8), float64(g >> 8), float64(b >> 8)
}
