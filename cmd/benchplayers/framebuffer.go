package main

import (
	"encoding/binary"
	"fmt"
	"os"
	"syscall"
	"time"
)

// Xvfb started with -fbdir keeps its screen in a file in XWD format and
// draws into it in place; mapping that file lets the bench see a window's
// first picture the moment the X server has it, for every player alike.

// xwdHeaderWords is the number of 32-bit big-endian fields of an XWD
// (version 7) header before the window name.
const xwdHeaderWords = 25

// xwdColorBytes is the size of one XWDColor entry that follows the header.
const xwdColorBytes = 12

// sampleStepPx is the distance between sampled pixels: a 1920x1080 screen
// gives 96x54 samples, enough to see any video window and cheap enough to
// poll every few milliseconds.
const sampleStepPx = 20

// colorfulChroma is how far apart (0..255) the largest and smallest RGB
// channel of a pixel must be for it to count as coloured. The test
// picture's bars are fully saturated; black, white and grey overlays (a
// "buffering" text, an empty window) have a spread near 0.
const colorfulChroma = 64

// pictureShareMin is the share of sampled pixels that must be coloured
// before the test picture counts as shown. A 720p window on a 1080p screen
// covers 44% of it and its bars are ~90% coloured; 5% leaves room for a
// window partly off screen while ignoring stray pixels.
const pictureShareMin = 0.05

// xwdLayout is where the pixels of an XWD image are and how to read them.
type xwdLayout struct {
	width, height int
	bytesPerLine  int
	pixelOffset   int
	littleEndian  bool
}

// parseXWD reads the header of a 32-bit TrueColor XWD image (what Xvfb
// writes at depth 24) and checks that the pixels fit in size bytes.
func parseXWD(hdr []byte, size int) (xwdLayout, error) {
	if len(hdr) < xwdHeaderWords*4 {
		return xwdLayout{}, fmt.Errorf("%w: header of %d bytes", ErrFramebuffer, len(hdr))
	}
	f := func(i int) int { return int(binary.BigEndian.Uint32(hdr[i*4:])) }
	headerSize, version, format, bpp := f(0), f(1), f(2), f(11)
	if version != 7 || format != 2 || bpp != 32 {
		return xwdLayout{}, fmt.Errorf("%w: version %d, format %d, %d bits per pixel (want 7, ZPixmap, 32)", ErrFramebuffer, version, format, bpp)
	}
	if f(14) != 0xff0000 || f(15) != 0xff00 || f(16) != 0xff {
		return xwdLayout{}, fmt.Errorf("%w: colour masks %#x %#x %#x (want 8-bit RGB)", ErrFramebuffer, f(14), f(15), f(16))
	}
	l := xwdLayout{width: f(4), height: f(5), bytesPerLine: f(12), littleEndian: f(7) == 0}
	l.pixelOffset = headerSize + f(19)*xwdColorBytes
	if l.width <= 0 || l.height <= 0 || l.bytesPerLine < l.width*4 || headerSize < xwdHeaderWords*4 ||
		l.pixelOffset+l.bytesPerLine*l.height > size {
		return xwdLayout{}, fmt.Errorf("%w: %dx%d, %d bytes a line, pixels at %d, file of %d bytes", ErrFramebuffer, l.width, l.height, l.bytesPerLine, l.pixelOffset, size)
	}
	return l, nil
}

// boundsStepPx is the sampling step used to find the picture's extent on
// screen once it is shown: 4 px of error, ~130 000 samples at 1080p.
const boundsStepPx = 4

// colorful reports whether the pixel at x, y is coloured.
func (l xwdLayout) colorful(data []byte, x, y int) bool {
	i := l.pixelOffset + y*l.bytesPerLine + x*4
	p := data[i : i+4]
	r, g, b := p[2], p[1], p[0]
	if !l.littleEndian {
		r, g, b = p[1], p[2], p[3]
	}
	return max(r, g, b)-min(r, g, b) >= colorfulChroma
}

// colorfulShare returns the share of sampled pixels that are coloured.
func (l xwdLayout) colorfulShare(data []byte) float64 {
	n, colored := 0, 0
	for y := sampleStepPx / 2; y < l.height; y += sampleStepPx {
		for x := sampleStepPx / 2; x < l.width; x += sampleStepPx {
			n++
			if l.colorful(data, x, y) {
				colored++
			}
		}
	}
	if n == 0 {
		return 0
	}
	return float64(colored) / float64(n)
}

// colorfulBounds returns the size of the box around the coloured pixels
// (the test picture fills its frame with colour bars up to the edges), to
// within boundsStepPx; 0, 0 when there are none.
func (l xwdLayout) colorfulBounds(data []byte) (w, h int) {
	x0, y0, x1, y1 := l.width, l.height, -1, -1
	for y := 0; y < l.height; y += boundsStepPx {
		for x := 0; x < l.width; x += boundsStepPx {
			if l.colorful(data, x, y) {
				x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
			}
		}
	}
	if x1 < 0 {
		return 0, 0
	}
	return x1 - x0 + boundsStepPx, y1 - y0 + boundsStepPx
}

// framebuffer is a read-only mapping of Xvfb's screen file.
type framebuffer struct {
	data   []byte
	layout xwdLayout
}

// openFramebuffer maps path (Xvfb's <fbdir>/Xvfb_screen0).
func openFramebuffer(path string) (*framebuffer, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFramebuffer, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrFramebuffer, err)
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(st.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, fmt.Errorf("%w: mmap %s: %w", ErrFramebuffer, path, err)
	}
	l, err := parseXWD(data, len(data))
	if err != nil {
		syscall.Munmap(data)
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &framebuffer{data: data, layout: l}, nil
}

// pictureShown reports whether the screen shows the (coloured) test picture.
func (fb *framebuffer) pictureShown() bool {
	return fb.layout.colorfulShare(fb.data) >= pictureShareMin
}

// sizeSettleInterval and sizeSettleMax: a picture is copied into the
// screen over a millisecond or two, so its size is read until two reads
// this far apart agree, for at most sizeSettleMax.
const (
	sizeSettleInterval = 5 * time.Millisecond
	sizeSettleMax      = 200 * time.Millisecond
)

// pictureSize returns the on-screen size of the coloured picture once it
// is stable (see sizeSettleInterval); the last read after sizeSettleMax.
func (fb *framebuffer) pictureSize() (w, h int) {
	w, h = fb.layout.colorfulBounds(fb.data)
	for end := time.Now().Add(sizeSettleMax); time.Now().Before(end); {
		time.Sleep(sizeSettleInterval)
		w2, h2 := fb.layout.colorfulBounds(fb.data)
		if w2 == w && h2 == h {
			break
		}
		w, h = w2, h2
	}
	return w, h
}

// Close unmaps the file.
func (fb *framebuffer) Close() error {
	return syscall.Munmap(fb.data)
}
