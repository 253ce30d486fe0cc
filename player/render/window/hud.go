package window

import (
	"image"
	"math"
	"sync/atomic"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"smartplay/player/events"
	"smartplay/player/hud"
)

const (
	// hudRefresh is how often a shown HUD is painted again while nothing
	// happens (the graph slides, the buffer drains): twice a second reads
	// as live and costs little (painting is pure Go, off the main thread;
	// the upload is one small texture).
	hudRefresh = 500 * time.Millisecond
	// hudMinGap bounds the rate of repaints on news (a burst of events
	// around a switch repaints once, not per event).
	hudMinGap = 150 * time.Millisecond
	// hudPiggyback: a painted HUD waits for a video frame due within this
	// long instead of asking for a frame of its own. An extra frame is a
	// full-window pass on software GL; one that lands just before a video
	// frame makes that frame late (measured on the 1080p clip, 5 A/B
	// pairs under load: 17 → 28 dropped frames, median, before this).
	hudPiggyback = 100 * time.Millisecond
)

// hudState is a pane's HUD: a goroutine paints the Model's View into an
// RGBA image off the main thread; Update uploads the newest one, and each
// presented frame draws it with one DrawImage.
type hudState struct {
	model    *hud.Model
	readings func() hud.Readings
	painter  *hud.Painter
	shown    atomic.Bool
	poke     chan struct{} // news: paint soon

	// Set by the main thread, read by the painter.
	width atomic.Int32
	font  atomic.Uint64 // float64 bits
	av    atomic.Int64  // last frame's A/V offset, ns
	hasAV atomic.Bool

	ready atomic.Pointer[image.RGBA] // painted, not yet uploaded
	img   *ebiten.Image              // uploaded (main thread only)
	h     atomic.Int32               // height of the last painted panel
}

func newHUDState(m *hud.Model, readings func() hud.Readings, shown bool) *hudState {
	h := &hudState{model: m, readings: readings, painter: hud.NewPainter(), poke: make(chan struct{}, 1)}
	h.shown.Store(shown)
	m.OnChange(func(t events.Type) {
		if t != events.FramesDropped { // shown at the next refresh: a repaint now would only add to the load that dropped them
			h.wake()
		}
	})
	return h
}

func (h *hudState) wake() {
	select {
	case h.poke <- struct{}{}:
	default:
	}
}

// height is the last painted panel's height (0 before the first).
func (h *hudState) height() int { return int(h.h.Load()) }

// setSize sets the panel's width and font size (main thread, on layout).
func (h *hudState) setSize(width int, font float64) {
	oldW := int(h.width.Swap(int32(width)))
	oldF := math.Float64frombits(h.font.Swap(math.Float64bits(font)))
	if oldW != width || oldF != font {
		h.wake()
	}
}

// run paints the HUD while it is shown: on news (at most every
// hudMinGap) and every hudRefresh; painted tells the game a new image is
// ready.
func (h *hudState) run(stop <-chan struct{}, painted func()) {
	t := time.NewTicker(hudRefresh)
	defer t.Stop()
	last := time.Time{}
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		case <-h.poke:
			if d := hudMinGap - time.Since(last); d > 0 {
				select {
				case <-stop:
					return
				case <-time.After(d):
				}
			}
		}
		w, font := int(h.width.Load()), math.Float64frombits(h.font.Load())
		if !h.shown.Load() || w <= 0 || font <= 0 {
			continue
		}
		last = time.Now()
		var r hud.Readings
		if h.readings != nil {
			r = h.readings()
		}
		r.AV, r.HasAV = time.Duration(h.av.Load()), h.hasAV.Load()
		img := h.painter.HUD(h.model.View(r, h.painter.Columns(w, font)), w, font)
		if img == nil {
			continue // no font: the error was logged once by the game
		}
		h.h.Store(int32(img.Bounds().Dy()))
		h.ready.Store(img)
		painted()
	}
}

// upload puts the newest painted panel in a texture (main thread); it
// reports whether there was one.
func (h *hudState) upload() bool {
	img := h.ready.Swap(nil)
	if img == nil {
		return false
	}
	b := img.Bounds()
	if h.img == nil || h.img.Bounds().Dx() != b.Dx() || h.img.Bounds().Dy() != b.Dy() {
		if h.img != nil {
			h.img.Deallocate()
		}
		h.img = ebiten.NewImageWithOptions(b, &ebiten.NewImageOptions{Unmanaged: true})
	}
	h.img.WritePixels(img.Pix)
	return true
}

// measureAV notes a frame's A/V offset: the clock's position when it is
// shown minus its presentation time (positive: video late).
func (h *hudState) measureAV(offset time.Duration) {
	h.av.Store(int64(offset))
	h.hasAV.Store(true)
}
