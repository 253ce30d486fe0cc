package yuvtex

import "smartplay/player/media"

// MaxTextureSide bounds the packed image's sides: 4096 texels, which every
// GL driver Ebiten runs on supports (Mesa llvmpipe allows 16384). Frames up
// to 2730 lines (4K) fit.
const MaxTextureSide = 4096

// Layout places a frame's planes in the RGBA texels of one image, 1.5
// bytes a pixel: luma row y is texture row y, four luma bytes a texel;
// chroma row j is texture row H+j with U and V interleaved (U0 V0 U1 V1),
// two chroma samples a texel. One texel fetch thus gives four luma samples
// or two (U, V) pairs, and the addressing is cheap in the shader.
type Layout struct {
	W, H       int // frame size in pixels
	CW, CH     int // chroma plane size
	TexW, TexH int // image size in texels
}

// LayoutFor returns the layout of a w×h frame.
func LayoutFor(w, h int) Layout {
	cw, ch := (w+1)/2, (h+1)/2
	return Layout{W: w, H: h, CW: cw, CH: ch, TexW: max((w+3)/4, (cw+1)/2), TexH: h + ch}
}

// Bytes is the buffer length WritePixels needs.
func (l Layout) Bytes() int { return l.TexW * l.TexH * 4 }

// Fits reports whether the image can be created.
func (l Layout) Fits() bool { return l.TexW <= MaxTextureSide && l.TexH <= MaxTextureSide }

// Pack copies f's planes into buf (grown as needed) in the packed
// layout and returns the bytes to upload; ok is false when the frame is too
// large for a texture.
func Pack(f *media.VideoFrame, buf []byte) (pix []byte, l Layout, newBuf []byte, ok bool) {
	l = LayoutFor(f.Width, f.Height)
	if !l.Fits() {
		return nil, l, buf, false
	}
	if cap(buf) < l.Bytes() {
		buf = make([]byte, l.Bytes())
	}
	pix = buf[:l.Bytes()]
	row := 4 * l.TexW
	for y := range l.H {
		copy(pix[y*row:y*row+l.W], f.Y[y*f.StrideY:y*f.StrideY+l.W])
	}
	for y := range l.CH {
		dst := pix[(l.H+y)*row : (l.H+y)*row+2*l.CW]
		u := f.U[y*f.StrideC : y*f.StrideC+l.CW]
		v := f.V[y*f.StrideC : y*f.StrideC+l.CW]
		for x := range u {
			dst[2*x], dst[2*x+1] = u[x], v[x]
		}
	}
	return pix, l, buf, true
}

// ShaderSource is the Kage shader that converts the packed planes to RGB.
// srcPos carries the position in frame pixels (plus the image's origin).
// The texels hold bytes, not colours, so filtering is done by hand: luma
// bilinear when the picture is scaled (Filter 1) or nearest when drawn 1:1
// (Filter 0), chroma always bilinear, sited as H.264 does by default (left,
// between rows).
var ShaderSource = []byte(`//kage:unit pixels

package main

var Size vec2
var Filter float
var Coef vec4

func texel(col, row float) vec4 {
	return imageSrc0UnsafeAt(imageSrc0Origin() + vec2(col, row) + 0.5)
}

func lumaAt(x, y float) float {
	q := floor(x / 4)
	sel := vec4(1) - step(vec4(0.5), abs(vec4(x-q*4)-vec4(0, 1, 2, 3)))
	return dot(texel(q, y), sel)
}

func chromaAt(x, y float) vec2 {
	q := floor(x / 2)
	c := texel(q, Size.y+y)
	return mix(c.rg, c.ba, x-q*2)
}

func luma(p vec2) float {
	if Filter < 0.5 {
		i := clamp(floor(p), vec2(0), Size-1)
		return lumaAt(i.x, i.y)
	}
	q := p - 0.5
	i := floor(q)
	f := q - i
	i0 := clamp(i, vec2(0), Size-1)
	i1 := clamp(i+1, vec2(0), Size-1)
	a := mix(lumaAt(i0.x, i0.y), lumaAt(i1.x, i0.y), f.x)
	b := mix(lumaAt(i0.x, i1.y), lumaAt(i1.x, i1.y), f.x)
	return mix(a, b, f.y)
}

func chroma(p vec2) vec2 {
	csize := floor((Size + 1) / 2)
	q := vec2((p.x-0.5)/2, (p.y-1)/2)
	i := floor(q)
	f := q - i
	i0 := clamp(i, vec2(0), csize-1)
	i1 := clamp(i+1, vec2(0), csize-1)
	a := mix(chromaAt(i0.x, i0.y), chromaAt(i1.x, i0.y), f.x)
	b := mix(chromaAt(i0.x, i1.y), chromaAt(i1.x, i1.y), f.x)
	return mix(a, b, f.y)
}

func Fragment(dstPos vec4, srcPos vec2, color vec4) vec4 {
	p := srcPos - imageSrc0Origin()
	y := (luma(p)*255 - 16) / 219
	uv := (chroma(p)*255 - 128) / 224
	r := y + Coef.x*uv.y
	g := y - Coef.y*uv.x - Coef.z*uv.y
	b := y + Coef.w*uv.x
	return vec4(clamp(vec3(r, g, b), 0, 1), 1)
}
`)
