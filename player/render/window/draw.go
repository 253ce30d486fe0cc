package window

import (
	"image"
	"image/color"
	"math"
	"slices"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/ebitenutil"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"smartplay/player/media"
	"smartplay/player/render"
)

// overlayScale enlarges Ebiten's 6×16 debug font so it reads on HD video.
const overlayScale = 2

// upload takes a new frame: it is kept (to convert it again when the
// window changes size) and the previous one given back.
func (g *game) upload(f *media.VideoFrame) {
	g.frame.Release()
	g.frame = f
	g.aspect = f.DisplayAspect()
	g.bt709 = render.MatrixOf(f) == render.BT709
	g.picStale, g.hasPic, g.dirty = true, true, true
}

// fitRect is the largest rectangle of the given aspect centred in w×h
// (letterboxed or pillarboxed).
func fitRect(w, h int, aspect float64) (x, y, dw, dh float32) {
	if w <= 0 || h <= 0 || !(aspect > 0) {
		return 0, 0, float32(max(w, 0)), float32(max(h, 0))
	}
	fw, fh := float64(w), float64(h)
	if fw/fh > aspect { // window wider: bars left and right
		dw64 := fh * aspect
		return float32((fw - dw64) / 2), 0, float32(dw64), float32(fh)
	}
	dh64 := fw / aspect
	return 0, float32((fh - dh64) / 2), float32(fw), float32(dh64)
}

// picRect is fitRect in whole pixels: where the picture goes in w×h.
func picRect(w, h int, aspect float64) image.Rectangle {
	x, y, dw, dh := fitRect(w, h, aspect)
	x0, y0 := int(math.Round(float64(x))), int(math.Round(float64(y)))
	return image.Rect(x0, y0, x0+max(int(math.Round(float64(dw))), 1), y0+max(int(math.Round(float64(dh))), 1))
}

// preparePic converts the current frame to RGBA at its place in a w×h
// target, unless that was done already: libswscale scales and converts on
// the CPU, GL is left a 1:1 copy (see package swscale for why).
func (g *game) preparePic(w, h int) bool {
	r := picRect(w, h, g.aspect)
	if !g.picStale && r == g.picAt && g.pic != nil {
		return true
	}
	if g.frame == nil {
		return g.pic != nil // the window resized after the frame was given back
	}
	pix, err := g.scaler.Scale(g.frame, r.Dx(), r.Dy(), g.bt709)
	if err != nil {
		g.opts.Logger.Warn("frame not drawn", "width", g.frame.Width, "height", g.frame.Height, "err", err)
		g.picStale = false
		return false
	}
	if g.pic == nil || g.pic.Bounds().Dx() != r.Dx() || g.pic.Bounds().Dy() != r.Dy() {
		if g.pic != nil {
			g.pic.Deallocate()
		}
		g.pic = ebiten.NewImageWithOptions(image.Rect(0, 0, r.Dx(), r.Dy()), &ebiten.NewImageOptions{Unmanaged: true})
	}
	g.pic.WritePixels(pix)
	g.picAt, g.picStale = r, false
	return true
}

// drawVideo draws the picture 1:1 at its place in dst.
func (g *game) drawVideo(dst target) {
	b := dst.Bounds()
	if !g.preparePic(b.Dx(), b.Dy()) {
		return
	}
	op := &ebiten.DrawImageOptions{Blend: ebiten.BlendCopy}
	op.GeoM.Translate(float64(b.Min.X+g.picAt.Min.X), float64(b.Min.Y+g.picAt.Min.Y))
	dst.DrawImage(g.pic, op)
}

// overlayLines are the lines shown top-left: state, the one-time muted
// notice, then the caller's Overlay.
func (g *game) overlayLines() []string {
	var lines []string
	st := g.c.Stats()
	switch {
	case st.Buffering:
		lines = append(lines, "Buffering...")
	case st.Paused:
		lines = append(lines, "Paused")
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

// draw puts the text top-left, scaled up so it reads on HD video.
func (o *overlayCache) draw(dst target) {
	if o.img == nil {
		return
	}
	b := dst.Bounds()
	op := &ebiten.DrawImageOptions{}
	op.GeoM.Scale(overlayScale, overlayScale)
	op.GeoM.Translate(float64(b.Min.X+8), float64(b.Min.Y+8))
	dst.DrawImage(o.img, op)
}

// handleKeys forwards keys to Commands; it reports whether to close.
func (g *game) handleKeys() (quit bool) {
	pressed := inpututil.IsKeyJustPressed
	cmd := g.opts.Commands
	if pressed(ebiten.KeyF) {
		ebiten.SetFullscreen(!ebiten.IsFullscreen())
	}
	if pressed(ebiten.KeyQ) || pressed(ebiten.KeyEscape) {
		if cmd != nil {
			cmd.Quit()
		}
		return true
	}
	if cmd == nil {
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
