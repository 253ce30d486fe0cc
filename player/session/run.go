package session

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"time"

	"smartplay/player/events"
	"smartplay/player/render"
)

// seekEndMargin keeps a seek past the end this far before it, so that a
// seek always shows something instead of ending the session at once.
const seekEndMargin = time.Second

var errQuit = errors.New("quit")

// Run plays the session headless (or, in window mode, feeds the consumer
// that the caller's window presents) until the end, Quit, ctx's end or an
// error. It returns nil for the first three. It emits session_start first
// and session_end, with the QoE summary, last.
func (s *Session) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	s.emitStart()
	if s.cfg.Muted && !s.cfg.Headless {
		s.log.Emit(events.Event{Type: events.Notice, Message: "no audio device: playing muted on the wall clock"})
	}
	pr := &presenterRun{}
	if s.cfg.Headless {
		pr.done = make(chan struct{})
		go func() {
			pr.err = render.RunHeadless(ctx, s.consumer, s.headlessOptions())
			close(pr.done)
		}()
	}
	p := s.startPipeline(ctx, 0, nil)
	err := s.loop(ctx, &p, pr)
	p.stop()
	cancel()
	if pr.done != nil {
		<-pr.done // closed, so this never waits twice even if loop saw it
		if (errors.Is(err, errEnded) || errors.Is(err, errQuit)) && pr.err != nil && !errors.Is(pr.err, context.Canceled) {
			err = pr.err
		}
	}
	s.finish(err)
	s.consumer.Close()
	if errors.Is(err, errEnded) || errors.Is(err, errQuit) || errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// loop is the owner of the playback state: it handles commands and the
// pipeline's and the consumer's news, one at a time.
// presenterRun is the headless presenter's goroutine: done closes when it
// returned, err is then its result (a closed channel can be read by the
// owner loop and again after it).
type presenterRun struct {
	done chan struct{} // nil without a headless presenter: never ready
	err  error
}

func (s *Session) loop(ctx context.Context, p **pipeline, pr *presenterRun) error {
	for {
		select {
		case <-ctx.Done():
			return errQuit
		case <-s.consumer.Done():
			return errEnded
		case err := <-(*p).errc:
			if err != nil {
				return err
			}
			// Everything is downloaded and decoded; the consumer plays out
			// what it has and closes Done.
		case <-pr.done:
			if pr.err == nil {
				return errEnded
			}
			return pr.err
		case c := <-s.cmds:
			switch c.kind {
			case cmdQuit:
				return errQuit
			case cmdPause:
				s.togglePause()
			case cmdSeek:
				*p = s.seek(ctx, *p, c.delta)
			case cmdQuality:
				s.setQuality(*p, c.quality)
			}
		}
	}
}

func (s *Session) togglePause() {
	s.mu.Lock()
	s.paused = !s.paused
	paused := s.paused
	s.mu.Unlock()
	pos := s.consumer.Position()
	if paused {
		s.consumer.Pause()
		s.log.Emit(events.Event{Type: events.Paused, Media: events.Seconds(pos)})
	} else {
		s.consumer.Resume()
		s.log.Emit(events.Event{Type: events.Resumed, Media: events.Seconds(pos)})
	}
}

func (s *Session) seek(ctx context.Context, p *pipeline, delta time.Duration) *pipeline {
	from := s.consumer.Position()
	if !s.Seekable() {
		s.log.Emit(events.Event{Type: events.Notice, Media: events.Seconds(from), Message: "seek: not available in a live stream"})
		return p
	}
	to := max(from+delta, 0)
	if d := s.Duration(); d > 0 && to > d-seekEndMargin {
		to = max(d-seekEndMargin, 0)
	}
	p.stop()
	s.mu.Lock()
	s.tracker.Advance(from)
	s.tracker.Seek(to)
	s.mu.Unlock()
	s.consumer.Reset(to)
	s.log.Emit(events.Event{Type: events.Seek, Media: events.Seconds(to), FromPos: events.Seconds(from)})
	return s.startPipeline(ctx, to, p)
}

func (s *Session) setQuality(p *pipeline, n int) {
	pin := Auto
	if n > 0 {
		if n > len(s.variants) {
			s.log.Emit(events.Event{Type: events.Notice, Media: events.Seconds(s.consumer.Position()),
				Message: "no rendition " + strconv.Itoa(n)})
			return
		}
		pin = n - 1
	}
	s.mu.Lock()
	s.pin = pin
	s.mu.Unlock()
	if p.ctrl != nil {
		p.ctrl.Pin(pin)
	}
	q := "auto"
	if pin != Auto {
		q = s.labels[pin]
	}
	s.log.Emit(events.Event{Type: events.QualityPinned, Media: events.Seconds(s.consumer.Position()), Quality: q})
}

func (s *Session) emitStart() {
	var rs []events.Rendition
	for i, v := range s.variants {
		rs = append(rs, events.Rendition{Index: i, Label: s.labels[i], Bandwidth: v.Bandwidth, Average: v.AverageBandwidth,
			Width: v.Width, Height: v.Height, Codecs: v.Codecs, FrameRate: v.FrameRate})
	}
	url := s.cfg.Input
	if s.pres != nil {
		url = s.pres.URL
	}
	s.log.Emit(events.Event{Type: events.SessionStart, URL: url, Renditions: rs, Strategy: s.auto.Name(),
		Quality: s.cfg.Quality, Duration: events.Seconds(s.Duration()), Trace: s.cfg.Trace})
	s.emitUnavailable()
}

// finish emits session_end with the reason and the QoE summary.
func (s *Session) finish(err error) {
	reason := "error"
	switch {
	case errors.Is(err, errEnded):
		reason = "ended"
	case err == nil, errors.Is(err, errQuit), errors.Is(err, context.Canceled):
		reason = "quit"
	default:
		s.log.Emit(events.Event{Type: events.Error, Media: events.Seconds(s.consumer.Position()), Err: err.Error()})
	}
	s.saveMemory()
	sum := s.Summary()
	q, _ := json.Marshal(sum)
	s.log.Emit(events.Event{Type: events.SessionEnd, Media: events.Seconds(s.consumer.Position()), Reason: reason, QoE: q})
}

func (s *Session) headlessOptions() render.HeadlessOptions {
	return render.HeadlessOptions{
		Screenshot: s.cfg.Screenshot, ScreenshotAt: s.cfg.ScreenshotAt, Logger: s.cfg.Logger,
		OnScreenshot: func(path string, pts time.Duration, err error) {
			msg, e := "screenshot saved: "+path, ""
			if err != nil {
				msg, e = "screenshot failed: "+path, err.Error()
			}
			s.log.Emit(events.Event{Type: events.Notice, Media: events.Seconds(pts), Message: msg, Err: e})
		},
	}
}
