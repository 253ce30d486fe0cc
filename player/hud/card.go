package hud

import (
	"fmt"
	"image"
	"image/draw"
	"math"

	"smartplay/player/qoe"
)

// CardSide is one side's figures on the compare view's summary card.
type CardSide struct {
	Title    string // "SMART", "FIXED 1080P"
	Summary  qoe.Summary
	DataUsed int64 // bytes downloaded
}

// Card is the compare view's summary: a column per side.
type Card struct {
	Title string // e.g. "smart vs fixed 1080p · trace hsdpa-bus"
	Sides []CardSide
	Note  string // e.g. "q: close"
}

// CardRow is one figure across the sides; Best is the index of the side
// that did best (-1: a tie, or no better and worse, as data used).
type CardRow struct {
	Name   string
	Values []string
	Best   int
}

// cardFigure is one row's definition.
type cardFigure struct {
	name   string
	value  func(CardSide) float64
	format func(float64) string
	better int // -1 lower is better, +1 higher, 0 neither
}

var cardFigures = []cardFigure{
	{"stalls", func(s CardSide) float64 { return float64(s.Summary.StallCount) }, func(v float64) string { return fmt.Sprintf("%.0f", v) }, -1},
	{"stall time", func(s CardSide) float64 { return s.Summary.StallTime }, func(v float64) string { return fmt.Sprintf("%.1f s", v) }, -1},
	{"time at 720p+", func(s CardSide) float64 { return s.Summary.HDShare * 100 }, func(v float64) string { return fmt.Sprintf("%.0f %%", v) }, +1},
	{"mean bitrate", func(s CardSide) float64 { return s.Summary.MeanBitrateKbps }, rate, +1},
	{"data used", func(s CardSide) float64 { return float64(s.DataUsed) }, func(v float64) string { return megabytes(int64(v)) }, 0},
	{"startup delay", func(s CardSide) float64 { return s.Summary.StartupDelay }, func(v float64) string { return fmt.Sprintf("%.2f s", v) }, -1},
	{"played", func(s CardSide) float64 { return s.Summary.PlayTime }, func(v float64) string { return fmt.Sprintf("%.1f s", v) }, 0},
}

// Rows is the card's table: one row per figure, values as displayed.
// Best compares the displayed values, so a difference too small to show
// is a tie.
func (c Card) Rows() []CardRow {
	rows := make([]CardRow, 0, len(cardFigures))
	for _, f := range cardFigures {
		row := CardRow{Name: f.name, Best: -1}
		for _, s := range c.Sides {
			row.Values = append(row.Values, f.format(f.value(s)))
		}
		if f.better != 0 && len(c.Sides) > 1 {
			row.Best = bestSide(c.Sides, row.Values, f)
		}
		rows = append(rows, row)
	}
	return rows
}

// bestSide is the side with the best value when it is the only one
// (values that display the same are equal).
func bestSide(sides []CardSide, shown []string, f cardFigure) int {
	best, tie := 0, false
	for i := 1; i < len(sides); i++ {
		a, b := f.value(sides[i]), f.value(sides[best])
		switch {
		case shown[i] == shown[best]:
			tie = true
		case float64(f.better)*(a-b) > 0:
			best, tie = i, false
		}
	}
	if tie {
		return -1
	}
	return best
}

// Card paints the summary card at font size fontPx: the title, a column
// per side with its title, a row per figure (the best side's value in
// green, the others in red), and the note.
func (p *Painter) Card(c Card, fontPx float64) *image.RGBA {
	f, big, bold := p.face(fontPx, false), p.face(math.Round(fontPx*1.3), true), p.face(fontPx, true)
	if f == nil || big == nil || bold == nil {
		return nil
	}
	rows := c.Rows()
	nameW := 0
	for _, r := range rows {
		nameW = max(nameW, f.width(r.Name))
	}
	gap := 3 * f.advance
	colW := make([]int, len(c.Sides))
	for i, s := range c.Sides {
		colW[i] = bold.width(s.Title)
		for _, r := range rows {
			colW[i] = max(colW[i], f.width(r.Values[i]))
		}
	}
	pad := int(fontPx)
	lineH := f.height + int(fontPx*0.45)
	w := 2*pad + nameW
	for _, cw := range colW {
		w += gap + cw
	}
	w = max(w, big.width(c.Title)+2*pad, f.width(c.Note)+2*pad)
	h := 2*pad + big.height + lineH/2 + (len(rows)+1)*lineH + lineH/2
	if c.Note != "" {
		h += lineH + lineH/2
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	fill(img, img.Bounds(), cardBack, draw.Src)
	y := pad + big.ascent
	big.text(img, pad, y, c.Title, textColor)
	y += big.height - big.ascent + lineH/2
	fill(img, image.Rect(pad, y, w-pad, y+1), dividerColor, draw.Over)
	y += lineH/2 + f.ascent
	colX := make([]int, len(c.Sides))
	x := pad + nameW
	for i := range c.Sides {
		x += gap
		colX[i] = x + colW[i] // right-aligned
		x += colW[i]
	}
	for i, s := range c.Sides {
		bold.text(img, colX[i]-bold.width(s.Title), y, s.Title, textColor)
	}
	for _, r := range rows {
		y += lineH
		f.text(img, pad, y, r.Name, keyColor)
		for i, v := range r.Values {
			col := textColor
			switch {
			case r.Best == i:
				col = betterColor
			case r.Best >= 0:
				col = worseColor
			}
			f.text(img, colX[i]-f.width(v), y, v, col)
		}
	}
	if c.Note != "" {
		y += lineH + lineH/2
		f.text(img, pad, y, c.Note, keyColor)
	}
	return img
}

// Label paints text in bold at fontPx on a dark translucent box (the
// compare view's "SMART" / "FIXED 1080P").
func (p *Painter) Label(text string, fontPx float64) *image.RGBA {
	f := p.face(fontPx, true)
	if f == nil {
		return nil
	}
	padX, padY := int(fontPx*0.5), int(fontPx*0.25)
	img := image.NewRGBA(image.Rect(0, 0, f.width(text)+2*padX, f.height+2*padY))
	fill(img, img.Bounds(), labelBack, draw.Src)
	f.text(img, padX, padY+f.ascent, text, textColor)
	return img
}
