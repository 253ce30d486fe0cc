package window

import (
	"image"
	"image/color"
	"slices"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/ebitenutil"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"smartplay/player/hud"
)

// overlayScale enlarges Ebiten's 6×16 debug font so it reads on HD video.
const overlayScale = 2

// overlayLines are the lines shown over pane i: its state, then (first
// pane) the one-time muted notice and the caller's Overlay.
func (g *game) overlayLines(p *pane, i int) []string {
	var lines []string
	st := p.c.Stats()
	switch {
	case st.Buffering && !st.Ended:
		lines = append(lines, "Buffering...")
	case st.Paused:
		lines = append(lines, "Paused")
	}
	if i > 0 {
		return lines
	}
	if g.opts.MutedNotice != "" && time.Since(g.start) < mutedNoticeFor {
		lines = append(lines, g.opts.MutedNotice)
	}
	if g.opts.Overlay != nil {
		lines = append(lines, g.opts.Overlay()...)
	}
	return lines
}

// overlayCache holds the overlay text rendered on a dark box, redrawn
// only when the lines change.
type overlayCache struct {
	lines []string
	img   *ebiten.Image
}

// update sets the lines; it reports whether they changed.
func (o *overlayCache) update(lines []string) bool {
	if slices.Equal(lines, o.lines) {
		return false
	}
	o.lines = lines
	if o.img != nil {
		o.img.Deallocate()
		o.img = nil
	}
	if len(lines) == 0 {
		return true
	}
	const charW, lineH, pad = 6, 16, 4
	cols := 0
	for _, s := range lines {
		cols = max(cols, len([]rune(s)))
	}
	w, h := cols*charW+2*pad, len(lines)*lineH+2*pad
	o.img = ebiten.NewImage(w, h)
	vector.DrawFilledRect(o.img, 0, 0, float32(w), float32(h), color.RGBA{0, 0, 0, 170}, false)
	for i, s := range lines {
		ebitenutil.DebugPrintAt(o.img, s, pad, pad+i*lineH)
	}
	return true
}

// draw puts the text at (window pixels), scaled up so it reads on HD video.
func (o *overlayCache) draw(dst target, at image.Point) {
	if o.img == nil {
		return
	}
	b := dst.Bounds()
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Scale(overlayScale, overlayScale)
	op.GeoM.Translate(float64(b.Min.X+at.X), float64(b.Min.Y+at.Y))
	dst.DrawImage(o.img, op)
}

// cardState is the summary card over the window.
type cardState struct {
	up    bool
	since time.Time
	card  hud.Card
	img   *ebiten.Image
	dim   *ebiten.Image // 1×1 white, stretched dark over the window
}

// cardDim is how much the card darkens the window behind it: the card
// reads on its own while the last pictures still show.
const cardDim = 0.65

// showCard asks for the summary card and shows it.
func (g *game) showCard() {
	g.card.up, g.card.since, g.card.card = true, time.Now(), g.opts.Card()
	g.card.paint(g, g.w)
	g.dirty = true
	g.wakeUp()
}

// cardFontDiv: the card's text is a fiftieth of the window's width (a
// 1280 px window: 25.6 → capped at 24 px), so it spans about half of it.
const cardFontDiv = 50

// paint paints the card for a window w pixels wide.
func (c *cardState) paint(g *game, w int) {
	img := hud.NewPainter().Card(c.card, clampF(float64(w)/cardFontDiv, 12, 24))
	if img == nil {
		g.logFontError()
		return
	}
	if c.img != nil {
		c.img.Deallocate()
	}
	c.img = ebiten.NewImageFromImage(img)
}

// draw centres the card in dst.
func (c *cardState) draw(dst target) {
	if !c.up || c.img == nil {
		return
	}
	b, cb := dst.Bounds(), c.img.Bounds()
	if c.dim == nil {
		c.dim = ebiten.NewImage(1, 1)
		c.dim.Fill(color.White)
	}
	dop := &ebiten.DrawImageOptions{}
	dop.GeoM.Scale(float64(b.Dx()), float64(b.Dy()))
	dop.GeoM.Translate(float64(b.Min.X), float64(b.Min.Y))
	dop.ColorScale.Scale(0, 0, 0, cardDim)
	dst.DrawImage(c.dim, dop)
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Translate(float64(b.Min.X+(b.Dx()-cb.Dx())/2), float64(b.Min.Y+(b.Dy()-cb.Dy())/2))
	dst.DrawImage(c.img, op)
}

// handleKeys forwards keys to Commands; it reports whether to close. With
// a Card, q/Esc first quits and shows the card; q/Esc on the card closes.
func (g *game) handleKeys() (quit bool) {
	pressed := inpututil.IsKeyJustPressed
	cmd := g.opts.Commands
	if pressed(ebiten.KeyF) {
		ebiten.SetFullscreen(!ebiten.IsFullscreen())
	}
	if pressed(ebiten.KeyH) {
		g.toggleHUD()
	}
	if pressed(ebiten.KeyQ) || pressed(ebiten.KeyEscape) {
		if g.card.up {
			return true
		}
		if cmd != nil {
			cmd.Quit()
		}
		if g.opts.Card == nil {
			return true
		}
		g.showCard()
		return false
	}
	if cmd == nil || g.card.up {
		return false
	}
	if pressed(ebiten.KeySpace) {
		cmd.TogglePause()
	}
	if pressed(ebiten.KeyArrowLeft) {
		cmd.Seek(-seekStep)
	}
	if pressed(ebiten.KeyArrowRight) {
		cmd.Seek(seekStep)
	}
	for n := 0; n <= 9; n++ {
		if pressed(ebiten.Key0+ebiten.Key(n)) || pressed(ebiten.KeyNumpad0+ebiten.Key(n)) {
			cmd.SetQuality(n)
		}
	}
	return false
}

// toggleHUD shows or hides every pane's HUD (h).
func (g *game) toggleHUD() {
	g.hudOn = !g.hudOn
	for _, p := range g.panes {
		if p.hud != nil {
			p.hud.shown.Store(g.hudOn)
			p.hud.wake()
		}
	}
	g.dirty = true
}
