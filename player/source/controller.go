package source

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"smartplay/player/abr"
	"smartplay/player/media"
)

// Controller runs the download loop of one presentation: Run downloads,
// Next hands segments to the decoder. Run's goroutine owns all mutable
// download state; SetStrategy and Pin are safe from any goroutine and take
// effect at the next decision (a segment boundary). A pin to another
// rendition also abandons the segment being downloaded, which is fetched
// again in the pinned one: the viewer who picked a quality sees it one
// segment sooner (with 10 s segments, 10 s sooner).
type Controller struct {
	p    *Presentation
	f    *Fetcher
	cfg  Config
	buf  *Buffer
	log  *slog.Logger
	obs  Observer
	now  func() time.Time
	open time.Time

	strategy atomic.Pointer[abr.Strategy]
	pin      atomic.Int64 // -1 = auto
	pinMu    sync.Mutex
	pinMoved chan struct{} // closed (and replaced) when the pin changes
	running  atomic.Bool
	consumed atomic.Bool  // Next returned a segment
	lastPos  atomic.Int64 // Start of the segment Next returned last (ns)
	dataUsed atomic.Int64 // bytes downloaded, Config.DataUsed included

	mu      sync.Mutex // guards samples for Samples()
	samples []abr.Sample

	// Owned by the Run goroutine.
	variants []abr.Variant
	current  int
	inits    map[MapRef][]byte
	// audioMemo: the last audio segments' outcomes (audiofetch.go);
	// audioLists: the live copies of audio playlists.
	audioMemo  []audioMemo
	audioLists map[*AudioRendition]*livePlaylist
}

// maxInitCache: init sections kept (one per rendition in practice).
const maxInitCache = 2 * MaxVariants

// NewController prepares the download loop for p; call Run to start it.
func NewController(p *Presentation, f *Fetcher, cfg Config) *Controller {
	if cfg.Strategy == nil {
		cfg.Strategy = abr.NewThroughput(abr.ThroughputConfig{})
	}
	c := &Controller{p: p, f: f, cfg: cfg, current: -1, inits: map[MapRef][]byte{},
		audioLists: map[*AudioRendition]*livePlaylist{}}
	c.strategy.Store(&cfg.Strategy)
	c.pin.Store(-1)
	c.pinMoved = make(chan struct{})
	c.buf = NewBuffer(cfg.MaxBuffer, cfg.MaxBufferBytes)
	c.cfg.MaxBuffer = c.buf.maxAhead
	if c.log = cfg.Logger; c.log == nil {
		c.log = slog.Default()
	}
	if c.obs = cfg.Observer; c.obs == nil {
		c.obs = NopObserver{}
	}
	if c.now = cfg.Now; c.now == nil {
		c.now = f.Now
	}
	if c.cfg.Network.RTT == 0 {
		c.cfg.Network.RTT = p.RTT
	}
	if c.cfg.Network.Throughput == 0 {
		c.cfg.Network.Throughput = p.PlaylistThroughput()
	}
	c.dataUsed.Store(max(cfg.DataUsed, 0))
	c.samples = slices.Clone(cfg.History)
	if len(c.samples) > MaxSamples {
		c.samples = c.samples[len(c.samples)-MaxSamples:]
	}
	for _, v := range p.Variants {
		c.variants = append(c.variants, v.Variant)
	}
	c.open = c.now()
	return c
}

// SetStrategy replaces the auto-mode strategy from the next decision on.
func (c *Controller) SetStrategy(s abr.Strategy) {
	if s != nil {
		c.strategy.Store(&s)
	}
}

// Strategy returns the current auto-mode strategy.
func (c *Controller) Strategy() abr.Strategy { return *c.strategy.Load() }

// Pin fixes the rendition of the next segments (index ascending by
// bandwidth, clamped); -1 returns to auto mode. A download in flight in
// another rendition is abandoned and the segment fetched again pinned.
func (c *Controller) Pin(variant int) {
	if variant < 0 {
		variant = -1
	}
	variant = min(variant, len(c.p.Variants)-1)
	if c.pin.Swap(int64(variant)) == int64(variant) {
		return
	}
	c.pinMu.Lock()
	close(c.pinMoved)
	c.pinMoved = make(chan struct{})
	c.pinMu.Unlock()
}

// pinWatch returns a channel closed at the next change of the pin.
func (c *Controller) pinWatch() <-chan struct{} {
	c.pinMu.Lock()
	defer c.pinMu.Unlock()
	return c.pinMoved
}

// pinnedAway reports whether the pin now asks for a rendition other than v
// (a return to auto keeps what is being fetched).
func (c *Controller) pinnedAway(v int) bool {
	pin := c.Pinned()
	return pin >= 0 && pin != v
}

// Pinned returns the pinned rendition, -1 in auto mode.
func (c *Controller) Pinned() int { return int(c.pin.Load()) }

// Presentation returns what the controller plays.
func (c *Controller) Presentation() *Presentation { return c.p }

// Buffer exposes the forward buffer (level and bytes, for the HUD).
func (c *Controller) Buffer() *Buffer { return c.buf }

// Samples returns a copy of the download samples so far, oldest first
// (at most MaxSamples), e.g. to carry them over a seek in Config.History.
func (c *Controller) Samples() []abr.Sample {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.samples)
}

// DataUsed is the bytes downloaded so far (segments, init sections,
// aborted attempts), Config.DataUsed included.
func (c *Controller) DataUsed() int64 { return c.dataUsed.Load() }

// Position is the playback position the buffer level is measured from.
func (c *Controller) Position() time.Duration {
	if c.cfg.Position != nil {
		return c.cfg.Position()
	}
	return time.Duration(c.lastPos.Load())
}

func (c *Controller) playing() bool {
	if c.cfg.Playing != nil {
		return c.cfg.Playing()
	}
	return c.consumed.Load()
}

// Next returns the next segment in playback order, waiting for its
// download; io.EOF after the last segment of a VOD, or Run's error.
// One goroutine (the decoder) calls it.
func (c *Controller) Next(ctx context.Context) (*media.Segment, error) {
	s, err := c.buf.Pop(ctx)
	if err != nil {
		return nil, err
	}
	c.lastPos.Store(int64(max(s.Start, s.SkipBefore)))
	c.consumed.Store(true)
	return s, nil
}

// Run downloads segments until the end of a VOD (then returns nil and Next
// returns io.EOF), an error it cannot recover from, or ctx's end. Call it
// once.
func (c *Controller) Run(ctx context.Context) (err error) {
	if c.running.Swap(true) {
		return errors.New("source: Controller.Run called twice")
	}
	defer func() {
		if err != nil {
			c.buf.Close(err)
		}
	}()
	if len(c.p.Variants) == 0 {
		return ErrNoVariants
	}
	for _, v := range c.p.Variants {
		if v == nil || v.Media == nil || len(v.Media.Segments) == 0 {
			return ErrNoSegments
		}
	}
	if c.p.Live {
		return c.runLive(ctx)
	}
	return c.runVOD(ctx)
}

// runVOD downloads segment after segment of the reference timeline (the
// first variant's; renditions are aligned segment by segment).
func (c *Controller) runVOD(ctx context.Context) error {
	ref := c.p.Variants[0].Media
	count := len(ref.Segments)
	for _, v := range c.p.Variants[1:] {
		if n := len(v.Media.Segments); n != count {
			c.log.Warn("renditions differ in segment count; playing the shortest", "variant", v.Label, "segments", n, "first", count)
			count = min(count, n)
		}
	}
	first := count
	for i := 0; i < count; i++ {
		if ref.Segments[i].End() > c.cfg.StartAt {
			first = i
			break
		}
	}
	if first > 0 && c.cfg.Position == nil {
		c.lastPos.Store(int64(c.cfg.StartAt))
	}
	var sk skips
	var lastLost error
	for i := first; i < count; i++ {
		r := ref.Segments[i]
		refOf := func(v int) (SegmentRef, int, error) { return c.p.Variants[v].Media.Segments[i], v, nil }
		s, err := c.step(ctx, i, count, r.Duration, refOf, c.nextSizes(i, count))
		if err != nil {
			if ferr := c.lost(&sk, i, r.Duration, err); ferr != nil {
				return ferr
			}
			lastLost = err
			continue
		}
		sk.inRow = 0
		sk.delivered++
		s.Start, s.Duration = r.Start, r.Duration
		if i == first && c.cfg.StartAt > r.Start {
			s.SkipBefore = c.cfg.StartAt
		}
		s.Last = i == count-1
		c.buf.Push(s)
	}
	if err := sk.ended(lastLost); err != nil {
		return err
	}
	c.buf.Close(nil)
	return nil
}

// nextSizes returns, per variant, the byte sizes of segments i… when the
// playlist gives them (BYTERANGE); nil when no variant does.
func (c *Controller) nextSizes(i, count int) [][]int64 {
	var out [][]int64
	for vi, v := range c.p.Variants {
		var sizes []int64
		for k := i; k < count && k < i+NextSizesAhead; k++ {
			n := v.Media.Segments[k].Length
			if n == 0 {
				sizes = nil
				break
			}
			sizes = append(sizes, n)
		}
		if sizes != nil && out == nil {
			out = make([][]int64, len(c.p.Variants))
		}
		if out != nil {
			out[vi] = sizes
		}
	}
	return out
}

// addSample records a download for the snapshots and the strategy.
func (c *Controller) addSample(s abr.Sample) {
	c.mu.Lock()
	c.samples = append(c.samples, s)
	if len(c.samples) > MaxSamples {
		c.samples = slices.Delete(c.samples, 0, len(c.samples)-MaxSamples)
	}
	c.mu.Unlock()
	if o, ok := c.Strategy().(abr.SegmentObserver); ok {
		o.Observe(s)
	}
}

// waitRoom blocks until the buffer has room for a segment of duration d.
func (c *Controller) waitRoom(ctx context.Context, d time.Duration) error {
	var tick *time.Ticker
	for {
		changed := c.buf.Changed()
		if c.buf.HasRoom(c.Position(), d) {
			return nil
		}
		if tick == nil {
			tick = time.NewTicker(bufferPollInterval)
			defer tick.Stop()
		}
		select {
		case <-ctx.Done():
			return context.Cause(ctx)
		case <-changed:
		case <-tick.C:
		}
	}
}

// segmentError wraps a download error with the segment and rendition.
func (c *Controller) segmentError(i, v int, uri string, err error) error {
	if uri == "" {
		return fmt.Errorf("segment %d (%s): %w", i, c.p.Variants[v].Label, err)
	}
	return fmt.Errorf("segment %d (%s) %s: %w", i, c.p.Variants[v].Label, displayURL(uri), err)
}
