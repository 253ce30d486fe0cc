// Command windowcheck plays synthetic frames in a real window, for the
// window tests (which cannot import Ebiten: it panics without a display)
// and for measuring the window's cost.
//
//	windowcheck -scenario sd-letterbox -shot out.png   # play a scenario, save a screenshot
//	windowcheck -bench 1920x1080@30 -for 10s -size 1280x720
//	windowcheck -keys                                   # press keys, print the Commands calls
//	windowcheck -panes compare -shot out.png            # HUDs, two panes, the summary card (panes.go)
//
// It prints one JSON object with the Consumer's stats (and, with -bench,
// CPU seconds per second played) and exits non-zero on failure.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"smartplay/player/media"
	"smartplay/player/render"
	"smartplay/player/render/window"
)

func main() {
	scenario := flag.String("scenario", "", "scenario to play (see scenarios.go)")
	shot := flag.String("shot", "", "screenshot path for -scenario")
	xshot := flag.String("xshot", "", "also capture the window from the X server (ImageMagick import) to this path")
	bench := flag.String("bench", "", "benchmark: frame size and rate, WxH@FPS")
	dur := flag.Duration("for", 10*time.Second, "benchmark length")
	size := flag.String("size", "1280x720", "benchmark window size, WxH")
	keys := flag.Bool("keys", false, "press keys through XTEST and print the Commands calls")
	panes := flag.String("panes", "", "HUD or compare-view scenario to play (see panes.go)")
	flag.Parse()
	var err error
	switch {
	case *keys:
		err = runKeys()
	case *panes != "":
		err = runPanes(*panes, *shot)
	case *scenario != "":
		err = runScenario(*scenario, *shot, *xshot)
	case *bench != "":
		err = runBench(*bench, *dur, *size)
	default:
		err = errors.New("need -scenario, -panes, -keys or -bench")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "windowcheck:", err)
		os.Exit(1)
	}
}

// result is what windowcheck prints.
type result struct {
	Stats render.Stats
	// ColourOnly: the window's framebuffer had no depth and stencil.
	ColourOnly    bool
	Frames        int     `json:",omitempty"`
	CPUSeconds    float64 `json:",omitempty"`
	PlayedSeconds float64 `json:",omitempty"`
	CPUPerSecond  float64 `json:",omitempty"`
}

func printResult(r result) error {
	return json.NewEncoder(os.Stdout).Encode(r)
}

// feed sends n frames made by mk, 1/fps apart, then ends the stream.
func feed(ctx context.Context, c *render.Consumer, n int, fps int, mk func(i int, pts time.Duration) *media.VideoFrame) {
	dur := time.Second / time.Duration(fps)
	for i := range n {
		pts := time.Duration(i) * dur
		f := mk(i, pts)
		f.PTS, f.Duration, f.Number = pts, dur, int64(i)
		if c.Video(ctx, f) != nil {
			return
		}
	}
	c.EndOfStream()
}

func runScenario(name, shot, xshot string) error {
	sc, ok := scenarios[name]
	if !ok || shot == "" {
		return fmt.Errorf("unknown scenario %q or no -shot", name)
	}
	title := "windowcheck " + name
	xdone := make(chan error, 1)
	capture := func() { xdone <- exec.Command("import", "-window", title, xshot).Run() }
	obs := &stallCapture{}
	if sc.stall > 0 && xshot != "" {
		obs.f = func() {
			if sc.resizeW > 0 {
				ebiten.SetWindowSize(sc.resizeW, sc.resizeH)
			}
			time.AfterFunc(300*time.Millisecond, capture) // "Buffering..." is up by then
		}
	}
	c := render.NewConsumer(render.ConsumerConfig{Output: render.NewWallOutput(nil), HasVideo: true,
		Prebuffer: 100 * time.Millisecond, Observer: obs})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := int((sc.at + time.Second) / (40 * time.Millisecond))
	mk := func(_ int, pts time.Duration) *media.VideoFrame { return sc.frame(pts) }
	if sc.stall > 0 {
		n = int((sc.stall + time.Second) / (40 * time.Millisecond))
		stalled := false
		mk = func(_ int, pts time.Duration) *media.VideoFrame {
			if pts >= sc.stall && !stalled { // the decoder has nothing for a while
				stalled = true
				// From when the clock runs: the window may take a while to
				// show its first frame (GL start-up), and frames withheld
				// before then would only delay the start, not stall.
				for wait := time.Now(); c.Position() == 0 && time.Since(wait) < 10*time.Second; {
					time.Sleep(10 * time.Millisecond)
				}
				time.Sleep(stallFor)
			}
			return sc.frame(pts)
		}
	}
	go feed(ctx, c, n, 25, mk)
	muted := "muted: no audio device"
	if sc.stall > 0 {
		muted = ""
	}
	shotErr := errors.New("no screenshot taken")
	err := window.Run(c, window.Options{
		Title: title, Width: sc.winW, Height: sc.winH,
		MutedNotice: muted,
		Screenshot:  shot, ScreenshotAt: sc.at,
		OnScreenshot: func(_ string, _ time.Duration, err error) {
			shotErr = err
			if xshot != "" && sc.stall == 0 { // the picture stays the same for a second
				go capture()
			}
		},
		ExitWhenDone: true,
	})
	if err == nil {
		err = shotErr
	}
	if err == nil && xshot != "" {
		select {
		case xerr := <-xdone:
			if xerr != nil {
				err = fmt.Errorf("capturing the window with import: %w", xerr)
			}
		case <-time.After(5 * time.Second):
			err = errors.New("capturing the window with import: not done")
		}
	}
	if err != nil {
		return err
	}
	return printResult(result{Stats: c.Stats(), ColourOnly: window.ColourOnlyFramebuffer()})
}

func runBench(spec string, dur time.Duration, size string) error {
	var w, h, fps, ww, wh int
	if _, err := fmt.Sscanf(spec, "%dx%d@%d", &w, &h, &fps); err != nil || fps <= 0 {
		return fmt.Errorf("bad -bench %q: want WxH@FPS", spec)
	}
	if _, err := fmt.Sscanf(size, "%dx%d", &ww, &wh); err != nil {
		return fmt.Errorf("bad -size %q: want WxH", size)
	}
	tmpl := twoColour(w, h, red709, blue709, true)
	for i := range tmpl.Y { // texture, so nothing is trivially uniform
		tmpl.Y[i] = byte(16 + (i*7)%219)
	}
	var cpu0 time.Duration
	var wall0 time.Time
	obs := &firstFrame{f: func() { cpu0, wall0 = cpuTime(), time.Now() }}
	c := render.NewConsumer(render.ConsumerConfig{Output: render.NewWallOutput(nil), HasVideo: true, Observer: obs})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := int(dur.Seconds() * float64(fps))
	go feed(ctx, c, n, fps, func(int, time.Duration) *media.VideoFrame {
		f := media.NewVideoFrame(w, h) // copied as a decoder writes its output
		copy(f.Y, tmpl.Y)
		copy(f.U, tmpl.U)
		copy(f.V, tmpl.V)
		return f
	})
	if err := window.Run(c, window.Options{Title: "windowcheck bench", Width: ww, Height: wh, ExitWhenDone: true}); err != nil {
		return err
	}
	cpu, wall := cpuTime()-cpu0, time.Since(wall0)
	return printResult(result{Stats: c.Stats(), Frames: n, CPUSeconds: cpu.Seconds(),
		PlayedSeconds: wall.Seconds(), CPUPerSecond: cpu.Seconds() / wall.Seconds()})
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// stallCapture calls f at the first stall.
type stallCapture struct {
	render.NopObserver
	f    func()
	done bool
}

func (o *stallCapture) StallStart(time.Duration) {
	if o.f != nil && !o.done {
		o.done = true
		o.f()
	}
}

// firstFrame calls f at the first frame shown.
type firstFrame struct {
	render.NopObserver
	f    func()
	done bool
}

func (o *firstFrame) FirstFrame(time.Duration, time.Time) {
	if !o.done {
		o.done = true
		o.f()
	}
}
