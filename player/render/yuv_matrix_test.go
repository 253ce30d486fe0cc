package render

import (
	"testing"

	"smartplay/player/media"
)

// A tagged frame is converted with the matrix it declares; an untagged one
// with the size-based guess. BT.601 red (Y 81, U 90, V 240) must come out
// red in a 720p frame tagged BT.601, and orange-red (G≈24) if it were read
// as BT.709 — the bug tags fix.
func TestMatrixOfUsesTheDeclaredMatrix(t *testing.T) {
	tests := []struct {
		w, h  int
		tag   media.ColorMatrix
		want  Matrix
		wantG uint8
	}{
		{1280, 720, media.MatrixBT601, BT601, 0},
		{1280, 720, media.MatrixUnknown, BT709, 24},
		{1280, 720, media.MatrixBT709, BT709, 24},
		{320, 180, media.MatrixBT709, BT709, 24},
		{320, 180, media.MatrixUnknown, BT601, 0},
	}
	for _, tc := range tests {
		f := &media.VideoFrame{Width: tc.w, Height: tc.h, Matrix: tc.tag}
		m := MatrixOf(f)
		if m != tc.want {
			t.Errorf("%dx%d tag %d: matrix %+v, want %+v", tc.w, tc.h, tc.tag, m, tc.want)
		}
		if _, g, _ := m.RGB(81, 90, 240); g != tc.wantG {
			t.Errorf("%dx%d tag %d: green of BT.601 red = %d, want %d", tc.w, tc.h, tc.tag, g, tc.wantG)
		}
	}
}
