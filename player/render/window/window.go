package window

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"smartplay/player/hud"
	"smartplay/player/render"
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
	// maxPanes: the window shows one picture, or two side by side.
	maxPanes = 2
)

// Commands receives the window's keys. Implementations must not block.
type Commands interface {
	TogglePause()
	Seek(delta time.Duration) // ←/→: ∓/± 10 s
	SetQuality(n int)         // 0: auto; 1..9: pin rendition n
	Quit()                    // q, Esc (the window then closes, or shows the card)
}

// Options configures Run and RunPanes.
type Options struct {
	Title         string // default "smartplay"
	Width, Height int    // initial window size (the video's, say), fitted to 90% of the monitor; default 1280×720
	Fullscreen    bool
	Commands      Commands // keys; nil ignores them (f, h and q/Esc still work)
	// Overlay returns extra lines drawn top-left. It is called on every
	// game tick (at least 4 a second) on the main thread; the text is
	// redrawn when the lines change. It must not block.
	Overlay func() []string
	// HUD is Run's heads-up display (RunPanes: each Pane's), fed by the
	// session's events; HUDReadings its live values (nil: none). h
	// toggles it; ShowHUD shows it from the start.
	HUD         *hud.Model
	HUDReadings func() hud.Readings
	ShowHUD     bool
	// MutedNotice, when set, is shown once for a few seconds, e.g.
	// "muted: no audio device".
	MutedNotice string
	// Screenshot, when set, is the PNG path for the window's pixels when
	// the (first pane's) clock passes ScreenshotAt, or when the summary
	// card shows if that comes first; OnScreenshot hears the outcome.
	Screenshot   string
	ScreenshotAt time.Duration
	OnScreenshot func(path string, pos time.Duration, err error)
	// ExitWhenDone closes the window when every pane's content ended
	// (Card, when set, takes precedence).
	ExitWhenDone bool
	// Card, when set, is asked for the summary card when every pane's
	// content ended, or at q/Esc (after Commands.Quit): the window then
	// shows it over the pictures instead of closing; q/Esc closes it.
	// CardFor > 0 closes the window that long after the card showed.
	Card    func() hud.Card
	CardFor time.Duration
	// Close, when closed, closes the window.
	Close <-chan struct{}
	// Logger defaults to slog.Default().
	Logger *slog.Logger
}

// Pane is one picture of the window: RunPanes shows two side by side
// (the compare view), each with its label and HUD.
type Pane struct {
	Consumer *render.Consumer
	// Label is drawn big over the picture ("SMART"); "" for none.
	Label string
	// HUD and Readings: as Options.HUD and HUDReadings, for this pane.
	HUD      *hud.Model
	Readings func() hud.Readings
	// Ended, when set, is closed when the pane's session is over for any
	// reason (its Consumer's Done only closes when everything played).
	Ended <-chan struct{}
}

// Run opens a window and presents the Consumer's video in it until
// the window is closed (by the user, q/Esc, Close or ExitWhenDone). It
// must be called from the main goroutine (Ebiten's rule) and only once per
// process. It returns ErrNoDisplay when $DISPLAY is empty.
func Run(c *render.Consumer, opts Options) error {
	return RunPanes([]Pane{{Consumer: c, HUD: opts.HUD, Readings: opts.HUDReadings}}, opts)
}

// RunPanes is Run for one or two panes; two are shown side by side, each
// picture at the top of its half with the HUD below it when there is room.
// The first pane's clock times the screenshot.
func RunPanes(panes []Pane, opts Options) error {
	if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
		return ErrNoDisplay
	}
	if len(panes) == 0 || len(panes) > maxPanes {
		return fmt.Errorf("%w: %d panes", ErrPanes, len(panes))
	}
	for _, p := range panes {
		if p.Consumer == nil {
			return fmt.Errorf("%w: a pane without a consumer", ErrPanes)
		}
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
	g := newGame(panes, opts)
	defer g.close()
	ebiten.SetWindowTitle(opts.Title)
	mw, mh := ebiten.Monitor().Size()
	ebiten.SetWindowSize(render.FitWindow(opts.Width, opts.Height, mw, mh))
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetFullscreen(opts.Fullscreen)
	ebiten.SetRunnableOnUnfocused(true)
	if !colourOnlyFramebuffer() {
		opts.Logger.Debug("window: GLFW's hints are not reachable; the framebuffer keeps depth and stencil")
	}
	// Mesa's software GL makes every full-window pass cost CPU, so frames
	// run only when the pacer schedules them (a video frame is due) or on
	// input; the offscreen is not cleared (the picture is drawn on the
	// final screen, see Draw), and unchanged frames are not presented.
	// (SetFPSMode is deprecated for SetScreenClearedEveryFrame, which alone
	// would still run and present 60 frames a second.)
	ebiten.SetFPSMode(ebiten.FPSModeVsyncOffMinimum)
	ebiten.SetScreenClearedEveryFrame(false)
	// One Update per frame, however close together frames are scheduled:
	// Ebiten's default 60 TPS runs no Update in a frame that comes under
	// 1/60 s after the last one, and the pacer then waited pacerAckWait
	// for nothing (two panes' frames and HUD uploads come that close;
	// measured: 63 such waits and 110 of 600 frames dropped in 20 s).
	// Ebiten's docs say FPSModeVsyncOffMinimum implies this; v2.8.8's
	// clock does not.
	ebiten.SetTPS(ebiten.SyncWithFPS)
	stop := make(chan struct{})
	go g.pace(stop)
	g.startHUDs(stop)
	// Not SingleThread: that mode runs GL on this thread and holds one
	// upload buffer instead of two (6.7 MB less at 1080p in a 1728x972
	// window), but drawing then delays taking the next frame. Measured with
	// the 15 s 1080p30 clip in benchplayers (6 runs each, interleaved with
	// ffplay and mpv): single-thread dropped 1, 0, 0, 0, 0 and 38 frames,
	// multi-thread none; peak RSS 229-232 vs 235-240 MiB.
	err := ebiten.RunGameWithOptions(g, &ebiten.RunGameOptions{InitUnfocused: false})
	close(stop)
	g.shots.Wait()
	g.huds.Wait()
	if err != nil && !errors.Is(err, ebiten.Termination) {
		return fmt.Errorf("window: %w", err)
	}
	if g.shotPending && opts.OnScreenshot != nil {
		opts.OnScreenshot(opts.Screenshot, 0, fmt.Errorf("%w: window closed before %v", render.ErrScreenshot, opts.ScreenshotAt))
	}
	return nil
}

// pace schedules a frame when the next video frame of any pane is due,
// and waits for the game loop to have run before looking again, so each
// video frame costs one scheduled frame. It wakes on the Consumers'
// changes (the first frame after start-up or a seek is due at once),
// schedules frames until the shaders are warm, and a few a second
// regardless (overlay, HUD, state).
func (g *game) pace(stop <-chan struct{}) {
	t := time.NewTimer(time.Hour)
	defer t.Stop()
	var seen [maxPanes]playState
	for {
		var changed [maxPanes]<-chan struct{} // nil never fires
		wait := time.Duration(-1)
		now := false // the overlay must change at once
		for i, p := range g.panes {
			changed[i] = p.c.Changed()
			if w := p.c.NextFrameIn(); w >= 0 && (wait < 0 || w < wait) {
				wait = w
			}
			if st := stateOf(p.c.Stats()); st != seen[i] {
				seen[i], now = st, true
			}
		}
		if g.wake.Swap(false) && (wait < 0 || wait > hudPiggyback) {
			now = true // a HUD image and no video frame soon to carry it
		}
		if now || g.warm.Load() < warmFrames {
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
			case <-changed[0]:
				continue
			case <-changed[1]:
				continue
			case <-g.wakeC:
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

// playState is what the overlay shows of a Consumer: a change of it is
// drawn at once ("Buffering..." the moment a stall starts), not at the
// pacer's next idle tick up to pacerMaxWait later.
type playState struct{ buffering, paused, ended bool }

func stateOf(st render.Stats) playState { return playState{st.Buffering, st.Paused, st.Ended} }

// wakeUp asks the pacer for a frame soon (a HUD image is ready).
func (g *game) wakeUp() {
	g.wake.Store(true)
	select {
	case g.wakeC <- struct{}{}:
	default:
	}
}
