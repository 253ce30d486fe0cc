package window

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"log/slog"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"smartplay/player/media"
	"smartplay/player/render"
	"smartplay/player/render/swscale"
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
	// pacerAckWait bounds waiting for the game loop to run a scheduled
	// frame before scheduling again.
	pacerAckWait = 100 * time.Millisecond
)

// Commands receives the window's keys. Implementations must not block.
type Commands interface {
	TogglePause()
	Seek(delta time.Duration) // ←/→: ∓/± 10 s
	SetQuality(n int)         // 0: auto; 1..9: pin rendition n
	Quit()                    // q, Esc (the window then closes)
}

// Options configures Run.
type Options struct {
	Title         string // default "smartplay"
	Width, Height int    // initial window size (the video's, say), fitted to 90% of the monitor; default 1280×720
	Fullscreen    bool
	Commands      Commands // keys; nil ignores them (f and q/Esc still work)
	// Overlay returns extra lines drawn top-left (the HUD). It is called on
	// every game tick (at least 4 a second) on the main thread; the text is
	// redrawn when the lines change. It must not block.
	Overlay func() []string
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

// Run opens a window and presents the Consumer's video in it until
// the window is closed (by the user, q/Esc, Close or ExitWhenDone). It
// must be called from the main goroutine (Ebiten's rule) and only once per
// process. It returns ErrNoDisplay when $DISPLAY is empty.
func Run(c *render.Consumer, opts Options) error {
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
	g := &game{c: c, opts: opts, start: time.Now(), shotPending: opts.Screenshot != "", ran: make(chan struct{}, 1)}
	defer g.scaler.Close()
	defer func() { g.frame.Release() }()
	ebiten.SetWindowTitle(opts.Title)
	mw, mh := ebiten.Monitor().Size()
	ebiten.SetWindowSize(render.FitWindow(opts.Width, opts.Height, mw, mh))
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetFullscreen(opts.Fullscreen)
	ebiten.SetRunnableOnUnfocused(true)
	// Mesa's software GL makes every full-window pass cost CPU, so frames
	// run only when the pacer schedules them (a video frame is due) or on
	// input; the offscreen is not cleared (the picture is drawn on the
	// final screen, see Draw), and unchanged frames are not presented.
	// (SetFPSMode is deprecated for SetScreenClearedEveryFrame, which alone
	// would still run and present 60 frames a second.)
	ebiten.SetFPSMode(ebiten.FPSModeVsyncOffMinimum)
	ebiten.SetScreenClearedEveryFrame(false)
	stop := make(chan struct{})
	go g.pace(stop)
	err := ebiten.RunGameWithOptions(g, &ebiten.RunGameOptions{InitUnfocused: false})
	close(stop)
	g.shots.Wait()
	if err != nil && !errors.Is(err, ebiten.Termination) {
		return fmt.Errorf("window: %w", err)
	}
	if g.shotPending && opts.OnScreenshot != nil {
		opts.OnScreenshot(opts.Screenshot, 0, fmt.Errorf("%w: window closed before %v", render.ErrScreenshot, opts.ScreenshotAt))
	}
	return nil
}

// pace schedules a frame when the next video frame is due, and waits for
// the game loop to have run before looking again, so each video frame
// costs one scheduled frame. It wakes on the Consumer's changes (the first
// frame after start-up or a seek is due at once), schedules frames until
// the shaders are warm, and a few a second regardless (overlay, state).
func (g *game) pace(stop <-chan struct{}) {
	t := time.NewTimer(time.Hour)
	defer t.Stop()
	for {
		changed := g.c.Changed()
		wait := g.c.NextFrameIn()
		if g.warm.Load() < warmFrames {
			wait = 0
		}
		if wait != 0 {
			if wait < 0 || wait > pacerMaxWait {
				wait = pacerMaxWait
			}
			t.Reset(wait)
			select {
			case <-stop:
				return
			case <-changed:
				continue
			case <-t.C:
			}
			if wait < pacerMaxWait {
				continue // look again: the frame is due now
			}
		}
		select { // forget Updates that ran before this schedule
		case <-g.ran:
		default:
		}
		ebiten.ScheduleFrame()
		t.Reset(pacerAckWait)
		select {
		case <-stop:
			return
		case <-g.ran:
		case <-t.C:
		}
	}
}

// game implements ebiten.Game and ebiten.FinalScreenDrawer.
type game struct {
	c     *render.Consumer
	opts  Options
	start time.Time
	ran   chan struct{} // Update ran (for the pacer)
	warm  atomic.Int32  // frames run; video is taken once the shaders are compiled

	frame    *media.VideoFrame // on screen; kept to convert it again at another size
	aspect   float64
	bt709    bool // the frame's matrix
	scaler   swscale.Scaler
	pic      *ebiten.Image   // frame in RGBA at picAt's size
	picAt    image.Rectangle // where pic goes in the window
	picStale bool            // the frame changed since pic was made
	hasPic   bool

	dirty       bool // the window must be redrawn
	w, h        int  // window size in pixels
	overlay     overlayCache
	shotPending bool
	shots       sync.WaitGroup
}

// warmFrames: the first frames only compile Ebiten's shaders (it compiles
// on first use, which takes long enough on software GL to drop frames);
// video is taken from the frame after.
const warmFrames = 2

// offscreenSide is the side of Ebiten's offscreen image in pixels: enough
// for the warm-up draws (2×2) and the one pixel Draw touches.
const offscreenSide = 16

func (g *game) Update() error {
	defer func() { // tell the pacer the game loop ran
		select {
		case g.ran <- struct{}{}:
		default:
		}
	}()
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
	if g.opts.ExitWhenDone { // the last frame was drawn in an earlier tick
		select {
		case <-g.c.Done():
			return ebiten.Termination
		default:
		}
	}
	if g.warm.Load() >= warmFrames {
		if f, _ := g.c.TakeFrame(); f != nil {
			g.upload(f)
		}
	}
	if g.overlay.update(g.overlayLines()) {
		g.dirty = true
	}
	return nil
}

// Layout records the window size and returns a tiny offscreen: everything
// is drawn on the final screen (DrawFinalScreen), so a window-sized
// offscreen would only hold memory (6.7 MB at 1728×972, in Mesa's heap
// under software GL).
func (g *game) Layout(w, h int) (int, int) {
	if w != g.w || h != g.h {
		g.w, g.h, g.dirty = w, h, true
	}
	return offscreenSide, offscreenSide
}

// Draw draws nothing itself: the picture goes straight onto the window's
// framebuffer in DrawFinalScreen, which saves a full-window copy per frame.
// When something changed it touches one offscreen pixel, so that Ebiten
// presents a new frame; otherwise Ebiten skips the redraw and the swap.
func (g *game) Draw(offscreen *ebiten.Image) {
	if g.warm.Load() < warmFrames {
		g.warm.Add(1)
		g.warmUp(offscreen)
		g.dirty = true
	}
	g.maybeScreenshot()
	if !g.dirty {
		return
	}
	g.dirty = false
	offscreen.SubImage(image.Rect(0, 0, 1, 1)).(*ebiten.Image).Fill(color.Black)
}

// DrawFinalScreen draws the picture and the overlay on the framebuffer,
// which Ebiten has just cleared to black.
func (g *game) DrawFinalScreen(screen ebiten.FinalScreen, _ *ebiten.Image, _ ebiten.GeoM) {
	g.drawAll(screen)
}

// target is what drawAll draws on: the final screen, or an image for a
// screenshot.
type target interface {
	Bounds() image.Rectangle
	DrawImage(img *ebiten.Image, options *ebiten.DrawImageOptions)
	DrawTrianglesShader(vertices []ebiten.Vertex, indices []uint16, shader *ebiten.Shader, options *ebiten.DrawTrianglesShaderOptions)
}

func (g *game) drawAll(dst target) {
	if g.hasPic {
		g.drawVideo(dst)
	}
	g.overlay.draw(dst)
}

// warmUp draws a 1×1 image off screen so that Ebiten compiles the shader
// the picture is drawn with before the first picture is due.
func (g *game) warmUp(dst *ebiten.Image) {
	img := ebiten.NewImage(1, 1)
	dst.DrawImage(img, nil)
	img.Deallocate()
}

// maybeScreenshot saves the window's content once the clock passed the
// screenshot time and a picture is up. The final screen cannot be read, so
// the picture is drawn again into an image; PNG encoding runs aside.
func (g *game) maybeScreenshot() {
	if !g.shotPending || !g.hasPic || g.w <= 0 || g.h <= 0 {
		return
	}
	pos := g.c.Position()
	if pos < g.opts.ScreenshotAt {
		return
	}
	g.shotPending = false
	shot := ebiten.NewImage(g.w, g.h)
	shot.Fill(color.Black)
	g.drawAll(shot)
	img := image.NewRGBA(image.Rect(0, 0, g.w, g.h))
	shot.ReadPixels(img.Pix)
	shot.Deallocate()
	g.shots.Add(1)
	go func() {
		defer g.shots.Done()
		err := render.WritePNG(g.opts.Screenshot, img)
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
