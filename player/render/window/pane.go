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

	frame  *media.VideoFrame // on screen; converted again at each redraw
	aspect float64
	bt709  bool // the frame's matrix
	scaler swscale.Scaler
	bands  [bandTextures]*ebiten.Image // one band of the picture in RGBA, used in turn
	hasPic bool
	failed *media.VideoFrame // the frame whose conversion failed (logged once)

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
	p.hasPic = true
}

func (p *pane) close() {
	p.scaler.Close()
	for i, b := range p.bands {
		if b != nil {
			b.Deallocate()
			p.bands[i] = nil
		}
	}
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

// Bands: the picture is converted (libswscale, on the CPU: see package
// swscale for why) and drawn 1:1 one band of rows at a time, through a few
// band-sized textures used in turn, instead of through a window-sized
// RGBA picture and texture. Ebiten still copies every band it is given
// until the frame is on screen, but nothing else holds a whole picture:
// in a 1728×972 window that is 6.7 MB of converted picture and an 8 MiB
// texture (GL textures are rounded up to powers of two) less, for four
// 1 MiB textures and a 0.9 MB band. Measured with the 15 s clips in the
// window under Xvfb (docs/BENCHMARKS.md): peak RSS 235 → 225 MiB at 1080p.
const (
	// minBandRows is the smallest band height.
	minBandRows = 64
	// maxBands bounds the bands of a picture: Ebiten keeps up to 32 upload
	// buffers for reuse, and two frames' bands can be in flight at once.
	// Bands of 64 rows at 720p, 128 in a 1080p-sized window.
	maxBands = 12
	// bandTextures is how many band textures are used in turn. Writing a
	// texture that a queued draw still reads makes Mesa's software GL
	// finish drawing first, so with two it stalled every other band: with
	// the 1080p clip, 43 frames dropped in four runs against 7 with a whole
	// picture; with four (one stall a frame), 15.
	bandTextures = 4
)

// bandRows is the band height for a picture h rows high: a power of two
// (a texture's height is rounded up to one anyway), at least minBandRows,
// and tall enough for at most maxBands bands.
func bandRows(h int) int {
	rows := minBandRows
	for rows*maxBands < h {
		rows *= 2
	}
	return rows
}

// drawPic converts the current frame at r's size (window pixels) and
// draws it there on dst, band by band.
func (p *pane) drawPic(dst target, r image.Rectangle, g *game) {
	if p.frame == nil || r.Empty() {
		return
	}
	b := dst.Bounds()
	rows := bandRows(r.Dy())
	for i, y0 := 0, 0; y0 < r.Dy(); i, y0 = i+1, y0+rows {
		n := min(rows, r.Dy()-y0)
		pix, err := p.scaler.ScaleRows(p.frame, r.Dx(), r.Dy(), p.bt709, y0, n)
		if err != nil {
			if p.failed != p.frame { // each redraw would fail again
				p.failed = p.frame
				g.opts.Logger.Warn("frame not drawn", "width", p.frame.Width, "height", p.frame.Height, "err", err)
			}
			return
		}
		band := p.band(i%len(p.bands), r.Dx(), rows)
		part := band.SubImage(image.Rect(0, 0, r.Dx(), n)).(*ebiten.Image)
		part.WritePixels(pix)
		op := &ebiten.DrawImageOptions{Blend: ebiten.BlendCopy}
		op.GeoM.Translate(float64(b.Min.X+r.Min.X), float64(b.Min.Y+r.Min.Y+y0))
		dst.DrawImage(part, op)
	}
}

// band returns band texture i at w×rows, made anew when the size changed.
func (p *pane) band(i, w, rows int) *ebiten.Image {
	if b := p.bands[i]; b != nil && b.Bounds().Dx() == w && b.Bounds().Dy() == rows {
		return b
	}
	if p.bands[i] != nil {
		p.bands[i].Deallocate()
	}
	p.bands[i] = ebiten.NewImageWithOptions(image.Rect(0, 0, w, rows), &ebiten.NewImageOptions{Unmanaged: true})
	return p.bands[i]
}

// draw draws the pane's picture 1:1, then its label, state lines and HUD.
func (p *pane) draw(dst target, l paneLayout, g *game) {
	b := dst.Bounds()
	at := func(pt image.Point) (float64, float64) { return float64(b.Min.X + pt.X), float64(b.Min.Y + pt.Y) }
	if p.hasPic {
		p.drawPic(dst, l.pic, g)
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
