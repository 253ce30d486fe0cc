// Package hud is the player's heads-up display without the window: a
// Model that listens to a session's event log (events.Log.Listen) and
// turns it, with a few live readings (forward buffer, A/V offset, bytes
// downloaded), into a View — the text lines and the 60 s graph a QA
// engineer reads — and a Painter that draws a View (and the compare
// view's labels and summary card) into an *image.RGBA in pure Go.
//
// Nothing here imports Ebiten, so all of it is tested headless: event
// sequences in, lines and graph points out (time is injected), and the
// painted panels' pixels. player/render/window uploads the painted image
// a few times a second and draws it with one DrawImage per frame.
//
//	m := hud.New(hud.Config{Trace: "hsdpa-bus"})
//	s.Events().Listen(m.Observe)                    // before the session runs
//	v := m.View(hud.Readings{Buffer: 12 * time.Second, MaxBuffer: 30 * time.Second})
//	img := hud.NewPainter().HUD(v, 420)              // a translucent panel, 420 px wide
package hud
