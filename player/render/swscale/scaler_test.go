package swscale

import (
	"bytes"
	"errors"
	"fmt"
	"testing"

	"smartplay/player/media"
	"smartplay/player/render"
)

// frame returns a w×h frame whose left half is a and right half b (YUV).
func frame(w, h int, a, b [3]byte) *media.VideoFrame {
	f := media.NewVideoFrame(w, h)
	for y := range h {
		for x := range w {
			c := a
			if x >= w/2 {
				c = b
			}
			f.Y[y*f.StrideY+x] = c[0]
		}
	}
	for y := range (h + 1) / 2 {
		for x := range (w + 1) / 2 {
			c := a
			if 2*x >= w/2 {
				c = b
			}
			f.U[y*f.StrideC+x], f.V[y*f.StrideC+x] = c[1], c[2]
		}
	}
	return f
}

func near(a, b uint8) bool { return int(a)-int(b) <= 3 && int(b)-int(a) <= 3 }

// Flat colours come out as the render package's reference conversion
// says (limited range in, full range out), with either matrix.
func TestScaleColours(t *testing.T) {
	var s Scaler
	defer s.Close()
	for _, tc := range []struct {
		name  string
		yuv   [3]byte
		bt709 bool
	}{
		{"black", [3]byte{16, 128, 128}, false},
		{"white", [3]byte{235, 128, 128}, true},
		{"grey", [3]byte{126, 128, 128}, false},
		{"red 601", [3]byte{81, 90, 240}, false},
		{"red 709", [3]byte{63, 102, 240}, true},
		{"blue 601", [3]byte{41, 240, 110}, false},
		{"blue 709", [3]byte{32, 240, 118}, true},
		{"green 709", [3]byte{173, 42, 26}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := frame(64, 36, tc.yuv, tc.yuv)
			defer f.Release()
			pix, err := s.Scale(f, 64, 36, tc.bt709)
			if err != nil {
				t.Fatal(err)
			}
			m := render.BT601
			if tc.bt709 {
				m = render.BT709
			}
			r, g, b := m.RGB(tc.yuv[0], tc.yuv[1], tc.yuv[2])
			for i := 0; i < len(pix); i += 4 {
				if !near(pix[i], r) || !near(pix[i+1], g) || !near(pix[i+2], b) || pix[i+3] != 255 {
					t.Fatalf("pixel %d = %v, want %d,%d,%d,255", i/4, pix[i:i+4], r, g, b)
				}
			}
		})
	}
}

// Shrunk, enlarged or kept, a left|right picture keeps its halves where
// they were, in a buffer of exactly dw×dh pixels; one Scaler serves
// every size in turn, and again after Close.
func TestScaleSizes(t *testing.T) {
	red, blue := [3]byte{81, 90, 240}, [3]byte{41, 240, 110}
	f := frame(320, 180, red, blue)
	defer f.Release()
	var s Scaler
	defer s.Close()
	for i, size := range [][2]int{{160, 90}, {640, 360}, {320, 180}, {1727, 971}, {160, 90}, {640, 360}} {
		dw, dh := size[0], size[1]
		if i == 5 {
			s.Close()
		}
		pix, err := s.Scale(f, dw, dh, false)
		if err != nil {
			t.Fatalf("%dx%d: %v", dw, dh, err)
		}
		if len(pix) != 4*dw*dh {
			t.Fatalf("%dx%d: %d bytes", dw, dh, len(pix))
		}
		at := func(x, y int) []byte { return pix[4*(y*dw+x) : 4*(y*dw+x)+3] }
		for _, p := range []struct {
			x, y    int
			r, g, b uint8
		}{{dw / 8, dh / 2, 254, 0, 0}, {dw / 4, dh - 1, 254, 0, 0}, {dw * 7 / 8, 0, 0, 0, 255}, {dw - 1, dh / 2, 0, 0, 255}} {
			c := at(p.x, p.y)
			if !near(c[0], p.r) || !near(c[1], p.g) || !near(c[2], p.b) {
				t.Errorf("%dx%d: pixel (%d,%d) = %v, want %d,%d,%d", dw, dh, p.x, p.y, c, p.r, p.g, p.b)
			}
		}
	}
}

// Bad input is an error, never a crash.
func TestScaleBadInput(t *testing.T) {
	var s Scaler
	defer s.Close()
	short := media.NewVideoFrame(64, 36)
	short.Y = short.Y[:100]
	for _, tc := range []struct {
		name   string
		f      *media.VideoFrame
		dw, dh int
		want   error
	}{
		{"no frame", nil, 10, 10, ErrSize},
		{"empty frame", &media.VideoFrame{}, 10, 10, ErrSize},
		{"no target", media.NewVideoFrame(64, 36), 0, 36, ErrSize},
		{"short luma", short, 64, 36, ErrPlanes},
		{"huge target", media.NewVideoFrame(64, 36), 1 << 20, 2, ErrContext},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := s.Scale(tc.f, tc.dw, tc.dh, false); !errors.Is(err, tc.want) {
				t.Fatalf("err %v, want %v", err, tc.want)
			}
		})
	}
	// And the scaler still works afterwards.
	f := media.NewVideoFrame(64, 36)
	if _, err := s.Scale(f, 32, 18, false); err != nil {
		t.Fatal(err)
	}
}

// A picture converted band by band is, byte for byte, the picture
// converted whole (the window draws it in bands): scaled down, up, or
// only converted, with bands that do not divide the height.
func TestScaleRowsMatchWhole(t *testing.T) {
	f := media.NewVideoFrame(320, 180)
	defer f.Release()
	for i := range f.Y { // a ramp with detail in both directions
		f.Y[i] = byte(16 + (i*7+i/f.StrideY*3)%220)
	}
	for i := range f.U {
		f.U[i], f.V[i] = byte(16+(i*5)%224), byte(240-(i*3)%224)
	}
	var whole, bands Scaler
	defer whole.Close()
	defer bands.Close()
	for _, size := range [][2]int{{288, 162}, {640, 360}, {320, 180}, {1727, 971}} {
		dw, dh := size[0], size[1]
		want, err := whole.Scale(f, dw, dh, true)
		if err != nil {
			t.Fatal(err)
		}
		want = append([]byte(nil), want...)
		for _, rows := range []int{64, 50, dh} {
			var got []byte
			for y0 := 0; y0 < dh; y0 += rows {
				n := min(rows, dh-y0)
				pix, err := bands.ScaleRows(f, dw, dh, true, y0, n)
				if err != nil {
					t.Fatalf("%dx%d rows %d+%d: %v", dw, dh, y0, n, err)
				}
				if len(pix) != 4*dw*n {
					t.Fatalf("%dx%d rows %d+%d: %d bytes", dw, dh, y0, n, len(pix))
				}
				got = append(got, pix...)
			}
			if !bytes.Equal(got, want) {
				i := 0
				for i < len(got) && got[i] == want[i] {
					i++
				}
				t.Fatalf("%dx%d in bands of %d: first difference at row %d", dw, dh, rows, i/(4*dw))
			}
		}
	}
}

// Rows outside the picture are an error.
func TestScaleRowsOutside(t *testing.T) {
	var s Scaler
	defer s.Close()
	f := media.NewVideoFrame(64, 36)
	defer f.Release()
	for _, r := range [][2]int{{-1, 4}, {0, 0}, {30, 8}, {36, 1}} {
		if _, err := s.ScaleRows(f, 64, 36, false, r[0], r[1]); !errors.Is(err, ErrSize) {
			t.Errorf("rows %d+%d: err %v, want ErrSize", r[0], r[1], err)
		}
	}
}

// The cost of a 1080p frame shrunk to a 1728x972 window, whole and in the
// window's bands of 128 rows.
func BenchmarkScale1080(b *testing.B) {
	f := media.NewVideoFrame(1920, 1080)
	defer f.Release()
	for _, rows := range []int{972, 128} {
		b.Run(fmt.Sprintf("bands of %d", rows), func(b *testing.B) {
			var s Scaler
			defer s.Close()
			for b.Loop() {
				for y0 := 0; y0 < 972; y0 += rows {
					if _, err := s.ScaleRows(f, 1728, 972, true, y0, min(rows, 972-y0)); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
