package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image/png"
	"os"
	"time"

	"smartplay/player/events"
	"smartplay/player/hud"
	"smartplay/player/media"
	"smartplay/player/qoe"
	"smartplay/player/render"
	"smartplay/player/render/window"
)

// paneSpec is one pane of a -panes scenario: a solid picture, a label,
// and a HUD fed with hudEvents (pinned: the right side's fixed 1080p).
type paneSpec struct {
	colour yuv
	label  string
	pinned bool
}

// paneScenario is a window with one pane and its HUD shown, or two panes
// side by side (the compare view); card shows the summary card when the
// streams end (after playFor), and the screenshot is then of the card.
type paneScenario struct {
	winW, winH int
	panes      []paneSpec
	playFor    time.Duration
	at         time.Duration
	card       bool
}

// The expected pixels and layouts are in player/hud's window_test.go.
var paneScenarios = map[string]paneScenario{
	"hud":     {winW: 640, winH: 360, panes: []paneSpec{{colour: red601}}, playFor: 3 * time.Second, at: time.Second},
	"compare": {winW: 1000, winH: 640, panes: []paneSpec{{red601, "SMART", false}, {blue601, "FIXED 1080P", true}}, playFor: 3 * time.Second, at: time.Second},
	"card":    {winW: 800, winH: 450, panes: []paneSpec{{red601, "SMART", false}, {blue601, "FIXED 1080P", true}}, playFor: 600 * time.Millisecond, at: time.Hour, card: true},
}

// HUDLadder is the ladder the scenarios' HUDs announce (the built-in
// ladder's labels and sizes).
var hudLadder = []events.Rendition{
	{Index: 0, Label: "180p", Bandwidth: 332986, Average: 326068, Width: 320, Height: 180},
	{Index: 1, Label: "360p", Bandwidth: 767492, Average: 755384, Width: 640, Height: 360},
	{Index: 2, Label: "432p", Bandwidth: 1206960, Average: 1193124, Width: 768, Height: 432},
	{Index: 3, Label: "576p", Bandwidth: 1839844, Average: 1822397, Width: 1024, Height: 576},
	{Index: 4, Label: "720p", Bandwidth: 2797741, Average: 2781799, Width: 1280, Height: 720},
	{Index: 5, Label: "1080p", Bandwidth: 4201424, Average: 4186535, Width: 1920, Height: 1080},
}

// hudEvents is what a session logs up to its first frame: smart mode at
// 720p, or 1080p pinned.
func hudEvents(log *events.Log, pinned bool) {
	q, r, reason := "auto", 4, "planner: forecast 5.20 Mbps (mean 5.20), buffer 10.0 s → 720p"
	if pinned {
		q, r, reason = "1080p", 5, "fixed 1080p"
	}
	log.Emit(events.Event{Type: events.SessionStart, Renditions: hudLadder, Strategy: "smart", Quality: q})
	log.Emit(events.Event{Type: events.Decision, Segment: events.Int(0), Rendition: events.Int(r), Reason: reason})
	log.Emit(events.Event{Type: events.SegmentDownloaded, Segment: events.Int(0), Rendition: events.Int(r), Bytes: 3_500_000, ThroughputKbps: 5200})
	log.Emit(events.Event{Type: events.FirstFrame, Rendition: events.Int(r)})
	log.Emit(events.Event{Type: events.Decision, Segment: events.Int(1), Rendition: events.Int(r), Reason: reason, Buffer: 10})
}

// testCard is the card scenario's summary.
var testCard = hud.Card{Title: "smart vs fixed 1080p · test", Note: "q: close", Sides: []hud.CardSide{
	{Title: "SMART", DataUsed: 21_000_000, Summary: qoe.Summary{HDShare: 0.5, MeanBitrateKbps: 2100, StartupDelay: 1.2, PlayTime: 60}},
	{Title: "FIXED 1080P", DataUsed: 32_000_000, Summary: qoe.Summary{StallCount: 4, StallTime: 21.5, HDShare: 1, MeanBitrateKbps: 4186, StartupDelay: 6.8, PlayTime: 60}},
}}

// panesResult is what -panes prints.
type panesResult struct {
	Stats  []render.Stats
	Lines  [][]string // each HUD's lines at the end
	Card   bool       // the card was shown
	Window [2]int     // the window's size (the screenshot's)
}

func runPanes(name, shot string) error {
	sc, ok := paneScenarios[name]
	if !ok || shot == "" {
		return fmt.Errorf("unknown -panes scenario %q or no -shot", name)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var panes []window.Pane
	var models []*hud.Model
	for _, ps := range sc.panes {
		c := render.NewConsumer(render.ConsumerConfig{Output: render.NewWallOutput(nil), HasVideo: true, Prebuffer: 100 * time.Millisecond})
		m := hud.New(hud.Config{Trace: "hsdpa-ferry"})
		log := events.NewLog(nil, nil)
		log.Listen(m.Observe)
		hudEvents(log, ps.pinned)
		frame := twoColour(320, 180, ps.colour, ps.colour, true)
		go feed(ctx, c, int(sc.playFor/(40*time.Millisecond)), 25, func(int, time.Duration) *media.VideoFrame {
			f := media.NewVideoFrame(320, 180)
			copy(f.Y, frame.Y)
			copy(f.U, frame.U)
			copy(f.V, frame.V)
			return f
		})
		readings := func() hud.Readings { return hud.Readings{Buffer: 12 * time.Second, MaxBuffer: 30 * time.Second} }
		panes = append(panes, window.Pane{Consumer: c, Label: ps.label, HUD: m, Readings: readings})
		models = append(models, m)
	}
	shotErr := errors.New("no screenshot taken")
	res := panesResult{}
	opts := window.Options{Title: "windowcheck panes " + name, Width: sc.winW, Height: sc.winH, ShowHUD: true,
		Screenshot: shot, ScreenshotAt: sc.at, OnScreenshot: func(_ string, _ time.Duration, err error) { shotErr = err },
		ExitWhenDone: true}
	if sc.card {
		opts.Card = func() hud.Card { res.Card = true; return testCard }
		opts.CardFor = time.Second
	}
	if err := window.RunPanes(panes, opts); err != nil {
		return err
	}
	if shotErr != nil {
		return shotErr
	}
	for i, p := range panes {
		res.Stats = append(res.Stats, p.Consumer.Stats())
		res.Lines = append(res.Lines, models[i].View(hud.Readings{}, 60).Lines())
	}
	if cfg, err := pngSize(shot); err == nil {
		res.Window = cfg
	}
	return json.NewEncoder(os.Stdout).Encode(res)
}

// pngSize reads a PNG's width and height.
func pngSize(path string) ([2]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return [2]int{}, err
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	return [2]int{cfg.Width, cfg.Height}, err
}
