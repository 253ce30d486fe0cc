package hud

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// The Go fonts (BSD-licensed, shipped in golang.org/x/image) cover Latin,
// arrows and "×"; the monospaced cut keeps the HUD's columns aligned.
var fonts struct {
	once        sync.Once
	regular     *opentype.Font
	bold        *opentype.Font
	regErr, bEr error
}

func loadFonts() (regular, bold *opentype.Font, err error) {
	fonts.once.Do(func() {
		fonts.regular, fonts.regErr = opentype.Parse(gomono.TTF)
		fonts.bold, fonts.bEr = opentype.Parse(gomonobold.TTF)
	})
	if fonts.regErr != nil || fonts.bEr != nil {
		return nil, nil, fmt.Errorf("%w: %w", ErrFont, firstErr(fonts.regErr, fonts.bEr))
	}
	return fonts.regular, fonts.bold, nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// glyph is a rasterised rune: its coverage mask and where it goes
// relative to the dot.
type glyph struct {
	mask *image.Alpha
	dr   image.Rectangle
}

// face is one font at one size, with its glyphs cached: the HUD redraws
// the same few dozen characters a few times a second.
type face struct {
	f       font.Face
	glyphs  map[rune]glyph
	advance int // of "0", in pixels (every glyph of a monospaced font)
	ascent  int
	height  int // line height in pixels
}

func newFace(f *opentype.Font, px float64) (*face, error) {
	ff, err := opentype.NewFace(f, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingFull})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFont, err)
	}
	m := ff.Metrics()
	adv, _ := ff.GlyphAdvance('0')
	return &face{f: ff, glyphs: map[rune]glyph{}, advance: adv.Round(), ascent: m.Ascent.Ceil(),
		height: (m.Ascent + m.Descent).Ceil()}, nil
}

func (fc *face) glyph(r rune) glyph {
	if g, ok := fc.glyphs[r]; ok {
		return g
	}
	dr, mask, mp, _, ok := fc.f.Glyph(fixed.Point26_6{}, r)
	var g glyph
	if ok && mask != nil && !dr.Empty() {
		a := image.NewAlpha(image.Rect(0, 0, dr.Dx(), dr.Dy()))
		draw.Draw(a, a.Bounds(), mask, mp, draw.Src)
		g = glyph{mask: a, dr: dr}
	}
	fc.glyphs[r] = g
	return g
}

// width is s's width in pixels (monospaced).
func (fc *face) width(s string) int {
	n := 0
	for range s {
		n++
	}
	return n * fc.advance
}

// text draws s with its baseline at (x, y) and returns the x after it.
func (fc *face) text(dst draw.Image, x, y int, s string, c color.Color) int {
	src := image.NewUniform(c)
	for _, r := range s {
		g := fc.glyph(r)
		if g.mask != nil {
			rect := g.dr.Add(image.Pt(x, y))
			draw.DrawMask(dst, rect, src, image.Point{}, g.mask, image.Point{}, draw.Over)
		}
		x += fc.advance
	}
	return x
}

// Painter draws HUD panels, labels and summary cards into images. It
// keeps faces and glyphs between calls; it is not safe for concurrent
// use (give each HUD its own).
type Painter struct {
	faces map[faceKey]*face
	err   error
}

type faceKey struct {
	px   float64
	bold bool
}

// NewPainter returns a Painter.
func NewPainter() *Painter { return &Painter{faces: map[faceKey]*face{}} }

// Err reports the first error (a font that failed to load: nothing was
// drawn then).
func (p *Painter) Err() error { return p.err }

func (p *Painter) face(px float64, bold bool) *face {
	k := faceKey{px, bold}
	if f, ok := p.faces[k]; ok {
		return f
	}
	reg, b, err := loadFonts()
	if err == nil {
		f := reg
		if bold {
			f = b
		}
		var fc *face
		if fc, err = newFace(f, px); err == nil {
			p.faces[k] = fc
			return fc
		}
	}
	if p.err == nil {
		p.err = err
	}
	return nil
}
