package report

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// minBandPx is the narrowest a stall band is drawn, so that a 100 ms
// stall on a ten-minute axis still shows.
const minBandPx = 3

// bands shades spans of session time over the whole height of a panel.
type bands struct {
	spans []Span
	fill  color.Color
}

// Plot implements plot.Plotter.
func (b bands) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	for _, s := range b.spans {
		// Only what lies on the axis: a NaN or a far-off time would
		// send the rasterizer through an endless polygon.
		start, end := math.Max(s.Start, p.X.Min), math.Min(s.End, p.X.Max)
		if !finite(start) || !finite(end) || end <= start {
			continue
		}
		x0, x1 := trX(start), trX(end)
		if w := px(minBandPx); x1-x0 < w {
			mid := (x0 + x1) / 2
			x0, x1 = mid-w/2, mid+w/2
		}
		pts := []vg.Point{{X: x0, Y: c.Min.Y}, {X: x1, Y: c.Min.Y}, {X: x1, Y: c.Max.Y}, {X: x0, Y: c.Max.Y}}
		if clipped := c.ClipPolygonX(pts); len(clipped) > 2 {
			c.FillPolygon(b.fill, clipped)
		}
	}
}

// hlines draws horizontal reference lines (the ladder's rungs) across a
// panel.
type hlines struct {
	ys    []float64
	style draw.LineStyle
}

// Plot implements plot.Plotter.
func (h hlines) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	for _, y := range h.ys {
		if !finite(y) || y < p.Y.Min || y > p.Y.Max {
			continue
		}
		c.StrokeLine2(h.style, c.Min.X, trY(y), c.Max.X, trY(y))
	}
}

// rungTicks labels a bitrate axis (kbit/s) with the ladders' rungs,
// "720p 2782k"; when two rungs of different ladders come closer than
// minGap of the axis, only the first is labelled.
func rungTicks(ss []*Session, axisMax float64) plot.ConstantTicks {
	type rung struct {
		kbps  float64
		label string
	}
	seen := map[rung]bool{}
	var rs []rung
	for _, s := range ss {
		for _, r := range s.Renditions {
			x := rung{r.Kbps, fmt.Sprintf("%s %.0fk", r.Label, r.Kbps)}
			if finite(r.Kbps) && r.Kbps >= 0 && !seen[x] {
				seen[x] = true
				rs = append(rs, x)
			}
		}
	}
	sort.Slice(rs, func(i, j int) bool { return rs[i].kbps < rs[j].kbps })
	// minGap: the tick labels are ~13 px high on a ~230 px axis.
	const minGap = 0.055
	var ticks plot.ConstantTicks
	last := math.Inf(-1)
	for _, r := range rs {
		t := plot.Tick{Value: r.kbps}
		if r.kbps-last >= minGap*axisMax {
			t.Label, last = r.label, r.kbps
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// logTicks marks a log axis at 1, 2 and 5 × 10^k (labelled), or, over more
// than three decades, labels only the powers of ten.
type logTicks struct{}

// Ticks implements plot.Ticker.
func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0) || !(hi > lo) || !finite(hi) {
		return nil
	}
	sparse := math.Log10(hi/lo) > 3
	var out []plot.Tick
	for e := math.Floor(math.Log10(lo)); e <= math.Ceil(math.Log10(hi)); e++ {
		base := math.Pow(10, e)
		for m := 1; m < 10; m++ {
			v := base * float64(m)
			if v < lo || v > hi {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || (!sparse && (m == 2 || m == 5)) {
				t.Label = fmt.Sprintf("%g", v)
			}
			out = append(out, t)
		}
	}
	return out
}

// timeTicks labels the session-time axis every "nice" step (1, 2, 5, 10,
// 15, 30 s, 1, 2, 5, 10 min...) chosen so that about timeLabels labels fit.
type timeTicks struct{}

// timeLabels: ~100 px between labels on a ~1250 px wide plot area.
const timeLabels = 12

var niceSteps = []float64{0.5, 1, 2, 5, 10, 15, 20, 30, 60, 120, 300, 600, 900, 1800, 3600}

// Ticks implements plot.Ticker.
func (timeTicks) Ticks(lo, hi float64) []plot.Tick {
	if !finite(lo) || !finite(hi) || hi <= lo {
		return nil
	}
	step := niceSteps[len(niceSteps)-1]
	for _, s := range niceSteps {
		if (hi-lo)/s <= timeLabels {
			step = s
			break
		}
	}
	for (hi-lo)/step > 4*timeLabels { // beyond the table: hours of session
		step *= 2
	}
	var out []plot.Tick
	for v := math.Ceil(lo/step) * step; v <= hi+1e-9; v += step {
		out = append(out, plot.Tick{Value: v, Label: fmt.Sprintf("%g", v)})
		if half := v + step/2; half < hi {
			out = append(out, plot.Tick{Value: half})
		}
	}
	return out
}

// rungLabels writes the rungs' labels ("720p") just above their dotted
// lines at the left edge of the throughput panel.
type rungLabels struct {
	rungs []Rendition
}

// Plot implements plot.Plotter.
func (r rungLabels) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	sty := textStyle(notePt, rungGrey, draw.XLeft, draw.YBottom)
	seen := map[string]bool{}
	for _, x := range r.rungs {
		v := x.Kbps / 1000
		if !finite(v) || v < p.Y.Min || v > p.Y.Max || seen[x.Label] {
			continue
		}
		seen[x.Label] = true
		c.FillText(sty, vg.Point{X: c.Min.X + px(4), Y: trY(v) + px(1)}, x.Label)
	}
}
