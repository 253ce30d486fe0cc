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

// lumaAt and chromaAt follow the shader's functions of the same names
// operation by operation, to check the addressing without a GPU.
func lumaAt(pix []byte, l Layout, x, y float64) float64 {
	q := math.Floor(x / 4)
	c := texel(pix, l, q, y)
	var sum float64
	for k := range 4 {
		sel := 1 - step(0.5, math.Abs(x-q*4-float64(k)))
		sum += c[k] * sel
	}
	return sum
}

func chromaAt(pix []byte, l Layout, x, y float64) (u, v float64) {
	q := math.Floor(x / 2)
	c := texel(pix, l, q, float64(l.H)+y)
	odd := x - q*2
	return c[0]*(1-odd) + c[2]*odd, c[1]*(1-odd) + c[3]*odd
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
		if l.TexH*l.TexW*4 > sz.w*sz.h*3/2+4*(l.TexH) {
			t.Errorf("%dx%d: layout %dx%d texels wastes more than a texel a row", sz.w, sz.h, l.TexW, l.TexH)
		}
		for y := range sz.h {
			for x := range sz.w {
				want := float64(f.Y[y*f.StrideY+x]) / 255
				if got := lumaAt(pix, l, float64(x), float64(y)); math.Abs(got-want) > 1e-9 {
					t.Fatalf("%dx%d: luma (%d,%d) = %v, want %v", sz.w, sz.h, x, y, got*255, want*255)
				}
			}
		}
		for y := range l.CH {
			for x := range l.CW {
				wu, wv := float64(f.U[y*f.StrideC+x])/255, float64(f.V[y*f.StrideC+x])/255
				u, v := chromaAt(pix, l, float64(x), float64(y))
				if math.Abs(u-wu) > 1e-9 || math.Abs(v-wv) > 1e-9 {
					t.Fatalf("%dx%d: chroma (%d,%d) = %v,%v want %v,%v", sz.w, sz.h, x, y, u*255, v*255, wu*255, wv*255)
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
