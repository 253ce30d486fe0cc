package report

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// dpi is the PNG's resolution: at 96 dots per inch a 10 pt label is 13 px,
// readable at 100% on a desktop screen.
const dpi = 96

// px converts pixels to the plot library's points (1/72 inch).
func px(n float64) vg.Length { return vg.Length(n * 72 / dpi) }

// toPx converts the library's points to pixels.
func toPx(l vg.Length) float64 { return float64(l) * dpi / 72 }

// sans is the charts' typeface (the library ships Liberation; its serif
// default reads worse on screen at small sizes).
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// Text sizes in points (a point is 4/3 px at 96 dpi).
const (
	titlePt = 15 // the chart's title
	panelPt = 12 // a panel's title
	labelPt = 11 // axis labels, legend, table
	tickPt  = 10 // tick labels
	notePt  = 9.5
)

// textStyle is a plain-text style of the given size, colour and alignment.
func textStyle(size float64, c color.Color, xa draw.XAlignment, ya draw.YAlignment) text.Style {
	return text.Style{Color: c, Font: font.From(sans, vg.Points(size)), XAlign: xa, YAlign: ya, Handler: plot.DefaultTextHandler}
}

// Colours.
var (
	ink      = color.Gray{Y: 0x20}
	greyInk  = color.Gray{Y: 0x70}
	gridGrey = color.Gray{Y: 0xe4}
	rungGrey = color.Gray{Y: 0x9a}
	// traceInk draws a trace shared by all the sessions of a chart.
	traceInk = color.RGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff}
)

// palette holds one colour per session, distinct on white and for the
// common colour-vision deficiencies (Tableau 10, yellow and pink left
// out: too pale for thin lines); sessions beyond it reuse it in order.
var palette = []color.RGBA{
	{0x1f, 0x77, 0xb4, 0xff}, // blue
	{0xff, 0x7f, 0x0e, 0xff}, // orange
	{0x2c, 0xa0, 0x2c, 0xff}, // green
	{0xd6, 0x27, 0x28, 0xff}, // red
	{0x94, 0x67, 0xbd, 0xff}, // purple
	{0x8c, 0x56, 0x4b, 0xff}, // brown
	{0x17, 0xbe, 0xcf, 0xff}, // cyan
	{0x7f, 0x7f, 0x7f, 0xff}, // grey
	{0xbc, 0xbd, 0x22, 0xff}, // olive
	{0xe3, 0x77, 0xc2, 0xff}, // pink
}

// SessionColor is the colour of the i-th session of a chart.
func SessionColor(i int) color.RGBA { return palette[i%len(palette)] }

// stallAlpha is the opacity of a stall's band: light enough that the
// lines drawn over it stay readable, dark enough to see at a glance.
const stallAlpha = 0.22

// StallColor is the band colour of the i-th session's stalls over white
// (the session's colour at stallAlpha), as it appears in the image.
func StallColor(i int) color.RGBA {
	c := SessionColor(i)
	mix := func(v uint8) uint8 { return uint8(float64(v)*stallAlpha + 255*(1-stallAlpha) + 0.5) }
	return color.RGBA{mix(c.R), mix(c.G), mix(c.B), 0xff}
}

// stallFill is the band colour with its alpha (premultiplied).
func stallFill(i int) color.Color {
	c := SessionColor(i)
	a := stallAlpha
	return color.RGBA{uint8(float64(c.R)*a + 0.5), uint8(float64(c.G)*a + 0.5), uint8(float64(c.B)*a + 0.5), uint8(255*a + 0.5)}
}
