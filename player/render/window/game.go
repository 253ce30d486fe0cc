package window

import (
	"image"
	"image/color"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"smartplay/player/hud"
	"smartplay/player/render"
)

// game implements ebiten.Game and ebiten.FinalScreenDrawer.
type game struct {
	panes []*pane
	opts  Options
	start time.Time
	ran   chan struct{} // Update ran (for the pacer)
	warm  atomic.Int32  // frames run; video is taken once the shaders are compiled
	wake  atomic.Bool   // a HUD image is ready: schedule a frame
	wakeC chan struct{}

	dirty       bool // the window must be redrawn
	w, h        int  // window size in pixels
	hudOn       bool
	card        cardState
	shotPending bool
	shots       sync.WaitGroup
	huds        sync.WaitGroup
	fontErr     bool // logged once
}

// warmFrames: the first frames only compile Ebiten's shaders (it compiles
// on first use, which takes long enough on software GL to drop frames);
// video is taken from the frame after.
const warmFrames = 2

// offscreenSide is the side of Ebiten's offscreen image in pixels: enough
// for the warm-up draws (2×2) and the one pixel Draw touches.
const offscreenSide = 16

func newGame(panes []Pane, opts Options) *game {
	g := &game{opts: opts, start: time.Now(), shotPending: opts.Screenshot != "", ran: make(chan struct{}, 1),
		wakeC: make(chan struct{}, 1), hudOn: opts.ShowHUD}
	for _, p := range panes {
		pp := &pane{Pane: p, c: p.Consumer}
		if p.HUD != nil {
			pp.hud = newHUDState(p.HUD, p.Readings, opts.ShowHUD)
		}
		g.panes = append(g.panes, pp)
	}
	return g
}

// startHUDs starts each HUD's painter goroutine.
func (g *game) startHUDs(stop <-chan struct{}) {
	for _, p := range g.panes {
		if p.hud != nil {
			g.huds.Add(1)
			go func() {
				defer g.huds.Done()
				p.hud.run(stop, g.wakeUp)
			}()
		}
	}
}

func (g *game) close() {
	for _, p := range g.panes {
		p.close()
	}
}

// ended reports whether every pane's content is over.
func (g *game) ended() bool {
	for _, p := range g.panes {
		select {
		case <-p.c.Done():
		case <-p.Ended: // nil: never
		default:
			return false
		}
	}
	return true
}

func (g *game) Update() error {
	defer func() { // tell the pacer the game loop ran
		select {
		case g.ran <- struct{}{}:
		default:
		}
	}()
	if g.handleKeys() {
		return ebiten.Termination
	}
	if g.opts.Close != nil {
		select {
		case <-g.opts.Close:
			return ebiten.Termination
		default:
		}
	}
	if g.card.up && g.opts.CardFor > 0 && time.Since(g.card.since) >= g.opts.CardFor {
		return ebiten.Termination
	}
	if !g.card.up && g.ended() { // the last frame was drawn in an earlier tick
		switch {
		case g.opts.Card != nil:
			g.showCard()
		case g.opts.ExitWhenDone:
			return ebiten.Termination
		}
	}
	if g.warm.Load() >= warmFrames {
		for _, p := range g.panes {
			if f, _ := p.c.TakeFrame(); f != nil {
				if p.hud != nil {
					p.hud.measureAV(p.c.Position() - f.PTS)
				}
				p.upload(f)
				g.dirty = true
			}
		}
	}
	for i, p := range g.panes {
		if p.overlay.update(g.overlayLines(p, i)) {
			g.dirty = true
		}
		if p.hud != nil && p.hud.upload() && p.hud.shown.Load() {
			g.dirty = true
		}
	}
	return nil
}

// Layout records the window size and returns a tiny offscreen: everything
// is drawn on the final screen (DrawFinalScreen), so a window-sized
// offscreen would only hold memory (6.7 MB at 1728×972, in Mesa's heap
// under software GL).
func (g *game) Layout(w, h int) (int, int) {
	if w != g.w || h != g.h {
		g.w, g.h, g.dirty = w, h, true
		for i, l := range layout(w, h, g.panes) { // labels first: the layout depends on their size
			g.makeLabel(g.panes[i], l.labelFont)
		}
		for i, l := range layout(w, h, g.panes) {
			if p := g.panes[i]; p.hud != nil {
				p.hud.setSize(l.hudWidth, l.hudFont)
			}
		}
		if g.card.up {
			g.card.paint(g, w)
		}
	}
	return offscreenSide, offscreenSide
}

// makeLabel paints the pane's label at the layout's size (once per size).
func (g *game) makeLabel(p *pane, font float64) {
	if p.Label == "" {
		return
	}
	img := hud.NewPainter().Label(p.Label, font)
	if img == nil {
		g.logFontError()
		return
	}
	if p.label != nil {
		p.label.Deallocate()
	}
	p.label = ebiten.NewImageFromImage(img)
}

func (g *game) logFontError() {
	if !g.fontErr {
		g.fontErr = true
		g.opts.Logger.Warn("window: no text drawn", "err", hud.ErrFont)
	}
}

// Draw draws nothing itself: the picture goes straight onto the window's
// framebuffer in DrawFinalScreen, which saves a full-window copy per frame.
// When something changed it touches one offscreen pixel, so that Ebiten
// presents a new frame; otherwise Ebiten skips the redraw and the swap.
func (g *game) Draw(offscreen *ebiten.Image) {
	if g.warm.Load() < warmFrames {
		g.warm.Add(1)
		g.warmUp(offscreen)
		g.dirty = true
	}
	g.maybeScreenshot()
	if !g.dirty {
		return
	}
	g.dirty = false
	offscreen.SubImage(image.Rect(0, 0, 1, 1)).(*ebiten.Image).Fill(color.Black)
}

// DrawFinalScreen draws the picture and the overlay on the framebuffer,
// which Ebiten has just cleared to black.
func (g *game) DrawFinalScreen(screen ebiten.FinalScreen, _ *ebiten.Image, _ ebiten.GeoM) {
	g.drawAll(screen)
}

// target is what drawAll draws on: the final screen, or an image for a
// screenshot.
type target interface {
	Bounds() image.Rectangle
	DrawImage(img *ebiten.Image, options *ebiten.DrawImageOptions)
	DrawTrianglesShader(vertices []ebiten.Vertex, indices []uint16, shader *ebiten.Shader, options *ebiten.DrawTrianglesShaderOptions)
}

func (g *game) drawAll(dst target) {
	b := dst.Bounds()
	for i, l := range layout(b.Dx(), b.Dy(), g.panes) {
		g.panes[i].draw(dst, l, g)
	}
	g.card.draw(dst)
}

// warmUp draws a 1×1 image off screen so that Ebiten compiles the shader
// the picture is drawn with before the first picture is due.
func (g *game) warmUp(dst *ebiten.Image) {
	img := ebiten.NewImage(1, 1)
	dst.DrawImage(img, nil)
	img.Deallocate()
}

// hasPic reports whether some pane shows a picture.
func (g *game) hasPic() bool {
	for _, p := range g.panes {
		if p.hasPic {
			return true
		}
	}
	return false
}

// maybeScreenshot saves the window's content once the first pane's clock
// passed the screenshot time and a picture is up, or when the summary
// card shows. The final screen cannot be read, so everything is drawn
// again into an image; PNG encoding runs aside.
func (g *game) maybeScreenshot() {
	if !g.shotPending || !g.hasPic() || g.w <= 0 || g.h <= 0 {
		return
	}
	pos := g.panes[0].c.Position()
	if pos < g.opts.ScreenshotAt && !g.card.up {
		return
	}
	g.shotPending = false
	shot := ebiten.NewImage(g.w, g.h)
	shot.Fill(color.Black)
	g.drawAll(shot)
	img := image.NewRGBA(image.Rect(0, 0, g.w, g.h))
	shot.ReadPixels(img.Pix)
	shot.Deallocate()
	g.shots.Add(1)
	go func() {
		defer g.shots.Done()
		err := render.WritePNG(g.opts.Screenshot, img)
		if err != nil {
			g.opts.Logger.Warn("screenshot failed", "path", g.opts.Screenshot, "err", err)
		} else {
			g.opts.Logger.Info("screenshot saved", "path", g.opts.Screenshot, "pos", pos)
		}
		if g.opts.OnScreenshot != nil {
			g.opts.OnScreenshot(g.opts.Screenshot, pos, err)
		}
	}()
}
