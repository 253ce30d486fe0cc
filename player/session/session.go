package session

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"smartplay/player/abr"
	"smartplay/player/decode"
	"smartplay/player/events"
	"smartplay/player/qoe"
	"smartplay/player/render"
	"smartplay/player/source"
)

// Session is one playback of one input. Create it with Open, play it with
// Run (headless) or Play (window or headless).
type Session struct {
	cfg      Config
	log      *events.Log
	fetcher  *source.Fetcher
	pres     *source.Presentation // nil for a local media file
	file     string               // a local media file, when pres is nil
	fileInfo decode.Info
	// heardAudio and saidMuted: audio was decoded; the muted notice was
	// given (decode loops only, one at a time).
	heardAudio, saidMuted bool
	variants              []abr.Variant
	labels                []string
	auto                  abr.Strategy // the auto-mode strategy, kept across seeks
	consumer              *render.Consumer
	openedAt              time.Time
	cmds                  chan command

	last     *abr.SessionMemory // what the last session remembered, nil if nothing
	netType  abr.NetworkType    // for the memory written at the end
	lastCtrl *source.Controller // the latest pipeline's, for the memory
	// running is lastCtrl for Live, which other goroutines call.
	running atomic.Pointer[source.Controller]

	mu      sync.Mutex // guards what the observers and the owner share
	tracker *qoe.Tracker
	pin     int // Auto or a rendition
	shown   int // rendition on screen, -1 before the first frame
	paused  bool
	ended   bool
	fresh   []abr.Sample         // samples since the last decision event
	decided map[int]decisionNote // per segment: its decision's inputs to the QoE
}

// Open loads the input (the playlist and every media playlist, or a local
// media file's header) and prepares the pipeline. Errors are one line that
// says what failed and where.
func Open(ctx context.Context, cfg Config) (*Session, error) {
	cfg.defaults()
	if cfg.Input == "" {
		return nil, fmt.Errorf("%w: no input", ErrBadConfig)
	}
	if cfg.MaxSpeed && !cfg.Headless {
		return nil, fmt.Errorf("%w: --speed max needs --headless", ErrBadConfig)
	}
	if cfg.Network == (abr.NetworkHint{}) {
		cfg.Network.Signal = -1 // the zero hint means "nothing known", not "no signal"
	}
	s := &Session{cfg: cfg, openedAt: cfg.Now(), cmds: make(chan command, commandQueue), shown: -1,
		decided: map[int]decisionNote{}, netType: cfg.Network.Type}
	s.log = events.NewLog(cfg.Events, cfg.Now)
	s.fetcher = source.NewFetcher(source.FetcherConfig{Client: cfg.Client, Now: cfg.Now, Logger: cfg.Logger})
	if err := s.openInput(ctx); err != nil {
		return nil, err
	}
	pin, err := ParseQuality(cfg.Quality, s.variants)
	if err != nil {
		return nil, err
	}
	s.pin = pin
	if s.auto, err = NewStrategy(cfg.Strategy); err != nil {
		return nil, err
	}
	s.loadMemory()
	rs := make([]qoe.Rendition, len(s.variants))
	for i, v := range s.variants {
		rs[i] = qoe.Rendition{Label: s.labels[i], Bitrate: v.Bitrate(), Height: v.Height}
	}
	s.tracker = qoe.NewTracker(rs)
	s.consumer = render.NewConsumer(render.ConsumerConfig{
		Output: s.openOutput(),
		// A whole segment is downloaded before it is decoded, and decoding
		// runs many times faster than real time, so a short decoded queue
		// is enough; it is what bounds memory (a 1080p frame is 3 MB).
		MaxQueue:  decodedQueue,
		Prebuffer: decodedPrebuffer,
		HasAudio:  s.hasAudio(), HasVideo: s.hasVideo(),
		Observer: renderObserver{s},
		Now:      cfg.Now,
		Logger:   cfg.Logger,
	})
	return s, nil
}

// openOutput picks the audio output, which is also the master clock.
func (s *Session) openOutput() render.Output {
	switch {
	case s.cfg.MaxSpeed:
		return render.NewSimOutput()
	case s.cfg.Headless || s.cfg.Muted:
		return render.NewWallOutput(s.cfg.Now)
	}
	out, err := render.NewOtoOutput(s.cfg.Volume)
	if err != nil {
		s.cfg.Muted = true
		s.cfg.Logger.Info("no audio device: playing muted on the wall clock", "err", err)
		return render.NewWallOutput(s.cfg.Now)
	}
	return out
}

// Consumer is the A/V consumer a window presents.
func (s *Session) Consumer() *render.Consumer { return s.consumer }

// Muted reports whether the session plays without an audio device.
func (s *Session) Muted() bool { return s.cfg.Muted }

// Presentation is the loaded playlist (nil for a local media file).
func (s *Session) Presentation() *source.Presentation { return s.pres }

// Labels names the renditions, ascending.
func (s *Session) Labels() []string { return s.labels }

// Duration of the presentation (0 when unknown or live).
func (s *Session) Duration() time.Duration {
	if s.pres != nil {
		if s.pres.Live {
			return 0
		}
		return s.pres.Duration
	}
	return s.fileInfo.Duration
}

// VideoSize is the picture size a window should open at: the pinned
// rendition's, else the largest rendition's (what smart mode aims for);
// 0×0 when the playlist declares no resolution.
func (s *Session) VideoSize() (int, int) {
	s.mu.Lock()
	pin := s.pin
	s.mu.Unlock()
	if pin != Auto {
		return s.variants[pin].Width, s.variants[pin].Height
	}
	w, h := 0, 0
	for _, v := range s.variants {
		if v.Width*v.Height > w*h {
			w, h = v.Width, v.Height
		}
	}
	return w, h
}

// Seekable reports whether ←/→ can seek (VOD and local files).
func (s *Session) Seekable() bool { return s.pres == nil || !s.pres.Live }

// Summary returns the QoE so far.
func (s *Session) Summary() qoe.Summary {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.tracker.Advance(s.consumer.Position())
	return s.tracker.Summary()
}

// Events returns the session's event log, for listeners (HUD, tests).
func (s *Session) Events() *events.Log { return s.log }

const (
	// decodedQueue bounds the decoded media held ahead of the clock: 6
	// frames at 30 fps, ~19 MB of decoder pictures at 1080p. Decoding runs
	// many times faster than real time (the network buffer is the source's
	// forward buffer, not this), so the queue only rides out scheduling
	// jitter. Measured with the 15 s 1080p30 clip in the window under Xvfb,
	// 2 cores: 0.5 s → 0.2 s took peak RSS from 297 to 270–278 MB; most
	// runs dropped no frame, runs while other builds loaded the machine
	// dropped 3–9 (30 s of HLS at 1080p under the same load, A/B: 0.5 s
	// dropped 12, 0.2 s 6).
	decodedQueue = 200 * time.Millisecond
	// decodedPrebuffer is the decoded media needed to start or resume.
	decodedPrebuffer = 100 * time.Millisecond
)

// errEnded is how the owner loop tells a normal end from a failure.
var errEnded = errors.New("ended")
