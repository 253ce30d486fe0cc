package yuvtex

import "smartplay/player/media"

// MaxTextureSide bounds the packed image's sides: 4096 texels, which every
// GL driver Ebiten runs on supports (Mesa llvmpipe allows 16384). Frames up
// to 4096 lines (4K and more) fit.
const MaxTextureSide = 4096

// Layout places a frame's planes in the RGBA texels of one image, 2 bytes
// a pixel, shaped so the shader needs few texel fetches (on Mesa's software
// GL they are what a frame costs; the upload is cheap):
//
//   - Luma: four luma bytes a texel; luma rows y and y+1 (y even) share
//     texture row y/2, the odd row starting at texel LumaW. Rows 0..LumaRows.
//   - Chroma: from texture row LumaRows, one row per chroma row; texel x
//     holds U[x] V[x] U[x+1] V[x+1] (the pair a bilinear sample needs; the
//     last texel repeats its sample), so bilinear chroma is two fetches.
//
// That is 1 byte a pixel of luma and 1 of chroma, against 1.5 for the bare
// planes and 4 for RGBA. Measured against the 1.5-byte layout (4 chroma
// fetches), A/B on this machine, CPU-s per second of 30 fps in a 1280×720
// window: 720p drawn 1:1 0.52 vs 0.59 (4 runs each); 1080p scaled down
// 0.72 vs 0.72 (the larger upload eats the saved fetches).
type Layout struct {
	W, H       int // frame size in pixels
	CW, CH     int // chroma plane size
	LumaW      int // texels per luma row
	LumaRows   int // texture rows holding luma
	TexW, TexH int // image size in texels
}

// LayoutFor returns the layout of a w×h frame.
func LayoutFor(w, h int) Layout {
	cw, ch := (w+1)/2, (h+1)/2
	lw, lr := (w+3)/4, (h+1)/2
	return Layout{W: w, H: h, CW: cw, CH: ch, LumaW: lw, LumaRows: lr, TexW: max(2*lw, cw), TexH: lr + ch}
}

// Bytes is the buffer length WritePixels needs.
func (l Layout) Bytes() int { return l.TexW * l.TexH * 4 }

// Fits reports whether the image can be created.
func (l Layout) Fits() bool { return l.TexW <= MaxTextureSide && l.TexH <= MaxTextureSide }

// Pack copies f's planes into buf (grown as needed) in the packed layout
// and returns the bytes to upload; ok is false when the frame is too large
// for a texture.
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
		off := (y/2)*row + (y%2)*4*l.LumaW
		copy(pix[off:off+l.W], f.Y[y*f.StrideY:y*f.StrideY+l.W])
	}
	for y := range l.CH {
		dst := pix[(l.LumaRows+y)*row : (l.LumaRows+y)*row+4*l.CW]
		u := f.U[y*f.StrideC : y*f.StrideC+l.CW]
		v := f.V[y*f.StrideC : y*f.StrideC+l.CW]
		last := len(u) - 1
		for x := 0; x < last; x++ {
			d := dst[4*x : 4*x+4 : 4*x+4]
			d[0], d[1], d[2], d[3] = u[x], v[x], u[x+1], v[x+1]
		}
		d := dst[4*last : 4*last+4]
		d[0], d[1], d[2], d[3] = u[last], v[last], u[last], v[last]
	}
	return pix, l, buf, true
}

// Shader sources: the same conversion with nearest luma, exact when the
// picture is drawn 1:1, or bilinear luma, when it is scaled. They are two
// programs rather than a branch on a uniform because llvmpipe paid for both
// sides of the branch (measured: ~0.17 CPU-s per second of 720p30 1:1).
var (
	ShaderNearest  = shaderSource(lumaNearest)
	ShaderBilinear = shaderSource(lumaBilinear)
)

const lumaNearest = `func luma(p vec2) float {
	i := clamp(floor(p), vec2(0), Size-1)
	return lumaAt(i.x, i.y)
}`

const lumaBilinear = `func luma(p vec2) float {
	q := p - 0.5
	i := floor(q)
	f := q - i
	i0 := clamp(i, vec2(0), Size-1)
	i1 := clamp(i+1, vec2(0), Size-1)
	a := mix(lumaAt(i0.x, i0.y), lumaAt(i1.x, i0.y), f.x)
	b := mix(lumaAt(i0.x, i1.y), lumaAt(i1.x, i1.y), f.x)
	return mix(a, b, f.y)
}`

// shaderSource is the Kage program converting the packed planes to RGB.
// srcPos carries the position in frame pixels (plus the image's origin).
// The texels hold bytes, not colours, so filtering is done by hand; chroma
// is bilinear, sited as H.264 does by default (left, between rows).
// Uniforms: Size (frame w, h), Layout (LumaW, LumaRows), Coef (RV, GU, GV,
// BU).
func shaderSource(luma string) []byte {
	return []byte(`//kage:unit pixels

package main

var Size vec2
var Layout vec2
var Coef vec4

func texel(col, row float) vec4 {
	return imageSrc0UnsafeAt(imageSrc0Origin() + vec2(col, row) + 0.5)
}

func lumaAt(x, y float) float {
	q := floor(x / 4)
	r := floor(y / 2)
	sel := vec4(1) - step(vec4(0.5), abs(vec4(x-q*4)-vec4(0, 1, 2, 3)))
	return dot(texel(q+(y-r*2)*Layout.x, r), sel)
}

` + luma + `

func chroma(p vec2) vec2 {
	csize := floor((Size + 1) / 2)
	q := vec2((p.x-0.5)/2, (p.y-1)/2)
	i := floor(q)
	f := (q - i) * step(vec2(0), i) // before the first sample: take it whole
	i0 := clamp(i, vec2(0), csize-1)
	i1 := min(i0.y+1, csize.y-1)
	c0 := texel(i0.x, Layout.y+i0.y) // U V at x, then at x+1
	c1 := texel(i0.x, Layout.y+i1)
	return mix(mix(c0.rg, c0.ba, f.x), mix(c1.rg, c1.ba, f.x), f.y)
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
}
