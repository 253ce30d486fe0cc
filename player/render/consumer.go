package render

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"smartplay/player/media"
)

const (
	// DefaultPrebuffer is the decoded media needed to start or resume:
	// 0.5 s, short for a quick start, long enough that one slow segment
	// decode does not stall again at once.
	DefaultPrebuffer = 500 * time.Millisecond
	// DefaultMaxQueue bounds decoded media queued ahead: 1 s (1080p frames
	// are 3 MB, so ~90 MB at 30 fps).
	DefaultMaxQueue = time.Second
	// minQueueHeadroom keeps MaxQueue above Prebuffer: a queue that blocks
	// before holding Prebuffer could never resume. 100 ms is 3 frames at
	// 30 fps (and 2 at 24 fps), room for the frame that completes it.
	minQueueHeadroom = 100 * time.Millisecond
	// streamGap: one stream may run this far past the other before the
	// other counts as missing for that stretch (audio plays silence, the
	// picture freezes) instead of holding playback. Why: the decoder
	// delivers in demux order and A/V skew in HLS is well under a second;
	// beyond that the stream has a hole, and waiting would deadlock.
	streamGap = time.Second
	// writerPoll: a blocked Video/Audio call re-checks this often, so the
	// queue drains on the wall clock even if no presenter is polling.
	writerPoll = 10 * time.Millisecond
	// lateTolerance: a due frame is still shown, not dropped, while the
	// frame after it is late by less than this. Why: a presenter that ticks
	// a little late (a slow draw, a busy core) catches up on the next tick
	// instead of skipping a picture; 20 ms keeps video within the ~45 ms
	// by which audio may lead video unnoticed (ITU-R BT.1359).
	lateTolerance = 20 * time.Millisecond
	// fallbackFrameDuration is assumed for a frame with no duration and no
	// previous frame to measure from (30 fps).
	fallbackFrameDuration = time.Second / 30
)

// ConsumerConfig configures a Consumer. Zero fields take their defaults.
type ConsumerConfig struct {
	// Output plays the audio and is the clock. Default: NewWallOutput.
	Output Output
	// HasAudio and HasVideo say which streams the decoder delivers. With
	// no audio the Output still clocks (on silence). Both false is read as
	// both true.
	HasAudio, HasVideo bool
	// Prebuffer is the decoded media needed before starting or resuming
	// (or the end of stream). Default DefaultPrebuffer.
	Prebuffer time.Duration
	// MaxQueue bounds the decoded media queued ahead per stream; Video and
	// Audio block beyond it. Default DefaultMaxQueue, at least Prebuffer +
	// 250 ms.
	MaxQueue time.Duration
	// Observer hears about events. Default: none.
	Observer Observer
	// Now is the wall clock for stall times and FirstFrame. Default time.Now.
	Now func() time.Time
	// Logger for stalls and anomalies. Default slog.Default().
	Logger *slog.Logger
}

type phase int

const (
	phaseStartup phase = iota // waiting for the first prebuffer
	phaseSeeking              // waiting for prebuffer after Reset
	phasePlaying
	phaseStalled
	phaseEnded
)

// Consumer receives decoded media, keeps it in sync on the Output's clock
// and hands video frames to a presenter (RunWindow, RunHeadless). All
// methods are safe for concurrent use.
type Consumer struct {
	cfg  ConsumerConfig
	out  Output
	step Stepper // non-nil for a simulated clock
	q    *pcmQueue
	ev   events
	sig  signal

	mu         sync.Mutex
	frames     []*media.VideoFrame // not yet taken, arrival order
	videoEnd   time.Duration       // end of the last queued frame
	hasVideo   bool                // a frame was queued since the last Reset
	lastPTS    time.Duration
	eos        bool
	phase      phase
	paused     bool
	closed     bool
	epoch      uint64 // counts Resets
	resetPos   time.Duration
	pos        time.Duration
	stallSince time.Time
	// stallCounted: the current stall came after the first frame (one
	// before it is still startup: no event, not counted).
	stallCounted bool
	firstShown   bool
	// holding: playback started but the clock waits until a presenter
	// shows the first frame (a window may take a moment to open).
	holding    bool
	outPlaying bool // what the Output was last told
	variant    int
	marks      []variantMark // audio-only: where the variant changes
	markVar    int
	done       chan struct{}
	st         Stats
	outErr     error
}

type variantMark struct {
	pts     time.Duration
	variant int
}

// NewConsumer returns a Consumer ready for data; it starts its Output.
func NewConsumer(cfg ConsumerConfig) *Consumer {
	if !cfg.HasAudio && !cfg.HasVideo {
		cfg.HasAudio, cfg.HasVideo = true, true
	}
	if cfg.Prebuffer <= 0 {
		cfg.Prebuffer = DefaultPrebuffer
	}
	if cfg.MaxQueue <= 0 {
		cfg.MaxQueue = DefaultMaxQueue
	}
	cfg.MaxQueue = max(cfg.MaxQueue, cfg.Prebuffer+minQueueHeadroom)
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Output == nil {
		cfg.Output = NewWallOutput(cfg.Now)
	}
	c := &Consumer{cfg: cfg, out: cfg.Output, variant: -1, markVar: -1, done: make(chan struct{})}
	c.step, _ = cfg.Output.(Stepper)
	c.q = newPCMQueue(c.sig.notify)
	if err := c.out.Start(c.q); err != nil {
		c.outErr = fmt.Errorf("render: starting output: %w", err)
		cfg.Logger.Warn("audio output failed to start", "err", err)
	}
	c.out.Seek(0)
	c.st.Variant = -1
	return c
}

// Err reports a failure of the Output to start (the clock then does not
// run on a device); nil normally.
func (c *Consumer) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.outErr
}

// unlock releases the lock and delivers queued events.
func (c *Consumer) unlock() {
	c.mu.Unlock()
	c.ev.flush(c.cfg.Observer)
}

func (c *Consumer) emit(f func(Observer)) {
	if c.cfg.Observer != nil {
		c.ev.add(f)
	}
}

// Video queues a decoded frame; it blocks while the video queue is full.
// The Consumer owns the frame from here and releases it.
func (c *Consumer) Video(ctx context.Context, f *media.VideoFrame) error {
	if err := validFrame(f); err != nil {
		f.Release()
		return err
	}
	if !c.cfg.HasVideo {
		f.Release()
		return nil
	}
	c.mu.Lock()
	if err := c.waitRoomLocked(ctx, c.videoFullLocked); err != nil {
		c.unlock()
		f.Release()
		if err == errStale {
			return nil
		}
		return err
	}
	c.enqueueVideoLocked(f)
	c.pollLocked()
	c.unlock()
	c.sig.notify()
	return nil
}

// Audio queues decoded PCM; it blocks while the audio queue is full.
func (c *Consumer) Audio(ctx context.Context, a *media.AudioChunk) error {
	if a == nil || len(a.PCM) < media.AudioBytesPerFrame || !c.cfg.HasAudio {
		return nil
	}
	c.mu.Lock()
	if err := c.waitRoomLocked(ctx, c.audioFullLocked); err != nil {
		c.unlock()
		if err == errStale {
			return nil
		}
		return err
	}
	if n := c.q.push(a.PTS, a.PCM); n > 0 && !c.cfg.HasVideo && a.Variant != c.markVar {
		c.marks = append(c.marks, variantMark{pts: a.PTS, variant: a.Variant})
		c.markVar = a.Variant
	}
	c.pollLocked()
	c.unlock()
	c.sig.notify()
	return nil
}

// EndOfStream says no more data comes (until a Reset): playback starts or
// resumes without waiting for Prebuffer, and Done closes after the end.
func (c *Consumer) EndOfStream() {
	c.mu.Lock()
	c.eos = true
	c.pollLocked()
	c.unlock()
	c.sig.notify()
}

// Position is the media time being presented.
func (c *Consumer) Position() time.Duration {
	c.mu.Lock()
	c.pollLocked()
	p := c.pos
	c.unlock()
	return p
}

// Pause stops the clock; Resume restarts it.
func (c *Consumer) Pause() { c.setPaused(true) }

// Resume undoes Pause.
func (c *Consumer) Resume() { c.setPaused(false) }

func (c *Consumer) setPaused(p bool) {
	c.mu.Lock()
	c.pollLocked()
	c.paused = p
	c.syncOutputLocked()
	c.pollLocked()
	c.unlock()
	c.sig.notify()
}

// Paused reports whether Pause is in effect.
func (c *Consumer) Paused() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.paused
}

// SetVolume sets the output volume, 0 … 1.
func (c *Consumer) SetVolume(v float64) {
	c.mu.Lock()
	c.out.SetVolume(clampVolume(v))
	c.mu.Unlock()
}

// Done is closed when everything was played after EndOfStream. A Reset
// after that starts a new Done channel: call Done again.
func (c *Consumer) Done() <-chan struct{} {
	c.mu.Lock()
	c.pollLocked()
	d := c.done
	c.unlock()
	return d
}

// Changed returns a channel closed at the next change of queued data or
// playback state; presenters wait on it together with NextFrameIn. Take it
// before looking at the state, not to miss a change.
func (c *Consumer) Changed() <-chan struct{} { return c.sig.wait() }

// Close releases queued frames and the Output, and fails blocked and
// later Video/Audio calls with ErrClosed.
func (c *Consumer) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	c.dropFramesLocked()
	c.q.reset()
	err := c.out.Close()
	c.mu.Unlock()
	c.sig.notify()
	return err
}

// validFrame checks that the planes hold the picture the frame claims.
func validFrame(f *media.VideoFrame) error {
	if f == nil {
		return fmt.Errorf("%w: nil", ErrInvalidFrame)
	}
	w, h := f.Width, f.Height
	cw, ch := (w+1)/2, (h+1)/2
	switch {
	case w <= 0 || h <= 0:
		return fmt.Errorf("%w: size %dx%d", ErrInvalidFrame, w, h)
	case f.StrideY < w || f.StrideC < cw:
		return fmt.Errorf("%w: strides %d/%d for %dx%d", ErrInvalidFrame, f.StrideY, f.StrideC, w, h)
	case len(f.Y) < f.StrideY*(h-1)+w, len(f.U) < f.StrideC*(ch-1)+cw, len(f.V) < f.StrideC*(ch-1)+cw:
		return fmt.Errorf("%w: planes too short for %dx%d", ErrInvalidFrame, w, h)
	}
	return nil
}
