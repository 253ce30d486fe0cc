package render

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"smartplay/internal/pngtest"
	"smartplay/player/media"
)

// solid returns a w×h frame of one YUV colour.
func solid(w, h int, y, u, v byte, pts time.Duration) *media.VideoFrame {
	f := media.NewVideoFrame(w, h)
	for i := range f.Y {
		f.Y[i] = y
	}
	for i := range f.U {
		f.U[i], f.V[i] = u, v
	}
	f.PTS, f.Duration = pts, 40*ms
	return f
}

func TestYUVToRGB(t *testing.T) {
	tests := []struct {
		name    string
		m       Matrix
		y, u, v byte
		r, g, b uint8
	}{
		{"black", BT601, 16, 128, 128, 0, 0, 0},
		{"white", BT709, 235, 128, 128, 255, 255, 255},
		{"below black clamps", BT601, 0, 128, 128, 0, 0, 0},
		{"601 red", BT601, 81, 90, 240, 255, 0, 0},
		{"601 green", BT601, 145, 54, 34, 0, 255, 0},
		{"601 blue", BT601, 41, 240, 110, 0, 0, 255},
		{"709 red", BT709, 63, 102, 240, 255, 0, 0},
		{"709 green", BT709, 173, 42, 26, 0, 255, 0},
		{"709 blue", BT709, 32, 240, 118, 0, 0, 255},
	}
	near := func(a, b uint8) bool { return int(a)-int(b) <= 3 && int(b)-int(a) <= 3 }
	for _, tt := range tests {
		r, g, b := tt.m.RGB(tt.y, tt.u, tt.v)
		if !near(r, tt.r) || !near(g, tt.g) || !near(b, tt.b) {
			t.Errorf("%s: got %d,%d,%d want %d,%d,%d", tt.name, r, g, b, tt.r, tt.g, tt.b)
		}
	}
	if MatrixFor(1280, 720) != BT709 || MatrixFor(1024, 576) != BT601 || MatrixFor(320, 180) != BT601 {
		t.Error("matrixFor picks the wrong standard")
	}
}

func TestHeadlessSimScreenshot(t *testing.T) {
	c := NewConsumer(ConsumerConfig{Output: NewSimOutput(), HasAudio: true, HasVideo: true})
	ctx := t.Context()
	go func() {
		for i := range 50 { // 2 s at 25 fps; red from 1 s
			pts := time.Duration(i) * 40 * ms
			f := solid(64, 36, 41, 240, 110, pts) // blue
			if pts >= time.Second {
				f = solid(64, 36, 81, 90, 240, pts) // red
			}
			f.Number = int64(i)
			if c.Video(ctx, f) != nil {
				return
			}
			for a := pts; a < pts+40*ms; a += 20 * ms {
				if c.Audio(ctx, chunk(a, 20*ms, 1)) != nil {
					return
				}
			}
		}
		c.EndOfStream()
	}()
	path := filepath.Join(t.TempDir(), "shot.png")
	var numbers []int64
	var shotPTS time.Duration
	var shotErr error = errors.New("no callback")
	err := RunHeadless(ctx, c, HeadlessOptions{
		Screenshot: path, ScreenshotAt: 1010 * ms,
		OnScreenshot: func(_ string, pts time.Duration, err error) { shotPTS, shotErr = pts, err },
		Frame:        func(f *media.VideoFrame) { numbers = append(numbers, f.Number) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(numbers) != 50 || numbers[49] != 49 {
		t.Fatalf("frames seen %d (last %v), want all 50", len(numbers), numbers[len(numbers)-1])
	}
	if shotErr != nil || shotPTS != time.Second {
		t.Fatalf("screenshot pts %v err %v, want the frame at 1s", shotPTS, shotErr)
	}
	img := pngtest.Read(t, path)
	if b := img.Bounds(); b.Dx() != 64 || b.Dy() != 36 {
		t.Fatalf("screenshot size %v", b)
	}
	r, g, b, _ := img.At(10, 10).RGBA()
	if r>>8 < 250 || g>>8 > 5 || b>>8 > 5 {
		t.Fatalf("screenshot pixel = %d,%d,%d, want red", r>>8, g>>8, b>>8)
	}
}

func TestHeadlessRejectsPTSGoingBack(t *testing.T) {
	c := NewConsumer(ConsumerConfig{Output: NewSimOutput(), HasVideo: true, HasAudio: false})
	ctx := t.Context()
	for _, p := range []time.Duration{0, 40 * ms, 80 * ms, 60 * ms, 120 * ms} {
		if err := c.Video(ctx, solid(16, 16, 16, 128, 128, p)); err != nil {
			t.Fatal(err)
		}
	}
	c.EndOfStream()
	if err := RunHeadless(ctx, c, HeadlessOptions{}); !errors.Is(err, ErrFrameOrder) {
		t.Fatalf("RunHeadless = %v, want ErrFrameOrder", err)
	}
}

func TestHeadlessRealTime(t *testing.T) {
	c := NewConsumer(ConsumerConfig{Output: NewWallOutput(nil), HasAudio: true, HasVideo: true, Prebuffer: 200 * ms})
	feed(t, c, 0, 600*ms, 40*ms, true, true)
	c.EndOfStream()
	start := time.Now()
	if err := RunHeadless(t.Context(), c, HeadlessOptions{}); err != nil {
		t.Fatal(err)
	}
	el := time.Since(start)
	st := c.Stats()
	if st.FramesShown != 15 || st.FramesDropped != 0 || st.Position != 600*ms {
		t.Fatalf("stats %+v, want 15 frames shown, none dropped, at 600ms", st)
	}
	if el < 590*ms || el > 900*ms {
		t.Fatalf("600 ms played in %v, want real time", el)
	}
}
