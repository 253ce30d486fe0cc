package e2e

import (
	"image"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smartplay/assets"
	"smartplay/assets/assetstest"
	"smartplay/internal/pngtest"
	"smartplay/internal/xvfb"
	"smartplay/player/hud"
)

// compareScreen is the private X screen of the compare tests: the
// compare window (1280×800) is fitted to 90% of it.
const compareW, compareH = 1600, 900

// paneRects are where the compare window's two pictures are in a w×h
// screenshot: each pane half the width, the picture 16:9 at its full
// width under the label band (player/render/window's layout).
func paneRects(w, h, band int) [2]image.Rectangle {
	paneW := w / 2
	picH := paneW * 9 / 16
	return [2]image.Rectangle{image.Rect(0, band, paneW, band+picH), image.Rect(paneW, band, w, band+picH)}
}

// TestCompareShowsBothPictures runs `smartplay compare URL` (handed over
// to smartplay-window), takes a screenshot at 3 s of the left side's
// clock, quits with SIGINT, and checks that both panes show the test
// picture under their labels.
func TestCompareShowsBothPictures(t *testing.T) {
	display := xvfb.Display(t, compareW, compareH)
	url, _ := assetstest.Serve(t, assets.Options{Duration: 20 * time.Second}, nil)
	dir := t.TempDir()
	shot, prefix := filepath.Join(dir, "compare.png"), filepath.Join(dir, "ev")
	stderr := quitAfterScreenshot(t, display, prefix+"-left.jsonl", "compare", "--screenshot", shot, "--screenshot-at", "3s",
		"--events", prefix, url)
	img := pngtest.Read(t, shot)
	b := img.Bounds()
	band := labelBand(t, img)
	for i, r := range paneRects(b.Dx(), b.Dy(), band) {
		t.Run([]string{"left", "right"}[i], func(t *testing.T) {
			checkTestPicture(t, img.(interface {
				SubImage(image.Rectangle) image.Image
			}).SubImage(r))
		})
	}
	if n := strings.Count(stderr, "played "); n != 2 {
		t.Errorf("stderr has %d QoE lines, want one per side:\n%s", n, stderr)
	}
}

// labelBand is the height of the band the labels take above the
// pictures: the label painted at a twentieth of the pane's width (20-40
// px), plus an 8 px gap (player/render/window's layout).
func labelBand(t *testing.T, img image.Image) int {
	t.Helper()
	font := min(max(float64(img.Bounds().Dx()/2)/20, 20), 40)
	l := hud.NewPainter().Label("SMART", font)
	if l == nil {
		t.Fatal("painting the label failed")
	}
	return l.Bounds().Dy() + 8
}

// TestCompareEndsWithTheCard plays a 20 s ladder to the end on both sides;
// the summary card shows (the screenshot, asked for past the end, is of
// it) and the window closes itself after --card-for.
func TestCompareEndsWithTheCard(t *testing.T) {
	display := xvfb.Display(t, compareW, compareH)
	url, _ := assetstest.Serve(t, assets.Options{Duration: 20 * time.Second}, nil)
	shot := filepath.Join(t.TempDir(), "card.png")
	r := smartplay(t, 2*time.Minute, []string{"DISPLAY=" + display}, "compare", "--screenshot", shot, "--screenshot-at", "1h",
		"--card-for", "1s", url)
	if r.code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", r.code, r.stderr)
	}
	img := pngtest.Read(t, shot)
	b := img.Bounds()
	centre := image.Rect(b.Dx()/3, b.Dy()/3, b.Dx()*2/3, b.Dy()*2/3).Add(b.Min)
	card, text := 0, 0
	for y := centre.Min.Y; y < centre.Max.Y; y++ {
		for x := centre.Min.X; x < centre.Max.X; x++ {
			cr, cg, cb := rgb(img, x, y)
			switch {
			case cr < 30 && cg < 30 && cb < 40:
				card++
			case cr > 200 && cg > 200 && cb > 200, cg > 200 && cr < 150, cr > 230 && cg < 150:
				text++
			}
		}
	}
	if area := centre.Dx() * centre.Dy(); card < area/3 || text < 300 {
		t.Errorf("centre %v: %d card-dark and %d text pixels of %d: no summary card", centre, card, text, area)
	}
	for _, want := range []string{"SMART:", "FIXED 1080P:"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr does not report %s:\n%s", want, r.stderr)
		}
	}
}
