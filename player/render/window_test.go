package render

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"smartplay/internal/pngtest"
	"smartplay/internal/windowcheckbin"
	"smartplay/internal/xvfb"
)

// The window tests run player/render/window/windowcheck in a child process:
// Ebiten panics at init without a display, so no test binary that must
// pass headless may import it.

// keepShotsEnv names a directory to copy the screenshots to, to look at.
const keepShotsEnv = "SMARTPLAY_RENDER_KEEP_SHOTS"

// benchEnv runs the window benchmark, e.g.
// SMARTPLAY_RENDER_BENCH="1920x1080@30 1280x720 10s".
const benchEnv = "SMARTPLAY_RENDER_BENCH"

func needDisplay(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		t.Skip("no display ($DISPLAY empty); make test runs this under xvfb-run")
	}
}

// probe is a window pixel and the colour expected there.
type probe struct {
	x, y    int
	r, g, b uint8
}

// The scenarios are defined in windowcheck/scenarios.go.
var windowScenarios = []struct {
	name   string
	w, h   int
	probes []probe
	// xw×xh and xProbes, when set, are the X capture's size and pixels
	// (taken after a resize); else w×h and probes.
	xw, xh        int
	xProbes       []probe
	overlayRegion image.Rectangle // must hold some bright text pixels
	// stallText must hold text in the X capture (taken during a stall)
	// and not in the screenshot (taken before it).
	stallText image.Rectangle
	minStalls int
}{{
	// 320×180 BT.601 red|blue in 640×480: picture at y 60..420.
	name: "sd-letterbox", w: 640, h: 480,
	probes: []probe{
		{320, 20, 0, 0, 0}, {320, 459, 0, 0, 0}, // bars
		{40, 100, 255, 0, 0}, {280, 380, 255, 0, 0}, // left red
		{360, 100, 0, 0, 255}, {600, 380, 0, 0, 255}, // right blue
	},
	overlayRegion: image.Rect(8, 8, 300, 58), // the muted notice
}, {
	// BT.709 red over blue after a switch from 4:3, in 800×300: picture
	// at x 133..667.
	name: "hd-pillarbox-after-switch", w: 800, h: 300,
	probes: []probe{
		{60, 150, 0, 0, 0}, {740, 150, 0, 0, 0}, // pillars
		{400, 100, 255, 0, 0}, {650, 130, 255, 0, 0}, // top red
		{150, 170, 0, 0, 255}, {650, 280, 0, 0, 255}, // bottom blue
	},
}, {
	// BT.709-tagged SD frame drawn 1:1: the tag, not the size, picks the
	// matrix (read as BT.601, red would come out orange-ish).
	name: "sd-tagged-709", w: 320, h: 180,
	probes: []probe{{160, 60, 255, 0, 0}, {300, 20, 255, 0, 0}, {20, 160, 0, 0, 255}, {300, 170, 0, 0, 255}},
}, {
	// Runs dry at 0.5 s: "Buffering..." over the last picture.
	name: "buffering", w: 640, h: 360,
	probes:    []probe{{40, 300, 255, 0, 0}, {600, 300, 0, 0, 255}},
	stallText: image.Rect(8, 8, 200, 40),
	minStalls: 1,
}, {
	// As buffering; the window grows to 640×480 during the stall and the
	// last picture is fitted again (letterboxed at y 60..420) with no new
	// frame: the window keeps the frame to convert it again.
	name: "resize-while-stalled", w: 640, h: 360,
	probes: []probe{{40, 300, 255, 0, 0}, {600, 300, 0, 0, 255}},
	xw:     640, xh: 480,
	xProbes: []probe{
		{320, 20, 0, 0, 0}, {320, 459, 0, 0, 0}, // bars
		{40, 400, 255, 0, 0}, {600, 400, 0, 0, 255},
	},
	stallText: image.Rect(8, 8, 200, 40),
	minStalls: 1,
}, {
	// 318×178 blue|red at exactly 2× in 636×356: no bars.
	name: "odd-size", w: 636, h: 356,
	probes: []probe{
		{4, 64, 0, 0, 255}, {300, 350, 0, 0, 255},
		{340, 60, 255, 0, 0}, {632, 352, 255, 0, 0},
	},
}}

// maxDroppedShare: at most one frame in this many may be dropped.
const maxDroppedShare = 10

// screenW, screenH: the private X screen of the window tests.
const screenW, screenH = 1280, 720

func TestWindowScreenshot(t *testing.T) {
	env := xvfb.Env(xvfb.Display(t, screenW, screenH)) // import must see our window, not another test's
	bin := windowcheckbin.Path(t)
	for _, sc := range windowScenarios {
		t.Run(sc.name, func(t *testing.T) {
			dir := t.TempDir()
			shot := filepath.Join(dir, sc.name+".png")
			args := []string{"-scenario", sc.name, "-shot", shot}
			// The window's own screenshot draws the picture again into an
			// image; ImageMagick's import reads what the X server shows.
			xshot := ""
			if _, err := exec.LookPath("import"); err == nil {
				xshot = filepath.Join(dir, sc.name+"-x11.png")
				args = append(args, "-xshot", xshot)
			}
			ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, args...)
			cmd.Env = env
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("windowcheck: %v\n%s", err, out)
			}
			t.Logf("windowcheck: %s", out)
			for _, path := range []string{shot, xshot} {
				if path == "" {
					t.Log("ImageMagick import not found: the X server's pixels are not checked")
					continue
				}
				w, h, probes := sc.w, sc.h, sc.probes
				if path == xshot && sc.xProbes != nil {
					w, h, probes = sc.xw, sc.xh, sc.xProbes
				}
				img := checkShot(t, path, w, h, probes, sc.overlayRegion)
				if !sc.stallText.Empty() && hasBright(img, sc.stallText) != (path == xshot) {
					t.Errorf("%s: text in %v = %v, want it only during the stall", filepath.Base(path), sc.stallText, !(path == xshot))
				}
			}
			var res struct {
				Stats      Stats
				ColourOnly bool
			}
			if err := json.Unmarshal(lastLine(out), &res); err != nil {
				t.Fatalf("windowcheck result: %v", err)
			}
			if !res.ColourOnly { // 6.7 MB more at 1080p (window/framebuffer.go)
				t.Errorf("the window's framebuffer keeps GLFW's depth and stencil buffers: Ebiten's GLFW hints are not reachable")
			}
			// A few late frames are tolerated: `make test` runs packages in
			// parallel on 2 cores, and a test must not assert timing (zero
			// drops at 1080p30 is `make bench`'s goal). Losing more than one
			// frame in ten means the presenter is broken, not busy.
			if res.Stats.FramesDropped*maxDroppedShare > res.Stats.FramesShown+res.Stats.FramesDropped || res.Stats.Stalls < sc.minStalls {
				t.Errorf("stats %+v: want under 1/%d of the frames dropped and at least %d stalls", res.Stats, maxDroppedShare, sc.minStalls)
			}
		})
	}
}

// TestWindowKeys presses keys through the X server (XTEST) and checks what
// reached Commands; q also closes the window.
func TestWindowKeys(t *testing.T) {
	display := xvfb.Display(t, screenW, screenH) // the keys must reach our window
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, windowcheckbin.Path(t), "-keys")
	cmd.Env = xvfb.Env(display)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("windowcheck -keys: %v", err)
	}
	var calls []string
	if err := json.Unmarshal(out, &calls); err != nil {
		t.Fatalf("windowcheck output %q: %v", out, err)
	}
	want := []string{"TogglePause", "Seek(10s)", "Seek(-10s)", "SetQuality(2)", "SetQuality(0)", "Quit"}
	if !equalStrings(calls, want) {
		t.Fatalf("Commands calls = %q, want %q", calls, want)
	}
}

// TestWindowBench measures the window's CPU cost and dropped frames with
// synthetic frames; it reports, it does not judge (machines differ).
func TestWindowBench(t *testing.T) {
	spec := os.Getenv(benchEnv)
	if spec == "" {
		t.Skip("set " + benchEnv + `="1920x1080@30 1280x720 10s" to measure the window`)
	}
	needDisplay(t)
	var frames, size, dur string
	if _, err := fmt.Sscan(spec, &frames, &size, &dur); err != nil {
		t.Fatalf("bad %s=%q: %v", benchEnv, spec, err)
	}
	out, err := exec.CommandContext(t.Context(), windowcheckbin.Path(t), "-bench", frames, "-size", size, "-for", dur).Output()
	if err != nil {
		t.Fatalf("windowcheck: %v", err)
	}
	var r struct {
		Stats        Stats
		Frames       int
		CPUPerSecond float64
	}
	if err := json.Unmarshal(out, &r); err != nil {
		t.Fatalf("windowcheck output %q: %v", out, err)
	}
	t.Logf("%s in %s: %d frames, shown %d, dropped %d, %.2f CPU-s per s played",
		frames, size, r.Frames, r.Stats.FramesShown, r.Stats.FramesDropped, r.CPUPerSecond)
}

// checkShot compares a screenshot with the expected pixels.
func checkShot(t *testing.T, path string, w, h int, probes []probe, overlay image.Rectangle) image.Image {
	t.Helper()
	img := pngtest.Read(t, path)
	if dir := os.Getenv(keepShotsEnv); dir != "" {
		if b, err := os.ReadFile(path); err == nil {
			_ = os.WriteFile(filepath.Join(dir, filepath.Base(path)), b, 0o644)
		}
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Fatalf("%s is %v, want %dx%d", filepath.Base(path), b, w, h)
	}
	for _, p := range probes {
		r, g, b := rgbAt(img, p.x, p.y)
		if !near8(r, p.r, 6) || !near8(g, p.g, 6) || !near8(b, p.b, 6) {
			t.Errorf("%s: pixel (%d,%d) = %d,%d,%d, want %d,%d,%d", filepath.Base(path), p.x, p.y, r, g, b, p.r, p.g, p.b)
		}
	}
	if !overlay.Empty() && !hasBright(img, overlay) {
		t.Errorf("%s: no overlay text in %v", filepath.Base(path), overlay)
	}
	return img
}

// lastLine is the last non-empty line of out (windowcheck's JSON result
// after any log lines).
func lastLine(out []byte) []byte {
	lines := bytes.Split(bytes.TrimSpace(out), []byte("\n"))
	return lines[len(lines)-1]
}

func rgbAt(img image.Image, x, y int) (r, g, b uint8) {
	R, G, B, _ := img.At(x, y).RGBA()
	return uint8(R >> 8), uint8(G >> 8), uint8(B >> 8)
}

func near8(a, b, tol uint8) bool {
	d := int(a) - int(b)
	return d <= int(tol) && -d <= int(tol)
}

func hasBright(img image.Image, r image.Rectangle) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if r, g, b := rgbAt(img, x, y); r > 200 && g > 200 && b > 200 {
				return true
			}
		}
	}
	return false
}
