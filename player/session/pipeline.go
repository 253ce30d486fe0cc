package session

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"golang.org/x/sync/errgroup"

	"smartplay/player/abr"
	"smartplay/player/decode"
	"smartplay/player/events"
	"smartplay/player/source"
)

// pipeline is the source controller and the decode loop for one start
// position. A seek stops it and starts another; the consumer stays.
type pipeline struct {
	cancel   context.CancelFunc
	finished chan struct{} // closed when every worker returned
	errc     chan error    // receives the group's result once
	ctrl     *source.Controller
}

// stop cancels the workers and waits for them, so that nothing writes to
// the consumer afterwards.
func (p *pipeline) stop() {
	p.cancel()
	<-p.finished
}

// startPipeline starts downloading and decoding from media time at. The
// download history of prev (the pipeline a seek replaced) carries over, so
// the strategy does not start from scratch.
func (s *Session) startPipeline(ctx context.Context, at time.Duration, prev *pipeline) *pipeline {
	pctx, cancel := context.WithCancel(ctx)
	g, gctx := errgroup.WithContext(pctx)
	p := &pipeline{cancel: cancel, finished: make(chan struct{}), errc: make(chan error, 1)}
	if s.pres == nil {
		g.Go(func() error {
			if _, err := decode.DecodeFile(gctx, s.file, at, s.consumer); err != nil {
				return err
			}
			s.consumer.EndOfStream()
			return nil
		})
	} else {
		s.mu.Lock()
		pin := s.pin
		s.mu.Unlock()
		var history []abr.Sample
		var used int64
		if prev != nil && prev.ctrl != nil {
			history, used = prev.ctrl.Samples(), prev.ctrl.DataUsed()
		}
		p.ctrl = source.NewController(s.pres, s.fetcher, source.Config{
			Strategy:    s.auto,
			History:     history,
			DataUsed:    used,
			Playing:     s.playing,
			StartAt:     at,
			MaxBuffer:   s.cfg.MaxBuffer,
			Position:    s.consumer.Position,
			Network:     s.cfg.Network,
			Last:        s.last,
			CellularCap: s.cfg.CellularCap,
			DataBudget:  s.cfg.DataBudget,
			Observer:    sourceObserver{s},
			Now:         s.cfg.Now,
			Logger:      s.cfg.Logger,
		})
		s.lastCtrl = p.ctrl
		s.running.Store(p.ctrl)
		if pin != Auto {
			p.ctrl.Pin(pin)
		}
		g.Go(func() error { return p.ctrl.Run(gctx) })
		g.Go(func() error { return s.decodeLoop(gctx, p.ctrl) })
	}
	go func() {
		err := g.Wait()
		if errors.Is(err, context.Canceled) && pctx.Err() != nil {
			err = nil // stopped on purpose
		}
		p.errc <- err
		close(p.finished)
	}()
	return p
}

// decodeLoop hands every downloaded segment to the decoder, in order, and
// tells the consumer when the last one is decoded.
func (s *Session) decodeLoop(ctx context.Context, ctrl *source.Controller) error {
	dec := decode.New(decode.Options{Logger: s.cfg.Logger})
	defer dec.Close()
	var guard decodeGuard
	first := true
	for {
		seg, err := ctrl.Next(ctx)
		if errors.Is(err, io.EOF) {
			if err := dec.Flush(ctx, s.consumer); err != nil {
				return fmt.Errorf("decode: %w", err)
			}
			s.consumer.EndOfStream()
			return nil
		}
		if err != nil {
			return err
		}
		if first {
			s.skipLeadingHole(seg)
			first = false
		}
		s.queueSegment(seg)
		err = dec.Decode(ctx, seg, s.consumer)
		s.noteMuted(dec.Info())
		if contained := guard.contain(err); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if contained {
				// What decoded was played; the broken rest of the segment is
				// lost, and playback goes on with the next segment.
				s.log.Emit(events.Event{Type: events.Notice, Media: events.Seconds(s.consumer.Position()),
					Segment: events.Int(seg.Index), Rendition: events.Int(seg.Variant), Message: "damaged segment", Err: err.Error()})
				continue
			}
			return fmt.Errorf("segment %d (%s): %w", seg.Index, s.labels[seg.Variant], err)
		}
	}
}
