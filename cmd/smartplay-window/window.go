package main

import (
	"context"
	"fmt"
	"time"

	"smartplay/internal/cli"
	"smartplay/player/events"
	"smartplay/player/render/window"
	"smartplay/player/session"
)

// playWindow runs the session on another goroutine and the window on this
// (the main) one, as Ebiten requires; whichever ends first ends the other.
func playWindow(ctx context.Context, s *session.Session, o cli.WindowOptions) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		errc <- s.Run(ctx)
		cancel()
	}()
	muted := ""
	if s.Muted() {
		muted = "muted: no audio device"
	}
	werr := window.Run(s.Consumer(), window.Options{
		Title:        o.Title,
		Width:        o.Width,
		Height:       o.Height,
		Fullscreen:   o.Fullscreen,
		Commands:     s,
		MutedNotice:  muted,
		Screenshot:   o.Screenshot,
		ScreenshotAt: o.ScreenshotAt,
		OnScreenshot: screenshotNotice(s),
		HUD:          o.HUD,
		HUDReadings:  o.HUDReadings,
		ShowHUD:      o.ShowHUD,
		ExitWhenDone: true,
		Close:        ctx.Done(),
	})
	cancel()
	err := <-errc
	if err == nil && werr != nil {
		err = fmt.Errorf("window: %w", werr)
	}
	return err
}

// screenshotNotice logs the screenshot's outcome in the session's events.
func screenshotNotice(s *session.Session) func(path string, pos time.Duration, err error) {
	return func(path string, pos time.Duration, err error) {
		msg, e := "screenshot saved: "+path, ""
		if err != nil {
			msg, e = "screenshot failed: "+path, err.Error()
		}
		s.Events().Emit(events.Event{Type: events.Notice, Media: events.Seconds(pos), Message: msg, Err: e})
	}
}
