package hud

import (
	"bytes"
	"context"
	"encoding/json"
	"image"
	"image/color"
	"image/draw"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smartplay/internal/pngtest"
	"smartplay/internal/windowcheckbin"
	"smartplay/internal/xvfb"
)

// The window tests play windowcheck's -panes scenarios
// (player/render/window/windowcheck/panes.go) in a child process on a
// private Xvfb (Ebiten panics at init without a display, so no test
// binary imports it) and inspect the window's screenshot. Positions
// follow player/render/window's layout (pane.go): one pane's HUD at
// (8,8) at a font of width/90 px (12-16); two panes side by side, each
// label centred 4 px from the top at paneWidth/20 px (20-40), the picture
// under it after an 8 px gap, the HUD 8 px under the picture at
// paneWidth/50 px (12-16), paneWidth-16 wide.

// panesResult is windowcheck -panes' output.
type panesResult struct {
	Lines  [][]string
	Card   bool
	Window [2]int
	Stats  []struct{ FramesShown, FramesDropped int64 }
}

// runPanes plays a scenario and returns its screenshot and result.
func runPanes(t *testing.T, name string) (*image.RGBA, panesResult) {
	t.Helper()
	env := xvfb.Env(xvfb.Display(t, 1280, 720))
	bin := windowcheckbin.Path(t)
	shot := filepath.Join(t.TempDir(), name+".png")
	ctx, cancel := context.WithTimeout(t.Context(), 45*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-panes", name, "-shot", shot)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("windowcheck -panes %s: %v\n%s", name, err, stderr.String())
	}
	var res panesResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("windowcheck output %q: %v", out, err)
	}
	img := pngtest.Read(t, shot)
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, image.Point{}, draw.Src)
	keep(t, "window-"+name+".png", rgba)
	if b := rgba.Bounds(); b.Dx() != res.Window[0] || b.Dy() != res.Window[1] {
		t.Fatalf("screenshot is %v, windowcheck says %v", b, res.Window)
	}
	return rgba, res
}

// bright marks text: every channel high.
func bright(c color.NRGBA) bool { return c.R > 200 && c.G > 200 && c.B > 200 }

// sameText compares where text is bright in the window (region at, size
// of want) with want, an image painted by the Painter and composited over
// the same background: at most 3% of the text pixels may differ (GL's
// blending rounds differently), and there must be text.
func sameText(t *testing.T, what string, got *image.RGBA, at image.Point, want *image.RGBA) {
	t.Helper()
	n, diff := 0, 0
	b := want.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			w := bright(color.NRGBAModel.Convert(want.At(x, y)).(color.NRGBA))
			g := bright(color.NRGBAModel.Convert(got.At(at.X+x, at.Y+y)).(color.NRGBA))
			if w {
				n++
			}
			if w != g {
				diff++
			}
		}
	}
	if n < 50 || diff*100 > 3*n {
		t.Errorf("%s: %d of %d text pixels differ from the painted text (want text, and under 3%% off)", what, diff, n)
	}
}

// over composites img over a solid background, as the window does.
func over(img *image.RGBA, bg color.Color) *image.RGBA {
	out := image.NewRGBA(img.Bounds())
	draw.Draw(out, out.Bounds(), image.NewUniform(bg), image.Point{}, draw.Src)
	draw.Draw(out, out.Bounds(), img, img.Bounds().Min, draw.Over)
	return out
}

// firstLine paints a HUD whose only line is line and crops its first text
// line (the panel's pad to pad+lineH).
func firstLine(t *testing.T, line string, width int, font float64, bg color.Color) *image.RGBA {
	t.Helper()
	p := NewPainter()
	panel := p.HUD(View{Head: []string{line}}, width, font)
	m, ok := p.metrics(font)
	if panel == nil || !ok {
		t.Fatalf("painting: %v", p.Err())
	}
	return over(panel, bg).SubImage(image.Rect(0, m.pad, width, m.pad+m.lineH)).(*image.RGBA)
}

var (
	red  = color.NRGBA{255, 0, 0, 255}
	blue = color.NRGBA{0, 0, 255, 255}
)

// TestWindowHUD: the HUD is drawn over the picture, dark and translucent,
// and its first line is the rendition on screen, as painted.
func TestWindowHUD(t *testing.T) {
	img, res := runPanes(t, "hud")
	if len(res.Lines) != 1 || !strings.HasPrefix(res.Lines[0][0], "playing   720p  1280×720") {
		t.Fatalf("HUD lines %q, want the first to name 720p", res.Lines)
	}
	const w = 640
	font := min(max(float64(w)/90, 12), 16)
	width := min(int(font*31), w-16)
	sameText(t, "the HUD's rendition line", img, image.Pt(8, 8), firstLine(t, res.Lines[0][0], width, font, red))
	// Translucent: the red picture shows through the panel, darkened.
	if c := img.RGBAAt(8+width-4, 8+60); !(c.R > 40 && c.R < 140 && c.G < 30 && c.B < 30) {
		t.Errorf("panel pixel %v, want red darkened by the panel", c)
	}
	if c := img.RGBAAt(w-20, 340); c.R < 240 || c.G > 15 {
		t.Errorf("picture pixel %v outside the HUD, want red", c)
	}
}

// TestWindowCompare: two pictures side by side, each under its label,
// each HUD under its picture naming its rendition.
func TestWindowCompare(t *testing.T) {
	img, res := runPanes(t, "compare")
	if len(res.Lines) != 2 || !strings.Contains(res.Lines[0][0], "720p") || !strings.Contains(res.Lines[1][0], "1080p") {
		t.Fatalf("HUD lines %q, want 720p left and 1080p right", res.Lines)
	}
	paneW := res.Window[0] / 2
	labelFont := min(max(float64(paneW)/20, 20), 40)
	hudFont := min(max(float64(paneW)/50, 12), 16)
	for i, side := range []struct {
		label  string
		colour color.NRGBA
	}{{"SMART", red}, {"FIXED 1080P", blue}} {
		x0 := i * paneW
		label := NewPainter().Label(side.label, labelFont)
		lb := label.Bounds()
		sameText(t, side.label+" label", img, image.Pt(x0+(paneW-lb.Dx())/2, 4), over(label, color.Black))
		picTop := lb.Dy() + 8
		picH := paneW * 9 / 16
		for _, pt := range []image.Point{{x0 + 20, picTop + 10}, {x0 + paneW/2, picTop + picH/2}, {x0 + paneW - 20, picTop + picH - 10}} {
			if c := color.NRGBAModel.Convert(img.At(pt.X, pt.Y)).(color.NRGBA); !near(c, side.colour, 8) {
				t.Errorf("%s picture at %v = %v, want %v", side.label, pt, c, side.colour)
			}
		}
		hudAt := image.Pt(x0+8, picTop+picH+8)
		sameText(t, side.label+" HUD", img, hudAt, firstLine(t, res.Lines[i][0], paneW-16, hudFont, color.Black))
	}
}

// TestWindowCard: when both sides end, the summary card shows over the
// dimmed window, the better figures green and the worse red.
func TestWindowCard(t *testing.T) {
	img, res := runPanes(t, "card")
	if !res.Card {
		t.Fatal("the card was not asked for")
	}
	b := img.Bounds()
	centre := image.Rect(b.Dx()/4, b.Dy()/4, b.Dx()*3/4, b.Dy()*3/4)
	green := count(img, centre, func(c color.NRGBA) bool { return near(c, betterColor, 25) })
	redText := count(img, centre, func(c color.NRGBA) bool { return near(c, worseColor, 25) })
	if green < 100 || redText < 100 {
		t.Errorf("card: %d green and %d red text pixels in %v, want both", green, redText, centre)
	}
	// The pictures behind it are dimmed.
	if c := img.RGBAAt(4, b.Dy()/2); c.R > 120 {
		t.Errorf("left picture behind the card = %v, want it dimmed", c)
	}
}
