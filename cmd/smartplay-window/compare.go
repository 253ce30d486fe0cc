package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"smartplay/internal/cli"
	"smartplay/player/hud"
	"smartplay/player/render/window"
)

// compareWindow runs both sides' sessions on their own goroutines and
// the two-pane window on this (the main) one. A side that ends stays on
// screen; when both have ended (or on q) the window shows the summary
// card, and closes on q (or after CardFor).
func compareWindow(ctx context.Context, sides []cli.CompareSide, o cli.CompareOptions) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, len(sides))
	panes := make([]window.Pane, len(sides))
	done := make([]chan struct{}, len(sides))
	for i, sd := range sides {
		done[i] = make(chan struct{})
		go func() {
			defer close(done[i])
			errs[i] = sd.Session.Run(ctx)
		}()
		panes[i] = window.Pane{Consumer: sd.Session.Consumer(), Label: sd.Label, HUD: sd.HUD,
			Readings: func() hud.Readings { return sd.Readings() }, Ended: done[i]}
	}
	werr := window.RunPanes(panes, window.Options{
		Title:        o.Title,
		Width:        o.Width,
		Height:       o.Height,
		Fullscreen:   o.Fullscreen,
		Commands:     bothSides(sides),
		ShowHUD:      o.ShowHUD,
		Screenshot:   o.Screenshot,
		ScreenshotAt: o.ScreenshotAt,
		OnScreenshot: screenshotNotice(sides[0].Session),
		Card:         o.Card,
		CardFor:      o.CardFor,
		Close:        ctx.Done(),
	})
	cancel()
	var err error
	for i := range sides {
		<-done[i]
		if errs[i] != nil {
			err = errors.Join(err, fmt.Errorf("%s: %w", sides[i].Label, errs[i]))
		}
	}
	if err == nil && werr != nil {
		err = fmt.Errorf("window: %w", werr)
	}
	return err
}

// bothSides sends the window's keys to both sessions; a side's quality is
// what the comparison is about, so the number keys do nothing.
type bothSides []cli.CompareSide

func (b bothSides) TogglePause() {
	for _, s := range b {
		s.Session.TogglePause()
	}
}

func (b bothSides) Seek(delta time.Duration) {
	for _, s := range b {
		s.Session.Seek(delta)
	}
}

func (b bothSides) SetQuality(int) {}

func (b bothSides) Quit() {
	for _, s := range b {
		s.Session.Quit()
	}
}
