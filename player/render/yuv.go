package render

import (
	"fmt"
	"image"
	"image/png"
	"os"

	"smartplay/player/media"
)

// Matrix holds the limited-range YUV→RGB coefficients of one standard:
// R = Y' + RV·V', G = Y' − GU·U' − GV·V', B = Y' + BU·U', with
// Y' = (Y−16)/219 and U', V' = (C−128)/224.
type Matrix struct {
	RV, GU, GV, BU float32
}

// The two standards in use.
var (
	BT601 = Matrix{RV: 1.402, GU: 0.344136, GV: 0.714136, BU: 1.772}
	BT709 = Matrix{RV: 1.5748, GU: 0.187324, GV: 0.468124, BU: 1.8556}
)

// hdWidth and sdMaxHeight: untagged video is HD (BT.709) from 1280 wide or
// above 576 lines, SD (BT.601) otherwise — the guess mpv and ffplay make.
const (
	hdWidth     = 1280
	sdMaxHeight = 576
)

// MatrixFor picks the matrix for untagged video of a picture size.
func MatrixFor(w, h int) Matrix {
	if w >= hdWidth || h > sdMaxHeight {
		return BT709
	}
	return BT601
}

// MatrixOf is the matrix a frame declares, or MatrixFor's guess when it
// declares none.
func MatrixOf(f *media.VideoFrame) Matrix {
	switch f.Matrix {
	case media.MatrixBT601:
		return BT601
	case media.MatrixBT709:
		return BT709
	}
	return MatrixFor(f.Width, f.Height)
}

// RGB converts one limited-range sample to 8-bit RGB.
func (m Matrix) RGB(y, u, v byte) (r, g, b uint8) {
	yf := (float32(y) - 16) / 219
	uf := (float32(u) - 128) / 224
	vf := (float32(v) - 128) / 224
	return clamp8(yf + m.RV*vf), clamp8(yf - m.GU*uf - m.GV*vf), clamp8(yf + m.BU*uf)
}

func clamp8(x float32) uint8 {
	switch {
	case x <= 0:
		return 0
	case x >= 1:
		return 255
	}
	return uint8(x*255 + 0.5)
}

// FrameToRGBA converts a frame to an RGBA image at its coded size.
func FrameToRGBA(f *media.VideoFrame) *image.RGBA {
	m := MatrixOf(f)
	img := image.NewRGBA(image.Rect(0, 0, f.Width, f.Height))
	for y := 0; y < f.Height; y++ {
		row := img.Pix[y*img.Stride:]
		ys := f.Y[y*f.StrideY:]
		cs := (y / 2) * f.StrideC
		for x := 0; x < f.Width; x++ {
			r, g, b := m.RGB(ys[x], f.U[cs+x/2], f.V[cs+x/2])
			row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = r, g, b, 255
		}
	}
	return img
}

// WritePNG writes img to path; errors wrap ErrScreenshot.
func WritePNG(path string, img image.Image) error {
	fh, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrScreenshot, err)
	}
	if err := png.Encode(fh, img); err != nil {
		fh.Close()
		return fmt.Errorf("%w: encoding %s: %w", ErrScreenshot, path, err)
	}
	if err := fh.Close(); err != nil {
		return fmt.Errorf("%w: %w", ErrScreenshot, err)
	}
	return nil
}
