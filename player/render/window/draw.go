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
	"smartplay/player/render/yuvtex"
)

// quadIndices are the two triangles of a quad of 4 vertices.
var quadIndices = []uint16{0, 1, 2, 1, 2, 3}

// overlayScale enlarges Ebiten's 6×16 debug font so it reads on HD video.
const overlayScale = 2

// upload writes a new frame's planes into the packed image (recreated when
// the layout changes, e.g. at a rendition switch).
func (g *game) upload(f *media.VideoFrame) {
	pix, l, scratch, ok := yuvtex.Pack(f, g.scratch)
	g.scratch = scratch
	if !ok {
		g.opts.Logger.Warn("frame too large to draw", "width", f.Width, "height", f.Height)
		return
	}
	if g.tex == nil || l.TexW != g.layout.TexW || l.TexH != g.layout.TexH {
		if g.tex != nil {
			g.tex.Deallocate()
		}
		g.tex = ebiten.NewImageWithOptions(image.Rect(0, 0, l.TexW, l.TexH), &ebiten.NewImageOptions{Unmanaged: true})
	}
	g.tex.WritePixels(pix)
	g.aspect = f.DisplayAspect()
	g.matrix = render.MatrixOf(f)
	g.layout = l
	g.hasPic, g.dirty = true, true
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

func (g *game) drawVideo(dst target) {
	b := dst.Bounds()
	x, y, w, h := fitRect(b.Dx(), b.Dy(), g.aspect)
	x, y = x+float32(b.Min.X), y+float32(b.Min.Y)
	l := g.layout
	fw, fh := float32(l.W), float32(l.H)
	g.vertices = [4]ebiten.Vertex{
		{DstX: x, DstY: y, SrcX: 0, SrcY: 0},
		{DstX: x + w, DstY: y, SrcX: fw, SrcY: 0},
		{DstX: x, DstY: y + h, SrcX: 0, SrcY: fh},
		{DstX: x + w, DstY: y + h, SrcX: fw, SrcY: fh},
	}
	for i := range g.vertices {
		g.vertices[i].ColorR, g.vertices[i].ColorG, g.vertices[i].ColorB, g.vertices[i].ColorA = 1, 1, 1, 1
	}
	m := g.matrix
	// Drawn 1:1, nearest luma is exact; scaled, luma is filtered.
	shader := g.bilinear
	if math.Abs(float64(w)-float64(l.W)) < 0.5 && math.Abs(float64(h)-float64(l.H)) < 0.5 {
		shader = g.nearest
	}
	if g.uniforms == nil {
		g.uniforms = map[string]any{}
	}
	g.uniforms["Size"] = []float32{fw, fh}
	g.uniforms["Layout"] = []float32{float32(l.LumaW), float32(l.LumaRows)}
	g.uniforms["Coef"] = []float32{m.RV, m.GU, m.GV, m.BU}
	op := &ebiten.DrawTrianglesShaderOptions{Uniforms: g.uniforms}
	op.Images[0] = g.tex
	dst.DrawTrianglesShader(g.vertices[:], quadIndices, shader, op)
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
