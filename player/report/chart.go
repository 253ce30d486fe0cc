package report

import (
	"fmt"
	"image"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Image geometry in pixels.
const (
	// DefaultWidth: room for a rung label ("1080p 4187k") left of the plot
	// and a plot area of ~1250 px, which places a 10 s segment of a
	// two-minute session ~100 px wide.
	DefaultWidth = 1400
	// MinWidth keeps the rung labels, titles and table readable.
	MinWidth = 1200
	// MaxWidth bounds the image's memory (4 bytes a pixel).
	MaxWidth = 6000

	marginPx    = 16
	titleRowPx  = 34
	legendRowPx = 26
	panelGapPx  = 18
	tableRowPx  = 26
	noteRowPx   = 20
)

// panelHeightsPx are the panels' heights, top to bottom: the rendition
// panel carries six rung labels, ~30 px apart.
var panelHeightsPx = [3]float64{330, 250, 310}

// Options tune a chart.
type Options struct {
	// Title heads the chart (default: "smartplay session: NAME", or the
	// names of the sessions compared).
	Title string
	// Width in pixels (default DefaultWidth; MinWidth to MaxWidth).
	Width int
}

// Panel is where one panel's plot area lies in a rendered chart.
type Panel struct {
	Name string // PanelRendition, PanelBuffer or PanelThroughput
	// Area is the plot area (inside the axes) in image pixels.
	Area image.Rectangle
	// T0 and T1 are the session times (s) at Area's left and right edges.
	T0, T1 float64
}

// X returns the pixel column of session time t in the panel.
func (p Panel) X(t float64) int {
	if p.T1 <= p.T0 {
		return p.Area.Min.X
	}
	return p.Area.Min.X + int(math.Round((t-p.T0)/(p.T1-p.T0)*float64(p.Area.Dx())))
}

// Chart is a rendered chart: the image and its panels' geometry.
type Chart struct {
	Image  image.Image
	Panels []Panel
}

// Render draws the sessions, overlaid on shared axes, as one image:
// the title and legend, the three panels stacked, the summary table.
func Render(ss []*Session, o Options) (ch *Chart, err error) {
	if len(ss) == 0 {
		return nil, ErrNothing
	}
	for _, s := range ss {
		if s == nil {
			return nil, fmt.Errorf("%w: a nil session", ErrNothing)
		}
	}
	defer func() { // the last guard: bad input must not crash a report
		if r := recover(); r != nil {
			ch, err = nil, fmt.Errorf("%w: %v", ErrRender, r)
		}
	}()
	w := o.Width
	if w == 0 {
		w = DefaultWidth
	}
	if w < MinWidth || w > MaxWidth {
		return nil, fmt.Errorf("%w: width %d px (want %d to %d)", ErrRender, w, MinWidth, MaxWidth)
	}
	title := o.Title
	if title == "" {
		title = defaultTitle(ss)
	}
	widthPt := px(float64(w) - 2*marginPx)
	legend := layoutLegend(ss, widthPt)
	table := layoutTable(ss)
	hdr := marginPx + titleRowPx + float64(len(legend))*legendRowPx + panelGapPx
	panels := panelHeightsPx[0] + panelHeightsPx[1] + panelHeightsPx[2] + 2*panelGapPx
	h := int(math.Ceil(hdr + panels + panelGapPx + table.heightPx() + marginPx))

	img := image.NewRGBA(image.Rect(0, 0, w, h))
	cv := vgimg.NewWith(vgimg.UseImage(img), vgimg.UseDPI(dpi))
	dc := draw.New(cv)
	top := dc.Max.Y - px(marginPx)

	dc.FillText(textStyle(titlePt, ink, draw.XLeft, draw.YTop), vg.Point{X: px(marginPx), Y: top}, title)
	top -= px(titleRowPx)
	drawLegend(dc, legend, px(marginPx), top)
	top -= px(float64(len(legend))*legendRowPx + panelGapPx)

	tMax := 0.0
	for _, s := range ss {
		tMax = math.Max(tMax, s.span())
	}
	if !(tMax > 0) || !finite(tMax) {
		tMax = 1
	}
	plots := []*plot.Plot{renditionPlot(ss, tMax), bufferPlot(ss, tMax), throughputPlot(ss, tMax)}
	names := []string{PanelRendition, PanelBuffer, PanelThroughput}

	ch = &Chart{}
	area := draw.Canvas{Canvas: cv, Rectangle: vg.Rectangle{
		Min: vg.Point{X: px(marginPx), Y: top - px(panels)},
		Max: vg.Point{X: dc.Max.X - px(marginPx), Y: top},
	}}
	// plot.Align would make the panels equal; their heights differ, so
	// each gets its own tile and the plot areas' edges are matched.
	tiles := panelTiles(area)
	alignLeft(plots, tiles)
	for i, p := range plots {
		p.Draw(tiles[i])
		da := p.DataCanvas(tiles[i])
		ch.Panels = append(ch.Panels, Panel{Name: names[i], T0: p.X.Min, T1: p.X.Max, Area: image.Rect(
			int(math.Round(toPx(da.Min.X))), h-int(math.Round(toPx(da.Max.Y))),
			int(math.Round(toPx(da.Max.X))), h-int(math.Round(toPx(da.Min.Y))))})
	}
	drawTable(dc, table, px(marginPx), top-px(panels+panelGapPx))
	ch.Image = cv.Image()
	return ch, nil
}

// panelTiles cuts area into the three panels' canvases, top to bottom.
func panelTiles(area draw.Canvas) []draw.Canvas {
	out := make([]draw.Canvas, len(panelHeightsPx))
	y := area.Max.Y
	for i, hp := range panelHeightsPx {
		c := area
		c.Max.Y = y
		c.Min.Y = y - px(hp)
		out[i] = c
		y = c.Min.Y - px(panelGapPx)
	}
	return out
}

// alignLeft moves each tile's left edge so that the plot areas of all
// panels start at the same x (their y-axis labels differ in width), and
// their right edges end at the same x.
func alignLeft(plots []*plot.Plot, tiles []draw.Canvas) {
	var left, right vg.Length
	for i, p := range plots {
		da := p.DataCanvas(tiles[i])
		left = max(left, da.Min.X-tiles[i].Min.X)
		right = max(right, tiles[i].Max.X-da.Max.X)
	}
	for i, p := range plots {
		da := p.DataCanvas(tiles[i])
		tiles[i].Min.X += left - (da.Min.X - tiles[i].Min.X)
		tiles[i].Max.X -= right - (tiles[i].Max.X - da.Max.X)
	}
}
