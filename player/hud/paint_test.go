package hud

import (
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"smartplay/player/events"
	"smartplay/player/qoe"
)

// keepEnv names a directory to save the painted images to, to look at.
const keepEnv = "SMARTPLAY_HUD_KEEP"

func keep(t *testing.T, name string, img image.Image) {
	dir := os.Getenv(keepEnv)
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}

// count is how many pixels of r satisfy ok (colours un-premultiplied).
func count(img *image.RGBA, r image.Rectangle, ok func(c color.NRGBA) bool) int {
	n := 0
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if ok(color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)) {
				n++
			}
		}
	}
	return n
}

func near(c, want color.NRGBA, tol int) bool {
	d := func(a, b uint8) bool { return int(a)-int(b) <= tol && int(b)-int(a) <= tol }
	return d(c.R, want.R) && d(c.G, want.G) && d(c.B, want.B)
}

func white(c color.NRGBA) bool { return c.R > 220 && c.G > 220 && c.B > 220 && c.A > 220 }

// busySession is a minute of a session with switches, a stall and an
// emergency downgrade.
func busySession() *Model {
	return modelAt("hsdpa-bus", 70,
		start(0, "auto"),
		decide(0.1, 0, 1, "startup: unknown network → 360p", 0),
		got(3, 0, 1, 937500, 2500),
		ev(3.2, events.Event{Type: events.FirstFrame, Rendition: events.Int(1)}),
		decide(3.1, 1, 2, "planner: forecast 2.50 Mbps (mean 2.50), buffer 10.0 s → 720p", 10),
		got(12, 1, 2, 3562500, 3200),
		switched(13.2, 10, 1, 2),
		decide(12, 2, 3, "planner: forecast 3.20 Mbps, buffer 11.0 s → 1080p", 11),
		ev(20, events.Event{Type: events.DownloadAborted, Segment: events.Int(2), Rendition: events.Int(3), Label: "1080p", To: events.Int(1),
			Reason: "download deadline missed after 8.0s (2625890 bytes in)", WastedBytes: 2625890, ThroughputKbps: 2600}),
		got(22, 2, 1, 937500, 3100),
		ev(23.2, events.Event{Type: events.StallStart}),
		ev(25.0, events.Event{Type: events.StallEnd, Duration: 1.8}),
		switched(25.2, 20, 2, 1),
		decide(22, 3, 2, "planner: forecast 3.10 Mbps, buffer 8.0 s → 720p", 8),
		got(31, 3, 2, 3562500, 3300),
		switched(35.3, 30, 1, 2),
		decide(31, 4, 2, "planner: forecast 3.30 Mbps, buffer 14.0 s → 720p", 14),
		got(41, 4, 2, 3562500, 2900),
		decide(41, 5, 2, "planner: forecast 2.95 Mbps (mean 3.10), buffer 18.0 s, the next 1080p segment would land after the buffer runs low → 720p", 18),
		got(52, 5, 2, 3562500, 2700),
	)
}

func TestPaintHUD(t *testing.T) {
	p := NewPainter()
	const width, px = 440, 14
	v := busySession().View(Readings{Buffer: 17 * time.Second, MaxBuffer: 30 * time.Second, AV: 8 * time.Millisecond, HasAV: true},
		p.Columns(width, px))
	img := p.HUD(v, width, px)
	if err := p.Err(); err != nil || img == nil {
		t.Fatalf("HUD: %v", err)
	}
	keep(t, "hud.png", img)
	b := img.Bounds()
	if b.Dx() != width || b.Dy() < 200 || b.Dy() > 500 {
		t.Fatalf("panel is %v, want %d wide and 200-500 tall", b, width)
	}
	// The panel is dark and translucent: the picture shows through it.
	if c := img.RGBAAt(1, 1); c.A != panelColor.A || c.R != 0 {
		t.Errorf("panel corner = %v, want black at alpha %d", c, panelColor.A)
	}
	m, _ := p.metrics(px)
	firstLine := image.Rect(0, m.pad, width, m.pad+m.lineH)
	if n := count(img, firstLine, white); n < 50 {
		t.Errorf("%d white text pixels on the first line, want the rendition label there", n)
	}
	// The graph sits below the head, the buffer and legend lines.
	gy := m.pad + (len(v.Head)+2)*m.lineH
	graph := image.Rect(m.pad, gy, width-m.pad, gy+graphLines*m.lineH)
	for _, c := range []struct {
		name string
		want color.NRGBA
		min  int
	}{{"throughput", netColor, 40}, {"chosen", chosenColor, 40}, {"upswitch", upColor, 10}, {"downswitch", downColor, 10}} {
		if n := count(img, graph, func(x color.NRGBA) bool { return near(x, c.want, 12) }); n < c.min {
			t.Errorf("%d %s pixels in the graph %v, want at least %d", n, c.name, graph, c.min)
		}
	}
	// The stall is shaded red over the dark panel.
	if n := count(img, graph, func(x color.NRGBA) bool { return x.R > 2*int8max(x.G) && x.R > 60 && x.A < 255 }); n < 100 {
		t.Errorf("%d stall-shaded pixels in the graph, want a span", n)
	}
}

func int8max(v uint8) uint8 { return max(v, 8) }

func TestPaintLabelAndCard(t *testing.T) {
	p := NewPainter()
	l := p.Label("FIXED 1080P", 36)
	if l == nil {
		t.Fatalf("label: %v", p.Err())
	}
	keep(t, "label.png", l)
	if n := count(l, l.Bounds(), white); n < 200 || l.Bounds().Dy() < 36 {
		t.Errorf("label %v has %d white pixels, want big white text", l.Bounds(), n)
	}
	card := Card{Title: "smart vs fixed 1080p · hsdpa-bus", Note: "q: close", Sides: []CardSide{
		{Title: "SMART", DataUsed: 40e6, Summary: qoe.Summary{StallCount: 0, HDShare: 0.5, MeanBitrateKbps: 2100, StartupDelay: 2.77, PlayTime: 120}},
		{Title: "FIXED 1080P", DataUsed: 64e6, Summary: qoe.Summary{StallCount: 8, StallTime: 41.2, HDShare: 1, MeanBitrateKbps: 4300, StartupDelay: 9.1, PlayTime: 120}},
	}}
	img := p.Card(card, 20)
	if img == nil {
		t.Fatalf("card: %v", p.Err())
	}
	keep(t, "card.png", img)
	better := count(img, img.Bounds(), func(c color.NRGBA) bool { return near(c, betterColor, 20) })
	worse := count(img, img.Bounds(), func(c color.NRGBA) bool { return near(c, worseColor, 20) })
	if better < 100 || worse < 100 {
		t.Errorf("card: %d green and %d red pixels, want both sides' better and worse values coloured", better, worse)
	}
}

func TestCardRows(t *testing.T) {
	c := Card{Sides: []CardSide{
		{Title: "SMART", DataUsed: 40_000_000, Summary: qoe.Summary{StallCount: 0, StallTime: 0, HDShare: 0.4997, MeanBitrateKbps: 2255.3, StartupDelay: 0.27, PlayTime: 20.011}},
		{Title: "FIXED 1080P", DataUsed: 52_345_678, Summary: qoe.Summary{StallCount: 3, StallTime: 12.04, HDShare: 1, MeanBitrateKbps: 4186.5, StartupDelay: 0.27, PlayTime: 20}},
	}}
	want := []CardRow{
		{"stalls", []string{"0", "3"}, 0},
		{"stall time", []string{"0.0 s", "12.0 s"}, 0},
		{"time at 720p+", []string{"50 %", "100 %"}, 1},
		{"mean bitrate", []string{"2.26 Mbit/s", "4.19 Mbit/s"}, 1},
		{"data used", []string{"40.0 MB", "52.3 MB"}, -1},
		{"startup delay", []string{"0.27 s", "0.27 s"}, -1},
		{"played", []string{"20.0 s", "20.0 s"}, -1},
	}
	got := c.Rows()
	if len(got) != len(want) {
		t.Fatalf("%d rows, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Name != want[i].Name || got[i].Best != want[i].Best || len(got[i].Values) != 2 ||
			got[i].Values[0] != want[i].Values[0] || got[i].Values[1] != want[i].Values[1] {
			t.Errorf("row %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// BenchmarkPaintHUD is what one HUD repaint costs (the window repaints at
// most a few times a second, off the main thread).
func BenchmarkPaintHUD(b *testing.B) {
	p := NewPainter()
	m := busySession()
	for b.Loop() {
		v := m.View(Readings{Buffer: 17 * time.Second, MaxBuffer: 30 * time.Second}, p.Columns(560, 13))
		if p.HUD(v, 560, 13) == nil {
			b.Fatal(p.Err())
		}
	}
}
