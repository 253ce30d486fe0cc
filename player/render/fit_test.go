package render

import "testing"

func TestFitWindow(t *testing.T) {
	tests := []struct{ w, h, mw, mh, wantW, wantH int }{
		{1280, 720, 1920, 1080, 1280, 720},   // fits: the video's size
		{1920, 1080, 1920, 1080, 1728, 972},  // 90% of the screen, same aspect
		{1920, 1080, 1280, 1024, 1152, 648},  // width-bound
		{640, 480, 0, 0, 640, 480},           // monitor unknown: no cap
		{3840, 2160, 2560, 1440, 2304, 1296}, // 4K on a QHD screen
	}
	for _, tc := range tests {
		if w, h := FitWindow(tc.w, tc.h, tc.mw, tc.mh); w != tc.wantW || h != tc.wantH {
			t.Errorf("FitWindow(%d,%d on %dx%d) = %dx%d, want %dx%d", tc.w, tc.h, tc.mw, tc.mh, w, h, tc.wantW, tc.wantH)
		}
	}
}
