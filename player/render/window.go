package render

import (
	"errors"
	"fmt"
	"image"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
)

const (
	// defaultWindowWidth/Height: the window's size when none is given (a
	// 720p picture at 1:1).
	defaultWindowWidth  = 1280
	defaultWindowHeight = 720
	// seekStep is what ←/→ ask to seek.
	seekStep = 10 * time.Second
	// mutedNoticeFor is how long the one-time muted notice stays up.
	mutedNoticeFor = 5 * time.Second
	// pacerMaxWait bounds the pacer's sleep: the window redraws at least
	// 4 times a second (overlay, buffering state) even with no new frame.
	pacerMaxWait = 250 * time.Millisecond
	// pacerMinWait avoids a busy loop when a frame is due right now.
	pacerMinWait = time.Millisecond
)

// Commands receives the window's keys. Implementations must not block.
type Commands interface {
	TogglePause()
	Seek(delta time.Duration) // ←/→: ∓/± 10 s
	SetQuality(n int)         // 0: auto; 1..9: pin rendition n
	Quit()                    // q, Esc (the window then closes)
}

// WindowOptions configures RunWindow.
type WindowOptions struct {
	Title         string // default "smartplay"
	Width, Height int    // initial window size; default 1280×720
	Fullscreen    bool
	Commands      Commands        // keys; nil ignores them (f and q/Esc still work)
	Overlay       func() []string // extra lines drawn top-left (the HUD); called each drawn frame
	// MutedNotice, when set, is shown once for a few seconds, e.g.
	// "muted: no audio device".
	MutedNotice string
	// Screenshot, when set, is the PNG path for the window's pixels when
	// the clock passes ScreenshotAt; OnScreenshot hears the outcome.
	Screenshot   string
	ScreenshotAt time.Duration
	OnScreenshot func(path string, pos time.Duration, err error)
	// ExitWhenDone closes the window when the Consumer is done.
	ExitWhenDone bool
	// Close, when closed, closes the window.
	Close <-chan struct{}
	// Logger defaults to slog.Default().
	Logger *slog.Logger
}

// RunWindow opens a window and presents the Consumer's video in it until
// the window is closed (by the user, q/Esc, Close or ExitWhenDone). It
// must be called from the main goroutine (Ebiten's rule) and only once per
// process. It returns ErrNoDisplay when $DISPLAY is empty.
func RunWindow(c *Consumer, opts WindowOptions) error {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return ErrNoDisplay
	}
	if opts.Title == "" {
		opts.Title = "smartplay"
	}
	if opts.Width <= 0 || opts.Height <= 0 {
		opts.Width, opts.Height = defaultWindowWidth, defaultWindowHeight
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	shader, err := ebiten.NewShader(yuvShaderSrc)
	if err != nil {
		return fmt.Errorf("render: compiling the YUV shader: %w", err)
	}
	g := &game{c: c, opts: opts, shader: shader, start: time.Now(), shotPending: opts.Screenshot != ""}
	ebiten.SetWindowTitle(opts.Title)
	ebiten.SetWindowSize(opts.Width, opts.Height)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetFullscreen(opts.Fullscreen)
	ebiten.SetRunnableOnUnfocused(true)
	// Draw only when something changed: the pacer schedules a frame when
	// the next video frame is due. Mesa's software GL makes every redraw
	// and present cost CPU, so redrawing a still picture 60 times a second
	// would be waste. (Deprecated in favour of SetScreenClearedEveryFrame,
	// which still presents every frame.)
	ebiten.SetFPSMode(ebiten.FPSModeVsyncOffMinimum)
	stop := make(chan struct{})
	go g.pace(stop)
	err = ebiten.RunGameWithOptions(g, &ebiten.RunGameOptions{InitUnfocused: false})
	close(stop)
	g.shots.Wait()
	if err != nil && !errors.Is(err, ebiten.Termination) {
		return fmt.Errorf("render: window: %w", err)
	}
	if g.shotPending && opts.OnScreenshot != nil {
		opts.OnScreenshot(opts.Screenshot, 0, fmt.Errorf("%w: window closed before %v", ErrScreenshot, opts.ScreenshotAt))
	}
	return nil
}

// pace wakes the game loop when the next frame is due, and a few times a
// second regardless.
func (g *game) pace(stop <-chan struct{}) {
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		ebiten.ScheduleFrame()
		wait := g.c.untilNextFrame()
		if wait < 0 || wait > pacerMaxWait {
			wait = pacerMaxWait
		}
		t.Reset(max(wait, pacerMinWait))
	}
}

// game implements ebiten.Game.
type game struct {
	c      *Consumer
	opts   WindowOptions
	shader *ebiten.Shader
	start  time.Time

	tex     *ebiten.Image // packed YUV of the current frame
	layout  packLayout
	aspect  float64
	scratch []byte
	hasPic  bool

	shotPending bool
	shots       sync.WaitGroup
	shotBuf     []byte
	uniforms    map[string]any
	vertices    [4]ebiten.Vertex
}

func (g *game) Update() error {
	if g.handleKeys() {
		return ebiten.Termination
	}
	if g.opts.Close != nil {
		select {
		case <-g.opts.Close:
			return ebiten.Termination
		default:
		}
	}
	if g.opts.ExitWhenDone && !g.shotPending {
		select {
		case <-g.c.Done():
			return ebiten.Termination
		default:
		}
	}
	if f, _ := g.c.TakeFrame(); f != nil {
		g.upload(f)
		f.Release()
	}
	return nil
}

func (g *game) Layout(w, h int) (int, int) { return w, h }

func (g *game) Draw(screen *ebiten.Image) {
	if g.hasPic {
		g.drawVideo(screen)
	}
	g.drawOverlay(screen)
	g.maybeScreenshot(screen)
}

// maybeScreenshot saves the window's pixels once the clock passed the
// screenshot time and a picture is on screen; PNG encoding runs aside.
func (g *game) maybeScreenshot(screen *ebiten.Image) {
	if !g.shotPending || !g.hasPic {
		return
	}
	pos := g.c.Position()
	if pos < g.opts.ScreenshotAt {
		return
	}
	g.shotPending = false
	b := screen.Bounds()
	img := image.NewRGBA(b)
	screen.ReadPixels(img.Pix)
	g.shots.Add(1)
	go func() {
		defer g.shots.Done()
		err := writePNG(g.opts.Screenshot, img)
		if err != nil {
			g.opts.Logger.Warn("screenshot failed", "path", g.opts.Screenshot, "err", err)
		} else {
			g.opts.Logger.Info("screenshot saved", "path", g.opts.Screenshot, "pos", pos)
		}
		if g.opts.OnScreenshot != nil {
			g.opts.OnScreenshot(g.opts.Screenshot, pos, err)
		}
	}()
}
