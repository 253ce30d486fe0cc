package yuvtex

import (
	"math"
	"testing"

	"smartplay/player/media"
)

// texel emulates the shader's texel fetch: the 4 bytes of texel (col, row)
// as values in [0, 1].
func texel(pix []byte, l Layout, col, row float64) [4]float64 {
	i := (int(row)*l.TexW + int(col)) * 4
	return [4]float64{float64(pix[i]) / 255, float64(pix[i+1]) / 255, float64(pix[i+2]) / 255, float64(pix[i+3]) / 255}
}

// lumaAt and chromaPair follow the shader's functions operation by
// operation, to check the addressing without a GPU.
func lumaAt(pix []byte, l Layout, x, y float64) float64 {
	q := math.Floor(x / 4)
	r := math.Floor(y / 2)
	c := texel(pix, l, q+(y-r*2)*float64(l.LumaW), r)
	var sum float64
	for k := range 4 {
		sel := 1 - step(0.5, math.Abs(x-q*4-float64(k)))
		sum += c[k] * sel
	}
	return sum
}

// chroma is the shader's bilinear chroma at frame position (px, py).
func chroma(pix []byte, l Layout, px, py float64) (u, v float64) {
	cw, ch := float64(l.CW), float64(l.CH)
	qx, qy := (px-0.5)/2, (py-1)/2
	ix, iy := math.Floor(qx), math.Floor(qy)
	fx, fy := (qx-ix)*step(0, ix), (qy-iy)*step(0, iy)
	i0x, i0y := math.Min(math.Max(ix, 0), cw-1), math.Min(math.Max(iy, 0), ch-1)
	i1y := math.Min(i0y+1, ch-1)
	c0 := texel(pix, l, i0x, float64(l.LumaRows)+i0y)
	c1 := texel(pix, l, i0x, float64(l.LumaRows)+i1y)
	mix := func(a, b, t float64) float64 { return a*(1-t) + b*t }
	u = mix(mix(c0[0], c0[2], fx), mix(c1[0], c1[2], fx), fy)
	v = mix(mix(c0[1], c0[3], fx), mix(c1[1], c1[3], fx), fy)
	return u, v
}

// refChroma is bilinear interpolation of the planes themselves, with the
// same siting, clamped at the edges.
func refChroma(f *media.VideoFrame, px, py float64) (u, v float64) {
	cw, ch := (f.Width+1)/2, (f.Height+1)/2
	qx, qy := math.Max((px-0.5)/2, 0), math.Max((py-1)/2, 0)
	x0, y0 := int(math.Floor(qx)), int(math.Floor(qy))
	fx, fy := qx-float64(x0), qy-float64(y0)
	at := func(p []byte, x, y int) float64 {
		x, y = min(max(x, 0), cw-1), min(max(y, 0), ch-1)
		return float64(p[y*f.StrideC+x]) / 255
	}
	bi := func(p []byte) float64 {
		a := at(p, x0, y0)*(1-fx) + at(p, x0+1, y0)*fx
		b := at(p, x0, y0+1)*(1-fx) + at(p, x0+1, y0+1)*fx
		return a*(1-fy) + b*fy
	}
	return bi(f.U), bi(f.V)
}

func step(edge, x float64) float64 {
	if x < edge {
		return 0
	}
	return 1
}

// patterned makes a frame whose every sample is distinct-ish, with padded
// strides when pad > 0 (as a decoder's frames may have).
func patterned(w, h, pad int) *media.VideoFrame {
	cw, ch := (w+1)/2, (h+1)/2
	f := &media.VideoFrame{Width: w, Height: h, StrideY: w + pad, StrideC: cw + pad}
	f.Y = make([]byte, f.StrideY*h)
	f.U = make([]byte, f.StrideC*ch)
	f.V = make([]byte, f.StrideC*ch)
	for i := range f.Y {
		f.Y[i] = byte(i*7 + 3)
	}
	for i := range f.U {
		f.U[i], f.V[i] = byte(i*5+1), byte(i*11+2)
	}
	return f
}

func TestPackAddressing(t *testing.T) {
	for _, sz := range []struct{ w, h, pad int }{
		{320, 180, 0}, {1920, 1080, 0}, {318, 178, 0}, {17, 9, 3}, {2, 2, 0}, {854, 480, 32},
	} {
		f := patterned(sz.w, sz.h, sz.pad)
		pix, l, _, ok := Pack(f, nil)
		if !ok || len(pix) != l.Bytes() {
			t.Fatalf("%dx%d: ok=%v len %d want %d", sz.w, sz.h, ok, len(pix), l.Bytes())
		}
		if l.Bytes() > 2*sz.w*sz.h+16*l.TexH {
			t.Errorf("%dx%d: layout %dx%d texels is more than 2 bytes a pixel", sz.w, sz.h, l.TexW, l.TexH)
		}
		for y := range sz.h {
			for x := range sz.w {
				want := float64(f.Y[y*f.StrideY+x]) / 255
				if got := lumaAt(pix, l, float64(x), float64(y)); math.Abs(got-want) > 1e-9 {
					t.Fatalf("%dx%d: luma (%d,%d) = %v, want %v", sz.w, sz.h, x, y, got*255, want*255)
				}
			}
		}
		// Bilinear chroma at pixel centres and between them, edges included.
		for py := 0.0; py <= float64(sz.h); py += 0.75 {
			for px := 0.0; px <= float64(sz.w); px += 0.75 {
				u, v := chroma(pix, l, px, py)
				wu, wv := refChroma(f, px, py)
				if math.Abs(u-wu) > 1e-9 || math.Abs(v-wv) > 1e-9 {
					t.Fatalf("%dx%d: chroma at (%v,%v) = %v,%v want %v,%v", sz.w, sz.h, px, py, u*255, v*255, wu*255, wv*255)
				}
			}
		}
	}
}

func TestPackReusesBufferAndRejectsHuge(t *testing.T) {
	f := patterned(64, 36, 0)
	_, l, buf, _ := Pack(f, nil)
	_, _, buf2, _ := Pack(f, buf)
	if &buf[0] != &buf2[0] || cap(buf) < l.Bytes() {
		t.Fatal("Pack did not reuse a large enough buffer")
	}
	if l := LayoutFor(7680, 4320); l.Fits() {
		t.Fatalf("8K layout %dx%d texels claims to fit", l.TexW, l.TexH)
	}
	if l := LayoutFor(3840, 2160); !l.Fits() {
		t.Fatalf("4K layout %dx%d texels does not fit", l.TexW, l.TexH)
	}
	huge := &media.VideoFrame{Width: 7680, Height: 4320}
	if _, _, _, ok := Pack(huge, nil); ok {
		t.Fatal("Pack accepted an 8K frame")
	}
}
