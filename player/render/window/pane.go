package window

import (
	"image"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"smartplay/player/media"
	"smartplay/player/render"
	"smartplay/player/render/swscale"
)

// layoutAspect places a compare pane's picture before its first frame
// (and the HUD below it), so that nothing jumps when the picture comes.
const layoutAspect = 16.0 / 9

// margin is the gap between a pane's edges, picture, label and HUD, in
// window pixels.
const margin = 8

// pane is one picture in the window with what is drawn over it.
type pane struct {
	Pane
	c *render.Consumer

	frame    *media.VideoFrame // on screen; kept to convert it again at another size
	aspect   float64
	bt709    bool // the frame's matrix
	scaler   swscale.Scaler
	pic      *ebiten.Image   // frame in RGBA at picAt's size
	picAt    image.Rectangle // where pic goes in the window
	picStale bool            // the frame changed since pic was made
	hasPic   bool

	label   *ebiten.Image // the big label, painted once
	overlay overlayCache
	hud     *hudState // nil without a HUD
}

// upload takes a new frame: it is kept (to convert it again when the
// window changes size) and the previous one given back.
func (p *pane) upload(f *media.VideoFrame) {
	p.frame.Release()
	p.frame = f
	p.aspect = f.DisplayAspect()
	p.bt709 = render.MatrixOf(f) == render.BT709
	p.picStale, p.hasPic = true, true
}

func (p *pane) close() {
	p.scaler.Close()
	p.frame.Release()
	p.frame = nil
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

// paneLayout is where a pane's parts go in the window.
type paneLayout struct {
	area, pic image.Rectangle
	hudAt     image.Point
	hudWidth  int
	hudFont   float64
	labelAt   image.Point // top-left of the label
	labelFont float64
	textAt    image.Point // the state lines ("Buffering...")
}

// layout places the panes in a w×h window. One pane: the picture fills
// the window (letterboxed), the HUD top-left over it. Two: side by side,
// each with its label centred in a band at the top, the picture under it
// and the HUD under the picture when it fits (as last painted), else over
// the picture. The label gets a band because content burns its own text
// into the picture's corners (the built-in ladder does).
func layout(w, h int, panes []*pane) []paneLayout {
	out := make([]paneLayout, len(panes))
	if len(panes) == 1 {
		p := panes[0]
		font := clampF(float64(w)/90, 12, 16)
		at := image.Pt(margin, margin)
		out[0] = paneLayout{area: image.Rect(0, 0, w, h), pic: picRect(w, h, p.aspect),
			hudAt: at, hudWidth: min(int(font*31), w-2*margin), hudFont: font,
			labelAt: at, labelFont: clampF(float64(w)/24, 24, 48), textAt: at}
		return out
	}
	paneW := w / len(panes)
	hudH := 0 // the tallest HUD decides for all: the panes stay alike
	for _, p := range panes {
		if p.hud != nil {
			hudH = max(hudH, p.hud.height())
		}
	}
	for i, p := range panes {
		area := image.Rect(i*paneW, 0, (i+1)*paneW, h)
		l := paneLayout{area: area, hudWidth: paneW - 2*margin, hudFont: clampF(float64(paneW)/50, 12, 16),
			labelFont: clampF(float64(paneW)/20, 20, 40)}
		band := 0
		if p.label != nil {
			lb := p.label.Bounds()
			band = lb.Dy() + margin
			l.labelAt = image.Pt(area.Min.X+(paneW-lb.Dx())/2, area.Min.Y+margin/2)
		}
		aspect := p.aspect
		if !(aspect > 0) {
			aspect = layoutAspect
		}
		picH := min(int(math.Round(float64(paneW)/aspect)), h-band)
		l.pic = picRect(paneW, picH, aspect).Add(area.Min).Add(image.Pt(0, band))
		l.textAt = l.pic.Min.Add(image.Pt(margin, margin))
		l.hudAt = image.Pt(area.Min.X+margin, l.pic.Max.Y+margin)
		if l.hudAt.Y+hudH > h {
			l.hudAt = l.textAt
		}
		out[i] = l
	}
	return out
}

func clampF(v, lo, hi float64) float64 { return min(max(v, lo), hi) }

// preparePic converts the current frame to RGBA at r (window pixels),
// unless that was done already: libswscale scales and converts on the
// CPU, GL is left a 1:1 copy (see package swscale for why).
func (p *pane) preparePic(r image.Rectangle, g *game) bool {
	if !p.picStale && r == p.picAt && p.pic != nil {
		return true
	}
	if p.frame == nil {
		return p.pic != nil // the window resized after the frame was given back
	}
	pix, err := p.scaler.Scale(p.frame, r.Dx(), r.Dy(), p.bt709)
	if err != nil {
		g.opts.Logger.Warn("frame not drawn", "width", p.frame.Width, "height", p.frame.Height, "err", err)
		p.picStale = false
		return false
	}
	if p.pic == nil || p.pic.Bounds().Dx() != r.Dx() || p.pic.Bounds().Dy() != r.Dy() {
		if p.pic != nil {
			p.pic.Deallocate()
		}
		p.pic = ebiten.NewImageWithOptions(image.Rect(0, 0, r.Dx(), r.Dy()), &ebiten.NewImageOptions{Unmanaged: true})
	}
	p.pic.WritePixels(pix)
	p.picAt, p.picStale = r, false
	return true
}

// draw draws the pane's picture 1:1, then its label, state lines and HUD.
func (p *pane) draw(dst target, l paneLayout, g *game) {
	b := dst.Bounds()
	at := func(pt image.Point) (float64, float64) { return float64(b.Min.X + pt.X), float64(b.Min.Y + pt.Y) }
	if p.hasPic && p.preparePic(l.pic, g) {
		op := &ebiten.DrawImageOptions{Blend: ebiten.BlendCopy}
		op.GeoM.Translate(at(l.pic.Min))
		dst.DrawImage(p.pic, op)
	}
	if p.label != nil {
		op := &ebiten.DrawImageOptions{}
		op.GeoM.Translate(at(l.labelAt))
		dst.DrawImage(p.label, op)
	}
	text := l.textAt
	if p.hud != nil && p.hud.shown.Load() && p.hud.img != nil {
		op := &ebiten.DrawImageOptions{}
		op.GeoM.Translate(at(l.hudAt))
		dst.DrawImage(p.hud.img, op)
		if l.hudAt == text { // the HUD is where the text would go
			text.Y += p.hud.img.Bounds().Dy() + margin
		}
	}
	p.overlay.draw(dst, text)
}
