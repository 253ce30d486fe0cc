package render

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"smartplay/player/media"
)

// headlessMaxWait bounds the headless loop's sleep, so stalls, the end and
// a screenshot time are noticed within 20 ms (less than a frame at 50 fps).
const headlessMaxWait = 20 * time.Millisecond

// headlessMinWait avoids a busy loop when a frame is due right now.
const headlessMinWait = 500 * time.Microsecond

// HeadlessOptions configures RunHeadless.
type HeadlessOptions struct {
	// Screenshot, when set, is the PNG path for the video frame on screen
	// when the clock passes ScreenshotAt (converted from YUV at its coded
	// size). OnScreenshot, if set, hears the outcome (pts of the frame).
	Screenshot   string
	ScreenshotAt time.Duration
	OnScreenshot func(path string, pts time.Duration, err error)
	// Frame, if set, sees each frame shown; it must not keep the frame.
	Frame func(f *media.VideoFrame)
	// Logger defaults to slog.Default().
	Logger *slog.Logger
}

// RunHeadless presents video with no window: it takes each frame when the
// clock reaches its PTS (at once with a simulated clock), checks that PTS
// increase (an error wrapping ErrFrameOrder otherwise; a Reset may go back),
// and releases it. It returns nil when the Consumer is done, or ctx's error.
func RunHeadless(ctx context.Context, c *Consumer, opts HeadlessOptions) error {
	log := opts.Logger
	if log == nil {
		log = slog.Default()
	}
	h := headless{c: c, opts: opts, log: log, shotDone: opts.Screenshot == ""}
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()
	for {
		changed := c.Changed() // before TakeFrame, not to miss a wakeup
		f, epoch := c.TakeFrame()
		if f != nil {
			if err := h.show(f, epoch); err != nil {
				return err
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-c.Done():
			h.finish()
			return nil
		default:
		}
		if f != nil && c.simulated() {
			continue
		}
		wait := c.NextFrameIn()
		if wait < 0 || wait > headlessMaxWait {
			wait = headlessMaxWait
		}
		timer.Reset(max(wait, headlessMinWait))
		var wake <-chan struct{}
		if c.simulated() {
			wake = changed // a simulated clock moves when data arrives
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-wake:
		case <-timer.C:
		}
	}
}

type headless struct {
	c         *Consumer
	opts      HeadlessOptions
	log       *slog.Logger
	last      time.Duration
	lastEpoch uint64
	haveLast  bool
	shotDone  bool
}

func (h *headless) show(f *media.VideoFrame, epoch uint64) error {
	defer f.Release()
	if h.haveLast && epoch == h.lastEpoch && f.PTS <= h.last {
		return fmt.Errorf("%w: frame %d at %v after %v", ErrFrameOrder, f.Number, f.PTS, h.last)
	}
	h.last, h.lastEpoch, h.haveLast = f.PTS, epoch, true
	if h.opts.Frame != nil {
		h.opts.Frame(f)
	}
	if !h.shotDone && f.PTS+f.Duration > h.opts.ScreenshotAt {
		h.shotDone = true
		err := WritePNG(h.opts.Screenshot, FrameToRGBA(f))
		if err != nil {
			h.log.Warn("screenshot failed", "path", h.opts.Screenshot, "err", err)
		} else {
			h.log.Info("screenshot saved", "path", h.opts.Screenshot, "pts", f.PTS)
		}
		if h.opts.OnScreenshot != nil {
			h.opts.OnScreenshot(h.opts.Screenshot, f.PTS, err)
		}
	}
	return nil
}

// finish reports a screenshot that never happened.
func (h *headless) finish() {
	if h.shotDone {
		return
	}
	h.shotDone = true
	err := fmt.Errorf("%w: playback ended before %v", ErrScreenshot, h.opts.ScreenshotAt)
	h.log.Warn("no screenshot", "err", err)
	if h.opts.OnScreenshot != nil {
		h.opts.OnScreenshot(h.opts.Screenshot, 0, err)
	}
}
