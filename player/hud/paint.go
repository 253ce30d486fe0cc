package hud

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"time"
)

// Colours. The panel is dark and translucent so that the HUD reads over
// any picture, bright or dark, while the picture still shows through.
var (
	panelColor   = color.NRGBA{0, 0, 0, 185}
	keyColor     = color.NRGBA{165, 170, 180, 255}
	textColor    = color.NRGBA{255, 255, 255, 255}
	netColor     = color.NRGBA{90, 225, 120, 255}  // measured throughput
	chosenColor  = color.NRGBA{255, 175, 50, 255}  // chosen bitrate
	stallColor   = color.NRGBA{230, 50, 50, 120}   // stall spans
	upColor      = color.NRGBA{120, 200, 255, 255} // upswitch mark
	downColor    = color.NRGBA{255, 110, 110, 255} // downswitch mark
	graphBack    = color.NRGBA{255, 255, 255, 20}
	gridColor    = color.NRGBA{255, 255, 255, 45}
	barBack      = color.NRGBA{255, 255, 255, 45}
	barFill      = color.NRGBA{90, 200, 255, 255}
	barLowFill   = color.NRGBA{255, 110, 110, 255} // under lowBuffer
	labelBack    = color.NRGBA{0, 0, 0, 170}
	cardBack     = color.NRGBA{10, 12, 18, 230}
	betterColor  = color.NRGBA{110, 235, 130, 255}
	worseColor   = color.NRGBA{255, 125, 115, 255}
	dividerColor = color.NRGBA{255, 255, 255, 60}
)

// lowBuffer: the bar turns red under this much buffer (less than one of
// the built-in ladder's 10 s segments: the next download must be quick).
const lowBuffer = 10 * time.Second

// graphLines is the graph's height in text lines: four hold the ladder's
// six rungs apart and keep the compare view's HUD under its picture in a
// 1280×720 screen.
const graphLines = 4

// metrics are a panel's layout units for one font size.
type metrics struct {
	f, small *face
	pad      int
	lineH    int
}

func (p *Painter) metrics(px float64) (metrics, bool) {
	f, small := p.face(px, false), p.face(math.Round(px*0.8), false)
	if f == nil || small == nil {
		return metrics{}, false
	}
	return metrics{f: f, small: small, pad: int(math.Round(px * 0.7)), lineH: f.height + int(math.Round(px*0.25))}, true
}

// Columns is how many characters fit on a HUD line of a panel width px
// wide at font size fontPx (for Model.View's wrapping).
func (p *Painter) Columns(width int, fontPx float64) int {
	m, ok := p.metrics(fontPx)
	if !ok || m.f.advance <= 0 {
		return MinColumns
	}
	return max((width-2*m.pad)/m.f.advance, 1)
}

// HUD paints v on a dark translucent panel width pixels wide, text at
// fontPx; the height follows from the content. Nil if the font failed
// (see Err).
func (p *Painter) HUD(v View, width int, fontPx float64) *image.RGBA {
	m, ok := p.metrics(fontPx)
	if !ok {
		return nil
	}
	lines := len(v.Head) + 2 + graphLines + len(v.Foot)
	h := 2*m.pad + lines*m.lineH + m.lineH/2
	img := image.NewRGBA(image.Rect(0, 0, width, h))
	fill(img, img.Bounds(), panelColor, draw.Src)
	keyW := keyWidth * m.f.advance
	y := m.pad
	line := func(s string, bold bool) {
		base := y + m.f.ascent
		k, rest := splitKey(s)
		x := m.f.text(img, m.pad, base, k, keyColor)
		f := m.f
		if bold {
			if b := p.face(fontPx, true); b != nil {
				f = b
			}
		}
		f.text(img, x, base, rest, textColor)
		y += m.lineH
	}
	for i, s := range v.Head {
		line(s, i == 0) // the rendition on screen stands out
	}
	line(v.BufferText, false)
	p.bar(img, m, image.Rect(m.pad+keyW+7*m.f.advance, y-m.lineH, width-m.pad, y), v.Buffer, v.MaxBuffer)

	base := y + m.f.ascent
	x := m.f.text(img, m.pad, base, legendNet+v.Net, netColor)
	x = m.f.text(img, x, base, "  ", textColor)
	x = m.f.text(img, x, base, legendChosen+v.Chosen, chosenColor)
	m.f.text(img, x, base, "  ("+spanText(v.Graph.To-v.Graph.From)+")", keyColor)
	y += m.lineH + m.lineH/4
	p.graph(img, m, image.Rect(m.pad, y, width-m.pad, y+graphLines*m.lineH-m.lineH/4), v.Graph)
	y += graphLines*m.lineH + m.lineH/4
	for _, s := range v.Foot {
		line(s, false)
	}
	return img
}

// splitKey splits a line into its key column and the rest.
func splitKey(s string) (string, string) {
	r := []rune(s)
	if len(r) <= keyWidth {
		return "", s
	}
	return string(r[:keyWidth]), string(r[keyWidth:])
}

// bar draws the buffer bar in the line box r: level of limit, with a tick
// every 10 s.
func (p *Painter) bar(img *image.RGBA, m metrics, r image.Rectangle, level, limit time.Duration) {
	if r.Dx() < 10 || limit <= 0 {
		return
	}
	h := max(m.f.ascent*2/3, 4)
	r.Min.Y += (r.Dy() - h) / 2
	r.Max.Y = r.Min.Y + h
	fill(img, r, barBack, draw.Over)
	frac := min(max(level.Seconds()/limit.Seconds(), 0), 1)
	c := barFill
	if level < lowBuffer {
		c = barLowFill
	}
	fill(img, image.Rect(r.Min.X, r.Min.Y, r.Min.X+int(math.Round(frac*float64(r.Dx()))), r.Max.Y), c, draw.Over)
	for t := 10 * time.Second; t < limit; t += 10 * time.Second {
		x := r.Min.X + int(float64(r.Dx())*t.Seconds()/limit.Seconds())
		fill(img, image.Rect(x, r.Min.Y, x+1, r.Max.Y), panelColor, draw.Over)
	}
}

// graph draws g in r: stalls shaded, the chosen bitrate as a step line,
// the measured throughput as a line with dots, switches as ticks.
func (p *Painter) graph(img *image.RGBA, m metrics, r image.Rectangle, g Graph) {
	if r.Dx() < 10 || r.Dy() < 10 || g.To <= g.From || g.TopKbps <= 0 {
		return
	}
	fill(img, r, graphBack, draw.Over)
	span := float64(g.To - g.From)
	xOf := func(t time.Duration) int {
		return r.Min.X + int(math.Round(float64(t-g.From)/span*float64(r.Dx()-1)))
	}
	yOf := func(kbps float64) int {
		f := min(max(kbps/g.TopKbps, 0), 1)
		return r.Max.Y - 1 - int(math.Round(f*float64(r.Dy()-1)))
	}
	for _, s := range g.Stalls {
		fill(img, image.Rect(xOf(s.From), r.Min.Y, max(xOf(s.To), xOf(s.From)+2), r.Max.Y), stallColor, draw.Over)
	}
	for _, f := range []float64{0.5, 1} {
		y := yOf(g.TopKbps * f)
		fill(img, image.Rect(r.Min.X, y, r.Max.X, y+1), gridColor, draw.Over)
	}
	top := axisRate(g.TopKbps)
	m.small.text(img, r.Min.X+3, r.Min.Y+m.small.ascent+1, top, keyColor)
	labelEnd := r.Min.X + m.small.width(top) + 3
	for _, s := range g.Switches {
		x := xOf(s.At)
		c := downColor
		if s.Up {
			c = upColor
		}
		fill(img, image.Rect(x, r.Min.Y, x+1, r.Max.Y), c, draw.Over)
		if lw := m.small.width(s.Label); x+3 > labelEnd+m.small.advance && x+3+lw <= r.Max.X {
			m.small.text(img, x+3, r.Min.Y+m.small.ascent+1, s.Label, c)
			labelEnd = x + 3 + lw
		}
	}
	for i, pt := range g.Chosen { // step line
		x0, y0 := xOf(pt.At), yOf(pt.Kbps)
		x1 := r.Max.X - 1
		if i+1 < len(g.Chosen) {
			x1 = xOf(g.Chosen[i+1].At)
			y1 := yOf(g.Chosen[i+1].Kbps)
			fill(img, image.Rect(x1, min(y0, y1), x1+2, max(y0, y1)+2), chosenColor, draw.Over)
		}
		fill(img, image.Rect(x0, y0, x1+2, y0+2), chosenColor, draw.Over)
	}
	for i, pt := range g.Throughput {
		x, y := xOf(pt.At), yOf(pt.Kbps)
		if i > 0 {
			prev := g.Throughput[i-1]
			segment(img, xOf(prev.At), yOf(prev.Kbps), x, y, netColor)
		}
		fill(img, image.Rect(x-2, y-2, x+3, y+3), netColor, draw.Over)
	}
}

// axisRate labels the y axis' top: "5 Mbit/s", "500 kbit/s".
func axisRate(kbps float64) string {
	if kbps >= 1000 {
		return fmt.Sprintf("%g Mbit/s", kbps/1000)
	}
	return fmt.Sprintf("%g kbit/s", kbps)
}

// fill paints r (clipped to img) with c.
func fill(img *image.RGBA, r image.Rectangle, c color.Color, op draw.Op) {
	draw.Draw(img, r.Intersect(img.Bounds()), image.NewUniform(c), image.Point{}, op)
}

// segment draws a 2 px line from (x0,y0) to (x1,y1).
func segment(img *image.RGBA, x0, y0, x1, y1 int, c color.Color) {
	n := max(abs(x1-x0), abs(y1-y0), 1)
	for i := 0; i <= n; i++ {
		x := x0 + (x1-x0)*i/n
		y := y0 + (y1-y0)*i/n
		fill(img, image.Rect(x, y, x+2, y+2), c, draw.Over)
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}
