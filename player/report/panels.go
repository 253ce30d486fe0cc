package report

import (
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Panel names, top to bottom.
const (
	PanelRendition  = "rendition"
	PanelBuffer     = "buffer"
	PanelThroughput = "throughput"
)

// Line widths in pixels.
const (
	stepWidthPx = 2
	// overlapPx widens each earlier session's step line, so that where
	// two sessions show the same rung both colours stay visible.
	overlapPx   = 1.5
	lineWidthPx = 1.5
	thinWidthPx = 1
)

// newPlot is a panel with the charts' fonts, a light grid, the session
// time axis from 0 to tMax, and the stalls of every session as bands.
func newPlot(title, ylabel string, ss []*Session, tMax float64, xlabel bool) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle = textStyle(panelPt, ink, draw.XCenter, draw.YTop)
	p.Title.Padding = px(6)
	p.Y.Label.Text = ylabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font = textStyle(labelPt, ink, draw.XCenter, draw.YBottom).Font
		a.Tick.Label.Font = textStyle(tickPt, ink, draw.XCenter, draw.YBottom).Font
		a.Tick.Label.Color = ink
	}
	if xlabel {
		p.X.Label.Text = "session time (s since the stream was opened)"
	}
	g := plotter.NewGrid()
	g.Vertical = draw.LineStyle{Color: gridGrey, Width: px(1)}
	g.Horizontal = g.Vertical
	p.Add(g)
	for i, s := range ss {
		p.Add(bands{spans: s.Stalls, fill: stallFill(i)})
	}
	p.X.Min, p.X.Max = 0, tMax
	p.X.Tick.Marker = timeTicks{}
	return p
}

// renditionPlot: the rendition shown (step line) and chosen (rings), in
// kbit/s on an axis labelled with the rungs.
func renditionPlot(ss []*Session, tMax float64) *plot.Plot {
	p := newPlot("Rendition shown on screen (line) and chosen at each decision (rings)", "bitrate (kbit/s)", ss, tMax, false)
	top := 0.0
	for _, s := range ss {
		for _, r := range s.Renditions {
			if finite(r.Kbps) {
				top = math.Max(top, r.Kbps)
			}
		}
	}
	if top <= 0 {
		top = 1
	}
	n := len(ss)
	for i, s := range ss {
		c := SessionColor(i)
		var shown plotter.XYs
		for _, pt := range s.Shown {
			if k, ok := s.kbpsOf(pt.V); ok {
				shown = append(shown, plotter.XY{X: pt.T, Y: k})
			}
		}
		if len(shown) > 0 {
			shown = append(shown, plotter.XY{X: math.Max(s.span(), shown[len(shown)-1].X), Y: shown[len(shown)-1].Y})
			if l, err := plotter.NewLine(shown); err == nil {
				l.StepStyle = plotter.PostStep
				l.LineStyle = draw.LineStyle{Color: c, Width: px(stepWidthPx + overlapPx*float64(n-1-i))}
				p.Add(l)
			}
		}
		var chosen plotter.XYs
		for _, pt := range s.Chosen {
			if k, ok := s.kbpsOf(pt.V); ok {
				chosen = append(chosen, plotter.XY{X: pt.T, Y: k})
			}
		}
		if sc, err := plotter.NewScatter(chosen); err == nil && len(chosen) > 0 {
			sc.GlyphStyle = draw.GlyphStyle{Color: c, Radius: px(4.5), Shape: draw.RingGlyph{}}
			p.Add(sc)
		}
	}
	p.X.Min, p.X.Max = 0, tMax
	p.Y.Min, p.Y.Max = 0, top*1.08
	p.Y.Tick.Marker = rungTicks(ss, p.Y.Max)
	return p
}

// bufferPlot: the forward buffer (s) at each decision.
func bufferPlot(ss []*Session, tMax float64) *plot.Plot {
	p := newPlot("Forward buffer at each decision", "buffer (s)", ss, tMax, false)
	top := 1.0
	for i, s := range ss {
		var xys plotter.XYs
		for _, pt := range s.Buffer {
			if finite(pt.T) && finite(pt.V) {
				xys = append(xys, plotter.XY{X: pt.T, Y: pt.V})
				top = math.Max(top, pt.V)
			}
		}
		if len(xys) == 0 {
			continue
		}
		l, sc, err := plotter.NewLinePoints(xys)
		if err != nil {
			continue
		}
		l.LineStyle = draw.LineStyle{Color: SessionColor(i), Width: px(lineWidthPx)}
		sc.GlyphStyle = draw.GlyphStyle{Color: SessionColor(i), Radius: px(2.5), Shape: draw.CircleGlyph{}}
		p.Add(l, sc)
	}
	p.X.Min, p.X.Max = 0, tMax
	p.Y.Min, p.Y.Max = 0, top*1.1
	return p
}

// throughputPlot: each download's measured throughput (Mbit/s, log
// scale; crosses for aborted attempts), the rungs dotted, and the link's
// rate when known.
func throughputPlot(ss []*Session, tMax float64) *plot.Plot {
	title := "Measured throughput per download (dots; × aborted), the ladder's rungs (dotted)"
	for _, s := range ss {
		if len(s.Trace) > 0 {
			title += " and the trace's rate (grey steps)"
			break
		}
	}
	p := newPlot(title, "Mbit/s (log scale)", ss, tMax, true)
	lo, hi := math.Inf(1), math.Inf(-1)
	see := func(v float64) {
		if finite(v) && v > 0 {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	var rungs []float64
	var ladder []Rendition
	for _, s := range ss {
		for _, r := range s.Renditions {
			see(r.Kbps / 1000)
			rungs = append(rungs, r.Kbps/1000)
		}
		ladder = append(ladder, s.Renditions...)
	}
	p.Add(hlines{ys: rungs, style: draw.LineStyle{Color: rungGrey, Width: px(thinWidthPx), Dashes: []vg.Length{px(2), px(4)}}},
		rungLabels{ladder})
	shared, longest := sharedTrace(ss), longestTrace(ss)
	for i, s := range ss {
		if len(s.Trace) == 0 || (shared && i != longest) {
			continue
		}
		var xys plotter.XYs
		for _, pt := range s.Trace {
			if finite(pt.T) && finite(pt.V) && pt.V > 0 {
				xys = append(xys, plotter.XY{X: pt.T, Y: pt.V / 1000})
				see(pt.V / 1000)
			}
		}
		if l, err := plotter.NewLine(xys); err == nil && len(xys) > 0 {
			l.StepStyle = plotter.PostStep
			l.LineStyle = draw.LineStyle{Color: traceInk, Width: px(lineWidthPx)}
			if !shared {
				l.LineStyle.Color = SessionColor(i)
				l.LineStyle.Dashes = []vg.Length{px(6), px(3)}
			}
			p.Add(l)
		}
	}
	for i, s := range ss {
		var done, cut plotter.XYs
		for _, d := range s.Downloads {
			if !finite(d.T) || !finite(d.Kbps) || d.Kbps <= 0 {
				continue
			}
			see(d.Kbps / 1000)
			if d.Aborted {
				cut = append(cut, plotter.XY{X: d.T, Y: d.Kbps / 1000})
			} else {
				done = append(done, plotter.XY{X: d.T, Y: d.Kbps / 1000})
			}
		}
		c := SessionColor(i)
		if len(done) > 0 {
			if l, sc, err := plotter.NewLinePoints(done); err == nil {
				l.LineStyle = draw.LineStyle{Color: c, Width: px(thinWidthPx)}
				sc.GlyphStyle = draw.GlyphStyle{Color: c, Radius: px(3.5), Shape: draw.CircleGlyph{}}
				p.Add(l, sc)
			}
		}
		if sc, err := plotter.NewScatter(cut); err == nil && len(cut) > 0 {
			sc.GlyphStyle = draw.GlyphStyle{Color: c, Radius: px(6), Shape: draw.CrossGlyph{}}
			p.Add(sc)
		}
	}
	if !(lo < hi) { // nothing measured, or one value: a decade around it
		if !finite(lo) {
			lo, hi = 1, 1
		}
		lo, hi = lo/3, hi*3
	}
	p.X.Min, p.X.Max = 0, tMax
	p.Y.Scale = plot.LogScale{}
	p.Y.Min, p.Y.Max = lo/1.4, hi*1.4
	p.Y.Tick.Marker = logTicks{}
	return p
}

// sharedTrace reports whether every session that has a trace has the same
// one from the same point (the sessions of one trace in `sim --plot`; two
// player logs on the built-in stream's trace): it is drawn once, grey,
// over the longest session.
func sharedTrace(ss []*Session) bool {
	var first *Session
	for _, s := range ss {
		if len(s.Trace) == 0 {
			continue
		}
		if first == nil {
			first = s
			continue
		}
		if s.TraceName != first.TraceName || s.TraceFrom != first.TraceFrom {
			return false
		}
	}
	return true
}

// longestTrace is the index of the session whose trace reaches furthest
// (-1 when none has one).
func longestTrace(ss []*Session) int {
	best, end := -1, -1.0
	for i, s := range ss {
		if n := len(s.Trace); n > 0 && s.Trace[n-1].T > end {
			best, end = i, s.Trace[n-1].T
		}
	}
	return best
}
