package main

import (
	"time"

	"smartplay/player/media"
)

type yuv struct{ y, u, v byte }

// Pure colours in each standard's limited-range YUV; the window test
// expects them to come out as (255,0,0), (0,0,255) and (0,255,0).
var (
	red601  = yuv{81, 90, 240}
	blue601 = yuv{41, 240, 110}
	red709  = yuv{63, 102, 240}
	blue709 = yuv{32, 240, 118}
	green   = yuv{145, 54, 34}
)

// scenario is a window size, a screenshot time and the frame shown at
// each PTS. The expected pixels are in player/render's window_test.go.
type scenario struct {
	winW, winH int
	at         time.Duration
	frame      func(pts time.Duration) *media.VideoFrame
	// stall > 0 stops the frames at that PTS for stallFor: the window
	// shows "Buffering..." (and no muted notice is set), and -xshot
	// captures the window during the stall instead of at the screenshot.
	stall time.Duration
	// resizeW×resizeH, when set, is the window's size from the stall on:
	// the frame on screen must be fitted again with no new frame coming.
	resizeW, resizeH int
}

// stallFor is how long a stalling scenario withholds frames.
const stallFor = 1500 * time.Millisecond

var scenarios = map[string]scenario{
	// 320×180 SD (BT.601), red|blue, in 640×480: letterboxed.
	"sd-letterbox": {winW: 640, winH: 480, at: 300 * time.Millisecond, frame: func(time.Duration) *media.VideoFrame {
		return twoColour(320, 180, red601, blue601, true)
	}},
	// 4:3 green first, then 1280×720 HD (BT.709) red over blue from
	// 0.5 s, in 800×300: pillarboxed after a mid-stream size change.
	"hd-pillarbox-after-switch": {winW: 800, winH: 300, at: 800 * time.Millisecond, frame: func(pts time.Duration) *media.VideoFrame {
		if pts < 500*time.Millisecond {
			return twoColour(320, 240, green, green, false)
		}
		return twoColour(1280, 720, red709, blue709, false)
	}},
	// 320×180 tagged BT.709 by its stream (an SD size would otherwise
	// be read as BT.601), red over blue in 320×180: 1:1, nearest luma.
	"sd-tagged-709": {winW: 320, winH: 180, at: 300 * time.Millisecond, frame: func(time.Duration) *media.VideoFrame {
		f := twoColour(320, 180, red709, blue709, false)
		f.Matrix = media.MatrixBT709
		return f
	}},
	// 320×180 red|blue in 640×360 that runs dry at 0.5 s: "Buffering..."
	// over the last picture.
	"buffering": {winW: 640, winH: 360, at: 200 * time.Millisecond, stall: 500 * time.Millisecond,
		frame: func(time.Duration) *media.VideoFrame { return twoColour(320, 180, red601, blue601, true) }},
	// As "buffering", and the window grows to 640×480 during the stall:
	// the last picture is letterboxed again at y 60..420.
	"resize-while-stalled": {winW: 640, winH: 360, at: 200 * time.Millisecond, stall: 500 * time.Millisecond,
		resizeW: 640, resizeH: 480,
		frame: func(time.Duration) *media.VideoFrame { return twoColour(320, 180, red601, blue601, true) }},
	// 318×178 blue|red in 636×356: exactly 2×, odd chroma width.
	"odd-size": {winW: 636, winH: 356, at: 300 * time.Millisecond, frame: func(time.Duration) *media.VideoFrame {
		return twoColour(318, 178, blue601, red601, true)
	}},
}

// twoColour makes a frame split between a and b: left|right when
// horizontal, else top/bottom.
func twoColour(w, h int, a, b yuv, horizontal bool) *media.VideoFrame {
	f := media.NewVideoFrame(w, h)
	pick := func(x, y, pw, ph int) yuv {
		if horizontal && x >= pw/2 || !horizontal && y >= ph/2 {
			return b
		}
		return a
	}
	for y := range h {
		for x := range w {
			f.Y[y*f.StrideY+x] = pick(x, y, w, h).y
		}
	}
	cw, ch := (w+1)/2, (h+1)/2
	for y := range ch {
		for x := range cw {
			c := pick(x, y, cw, ch)
			f.U[y*f.StrideC+x], f.V[y*f.StrideC+x] = c.u, c.v
		}
	}
	return f
}
