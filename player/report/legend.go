package report

import (
	"image/color"
	"unicode/utf8"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Swatch kinds of a legend item.
const (
	swatchLine = iota
	swatchRing
	swatchDot
	swatchCross
	swatchBand
)

// Legend geometry in pixels.
const (
	swatchPx     = 30 // a swatch's width
	swatchGapPx  = 6  // swatch to text
	itemGapPx    = 24 // between items
	cellPadPx    = 18 // between table columns
	maxCellRunes = 48 // longer cells (a path) are cut with "…"
)

type legendItem struct {
	label string
	kind  int
	color color.Color
}

// layoutLegend flows the legend into rows that fit width: the sessions
// first, then (on a row of its own) what each mark means.
func layoutLegend(ss []*Session, width vg.Length) [][]legendItem {
	var sessions []legendItem
	for i, s := range ss {
		sessions = append(sessions, legendItem{displayName(s), swatchLine, SessionColor(i)})
	}
	keys := []legendItem{
		{"chosen at a decision", swatchRing, ink},
		{"download", swatchDot, ink},
		{"aborted download", swatchCross, ink},
		{"stall (band in the session's colour)", swatchBand, StallColor(0)},
	}
	for _, s := range ss {
		if len(s.Trace) > 0 {
			name := "trace " + s.TraceName
			if !sharedTrace(ss) {
				name = "traces (dashed, the session's colour)"
			}
			keys = append(keys, legendItem{name, swatchLine, traceInk})
			break
		}
	}
	return append(flow(sessions, width), flow(keys, width)...)
}

func flow(items []legendItem, width vg.Length) [][]legendItem {
	sty := textStyle(labelPt, ink, draw.XLeft, draw.YCenter)
	var rows [][]legendItem
	var row []legendItem
	var x vg.Length
	for _, it := range items {
		it.label = clip(it.label)
		w := px(swatchPx+swatchGapPx+itemGapPx) + sty.Width(it.label)
		if len(row) > 0 && x+w > width {
			rows, row, x = append(rows, row), nil, 0
		}
		row = append(row, it)
		x += w
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
}

// drawLegend draws the rows from (x, top) down.
func drawLegend(c draw.Canvas, rows [][]legendItem, x0, top vg.Length) {
	sty := textStyle(labelPt, ink, draw.XLeft, draw.YCenter)
	for r, row := range rows {
		y := top - px(legendRowPx*(float64(r)+0.5))
		x := x0
		for _, it := range row {
			drawSwatch(c, it, x, y)
			x += px(swatchPx + swatchGapPx)
			c.FillText(sty, vg.Point{X: x, Y: y}, it.label)
			x += sty.Width(it.label) + px(itemGapPx)
		}
	}
}

func drawSwatch(c draw.Canvas, it legendItem, x, y vg.Length) {
	mid := vg.Point{X: x + px(swatchPx/2), Y: y}
	switch it.kind {
	case swatchLine:
		c.StrokeLine2(draw.LineStyle{Color: it.color, Width: px(stepWidthPx + 1)}, x, y, x+px(swatchPx), y)
	case swatchRing:
		c.DrawGlyph(draw.GlyphStyle{Color: it.color, Radius: px(4.5), Shape: draw.RingGlyph{}}, mid)
	case swatchDot:
		c.DrawGlyph(draw.GlyphStyle{Color: it.color, Radius: px(3.5), Shape: draw.CircleGlyph{}}, mid)
	case swatchCross:
		c.DrawGlyph(draw.GlyphStyle{Color: it.color, Radius: px(6), Shape: draw.CrossGlyph{}}, mid)
	case swatchBand:
		h := px(legendRowPx / 2)
		c.FillPolygon(it.color, []vg.Point{{X: x, Y: y - h/2}, {X: x + px(swatchPx), Y: y - h/2},
			{X: x + px(swatchPx), Y: y + h/2}, {X: x, Y: y + h/2}})
	}
}

// clip cuts a long text (a path, a long strategy name) to maxCellRunes.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= maxCellRunes {
		return s
	}
	r := []rune(s)
	return string(r[:maxCellRunes-1]) + "…"
}

// tableLayout is the summary table: rows of cells, column widths, notes.
type tableLayout struct {
	rows   [][]string // header first
	widths []vg.Length
	notes  []string
}

func layoutTable(ss []*Session) tableLayout {
	t := tableLayout{rows: [][]string{tableHeader}}
	for _, s := range ss {
		row := summaryRow(s)
		for k := range row {
			row[k] = clip(row[k])
		}
		t.rows = append(t.rows, row)
		for _, n := range s.Notes {
			t.notes = append(t.notes, clip(displayName(s)+": "+n))
		}
	}
	sty := textStyle(labelPt, ink, draw.XLeft, draw.YCenter)
	t.widths = make([]vg.Length, len(tableHeader))
	for _, row := range t.rows {
		for k, cell := range row {
			t.widths[k] = max(t.widths[k], sty.Width(cell)+px(cellPadPx))
		}
	}
	t.widths[0] += px(swatchPx / 2) // the session's colour before its name
	return t
}

func (t tableLayout) heightPx() float64 {
	return float64(len(t.rows))*tableRowPx + float64(len(t.notes))*noteRowPx
}

// drawTable draws the table from (x, top) down: a header row in grey, a
// row per session with its colour, the notes under it.
func drawTable(c draw.Canvas, t tableLayout, x0, top vg.Length) {
	for r, row := range t.rows {
		y := top - px(tableRowPx*(float64(r)+0.5))
		col := ink
		if r == 0 {
			col = greyInk
		}
		sty := textStyle(labelPt, col, draw.XLeft, draw.YCenter)
		x := x0
		for k, cell := range row {
			cx := x
			if k == 0 {
				cx += px(swatchPx / 2)
				if r > 0 {
					c.StrokeLine2(draw.LineStyle{Color: SessionColor(r - 1), Width: px(stepWidthPx + 1)}, x, y, x+px(swatchPx/2-4), y)
				}
			}
			c.FillText(sty, vg.Point{X: cx, Y: y}, cell)
			x += t.widths[k]
		}
		if r == 0 {
			c.StrokeLine2(draw.LineStyle{Color: gridGrey, Width: px(1)}, x0, y-px(tableRowPx/2), x, y-px(tableRowPx/2))
		}
	}
	sty := textStyle(notePt, greyInk, draw.XLeft, draw.YCenter)
	y := top - px(tableRowPx*float64(len(t.rows)))
	for i, n := range t.notes {
		c.FillText(sty, vg.Point{X: x0, Y: y - px(noteRowPx*(float64(i)+0.5))}, n)
	}
}
