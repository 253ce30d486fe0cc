package main

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// makeXWD builds a 32-bit TrueColor XWD image like Xvfb's screen file,
// filled by fill(x, y) → r, g, b.
func makeXWD(w, h int, littleEndian bool, fill func(x, y int) (r, g, b byte)) []byte {
	const ncolors = 4
	hdr := make([]byte, xwdHeaderWords*4+8) // + window name
	put := func(i, v int) { binary.BigEndian.PutUint32(hdr[i*4:], uint32(v)) }
	put(0, len(hdr))
	put(1, 7)
	put(2, 2)
	put(3, 24)
	put(4, w)
	put(5, h)
	if !littleEndian {
		put(7, 1)
	}
	put(11, 32)
	put(12, w*4)
	put(13, 4)
	put(14, 0xff0000)
	put(15, 0xff00)
	put(16, 0xff)
	put(19, ncolors)
	out := append(hdr, make([]byte, ncolors*xwdColorBytes)...)
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			r, g, b := fill(x, y)
			if littleEndian {
				out = append(out, b, g, r, 0)
			} else {
				out = append(out, 0, r, g, b)
			}
		}
	}
	return out
}

func TestColorfulShare(t *testing.T) {
	const w, h = 400, 200
	black := func(x, y int) (byte, byte, byte) { return 0, 0, 0 }
	grey := func(x, y int) (byte, byte, byte) { v := byte(x * 240 / w); return v, v, v + 10 }
	// A "buffering" caption: white text on black, no colour.
	caption := func(x, y int) (byte, byte, byte) {
		if y > 90 && y < 110 && x > 100 && x < 300 {
			return 255, 255, 255
		}
		return 0, 0, 0
	}
	// A window of colour bars on the left quarter of the screen.
	bars := func(x, y int) (byte, byte, byte) {
		if x < w/4 {
			return 255, 255, 0
		}
		return 0, 0, 0
	}
	tiny := func(x, y int) (byte, byte, byte) { // one sampled pixel coloured
		if x == 10 && y == 10 {
			return 255, 0, 0
		}
		return 0, 0, 0
	}
	// A 200x100 window at (60, 40) whose top-left corner is dark (the
	// timecode box) and the rest coloured.
	window := func(x, y int) (byte, byte, byte) {
		if x < 60 || x >= 260 || y < 40 || y >= 140 || (x < 80 && y < 50) {
			return 0, 0, 0
		}
		return 0, 200, 255
	}
	tests := []struct {
		name       string
		fill       func(x, y int) (byte, byte, byte)
		share      float64
		shown      bool
		bigEndian  bool
		boxW, boxH int
	}{
		{"black screen", black, 0, false, false, 0, 0},
		{"grey ramp", grey, 0, false, false, 0, 0},
		{"white caption", caption, 0, false, false, 0, 0},
		{"bars on a quarter", bars, 0.25, true, false, 100, 200},
		{"bars, MSB-first pixels", bars, 0.25, true, true, 100, 200},
		{"one stray pixel", tiny, 1.0 / 200, false, false, 0, 0},
		{"window with a dark corner", window, 0.25, true, false, 200, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			img := makeXWD(w, h, !tt.bigEndian, tt.fill)
			l, err := parseXWD(img, len(img))
			if err != nil {
				t.Fatal(err)
			}
			got := l.colorfulShare(img)
			if got != tt.share {
				t.Fatalf("share = %v, want %v", got, tt.share)
			}
			if (got >= pictureShareMin) != tt.shown {
				t.Fatalf("shown = %v, want %v", got >= pictureShareMin, tt.shown)
			}
			// Only the sampled grid counts: a single pixel off the grid is
			// not seen, and box edges are exact when they are on the grid.
			if tt.shown {
				if bw, bh := l.colorfulBounds(img); bw != tt.boxW || bh != tt.boxH {
					t.Fatalf("bounds %dx%d, want %dx%d", bw, bh, tt.boxW, tt.boxH)
				}
			}
		})
	}
}

func TestParseXWDRejects(t *testing.T) {
	good := makeXWD(40, 20, true, func(x, y int) (byte, byte, byte) { return 0, 0, 0 })
	mutate := func(word, v int) []byte {
		b := append([]byte(nil), good...)
		binary.BigEndian.PutUint32(b[word*4:], uint32(v))
		return b
	}
	tests := []struct {
		name string
		img  []byte
		size int
	}{
		{"short header", good[:40], 40},
		{"wrong version", mutate(1, 6), len(good)},
		{"16 bits per pixel", mutate(11, 16), len(good)},
		{"odd colour masks", mutate(14, 0xf800), len(good)},
		{"truncated pixels", good, len(good) - 1},
		{"huge width", mutate(4, 1<<30), len(good)},
		{"line shorter than width", mutate(12, 4), len(good)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := parseXWD(tt.img, tt.size); !errors.Is(err, ErrFramebuffer) {
				t.Fatalf("err = %v, want ErrFramebuffer", err)
			}
		})
	}
}

func TestOpenFramebufferSeesChanges(t *testing.T) {
	const w, h = 200, 100
	path := filepath.Join(t.TempDir(), "Xvfb_screen0")
	img := makeXWD(w, h, true, func(x, y int) (byte, byte, byte) { return 0, 0, 0 })
	if err := os.WriteFile(path, img, 0o644); err != nil {
		t.Fatal(err)
	}
	fb, err := openFramebuffer(path)
	if err != nil {
		t.Fatal(err)
	}
	defer fb.Close()
	if fb.pictureShown() {
		t.Fatal("black screen counted as a picture")
	}
	// Paint the whole screen blue in place, as Xvfb does.
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, _ := parseXWD(img, len(img))
	px := make([]byte, w*h*4)
	for i := 0; i < len(px); i += 4 {
		px[i] = 255 // blue, LSB first
	}
	if _, err := f.WriteAt(px, int64(l.pixelOffset)); err != nil {
		t.Fatal(err)
	}
	if !fb.pictureShown() {
		t.Fatal("the mapping did not see the painted screen")
	}
}
