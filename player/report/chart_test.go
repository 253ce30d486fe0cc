package report

import (
	"bytes"
	"encoding/base64"
	"errors"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The fixtures are real player logs: `smartplay --headless --trace
// hsdpa-bus --events F` on the built-in ladder through the emulated
// origin, in smart mode and pinned to 1080p (which stalls).
const (
	smartLog = "testdata/smart-hsdpa-bus.jsonl"
	fixedLog = "testdata/fixed1080p-hsdpa-bus.jsonl"
)

func readLog(t *testing.T, path string) *Session {
	t.Helper()
	ss, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 1 {
		t.Fatalf("%s: %d sessions", path, len(ss))
	}
	return ss[0]
}

// near8 reports whether two colours are within tol on every channel.
func near8(a color.Color, b color.RGBA, tol int) bool {
	r, g, bl, _ := a.RGBA()
	d := func(x uint32, y uint8) bool { return math.Abs(float64(x>>8)-float64(y)) <= float64(tol) }
	return d(r, b.R) && d(g, b.G) && d(bl, b.B)
}

// countNear counts the pixels of r within tol of c.
func countNear(img image.Image, r image.Rectangle, c color.RGBA, tol int) int {
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if near8(img.At(x, y), c, tol) {
				n++
			}
		}
	}
	return n
}

// columnShare is the share of a panel's column x (inset from the axes)
// within tol of c.
func columnShare(img image.Image, p Panel, x int, c color.RGBA, tol int) float64 {
	col := image.Rect(x, p.Area.Min.Y+3, x+1, p.Area.Max.Y-3)
	return float64(countNear(img, col, c, tol)) / float64(col.Dy())
}

var white = color.RGBA{0xff, 0xff, 0xff, 0xff}

// dataInkMin: a panel with data holds at least this many pixels of the
// session's own colour (a 2 px line across a ~1250 px plot is ~2500).
const dataInkMin = 300

func TestRenderOneSession(t *testing.T) {
	s := readLog(t, fixedLog)
	if len(s.Stalls) < 2 {
		t.Fatalf("the fixture should stall: %+v", s.Stalls)
	}
	ch, err := Render([]*Session{s}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b := ch.Image.Bounds()
	if b.Dx() != DefaultWidth || b.Dy() < 1000 || b.Dy() > 1300 {
		t.Errorf("image %v, want %d wide, 1000-1300 high", b, DefaultWidth)
	}
	if len(ch.Panels) != 3 {
		t.Fatalf("%d panels", len(ch.Panels))
	}
	for i, p := range ch.Panels {
		if !p.Area.In(b) || p.Area.Dx() < 1100 || p.Area.Dy() < 150 {
			t.Errorf("panel %s area %v", p.Name, p.Area)
		}
		if i > 0 && p.Area.Min.Y <= ch.Panels[i-1].Area.Max.Y {
			t.Errorf("panel %s overlaps the one above", p.Name)
		}
		if i > 0 && (p.Area.Min.X != ch.Panels[0].Area.Min.X || p.Area.Max.X != ch.Panels[0].Area.Max.X) {
			t.Errorf("panel %s not aligned with the first: %v vs %v", p.Name, p.Area, ch.Panels[0].Area)
		}
		if n := countNear(ch.Image, p.Area, SessionColor(0), 40); n < dataInkMin {
			t.Errorf("panel %s: %d pixels of data, want >= %d", p.Name, n, dataInkMin)
		}
	}
	// Every stall is shaded on every panel, at its time; the middle of the
	// longest stretch without a stall (after the first frame) is not.
	for _, p := range ch.Panels {
		for _, sp := range s.Stalls {
			x := p.X((sp.Start + sp.End) / 2)
			if share := columnShare(ch.Image, p, x, StallColor(0), 8); share < 0.6 {
				t.Errorf("panel %s: stall %.1f-%.1f s at x=%d: %.0f%% shaded, want most", p.Name, sp.Start, sp.End, x, 100*share)
			}
		}
		gap := longestGap(s)
		x := p.X(gap)
		if share := columnShare(ch.Image, p, x, StallColor(0), 8); share > 0.05 {
			t.Errorf("panel %s: %.1f s (no stall) at x=%d: %.0f%% shaded", p.Name, gap, x, 100*share)
		}
		if share := columnShare(ch.Image, p, x, white, 2); share < 0.6 {
			t.Errorf("panel %s: %.1f s (no stall): %.0f%% white", p.Name, gap, 100*share)
		}
	}
}

// longestGap is the middle of the longest time between stalls after the
// session's first frame.
func longestGap(s *Session) float64 {
	prev, best, mid := s.Shown[0].T, 0.0, 0.0
	for _, sp := range append(s.Stalls, Span{s.End, s.End}) {
		if d := sp.Start - prev; d > best {
			best, mid = d, (sp.Start+prev)/2
		}
		prev = sp.End
	}
	return mid
}

func TestRenderComparison(t *testing.T) {
	ss := []*Session{readLog(t, smartLog), readLog(t, fixedLog)}
	ch, err := Render(ss, Options{Title: "smart vs fixed 1080p on hsdpa-bus"})
	if err != nil {
		t.Fatal(err)
	}
	for i := range ss {
		for _, p := range ch.Panels {
			if n := countNear(ch.Image, p.Area, SessionColor(i), 40); n < dataInkMin {
				t.Errorf("session %d in panel %s: %d pixels of its colour, want >= %d", i, p.Name, n, dataInkMin)
			}
		}
	}
}

func TestWriteHTML(t *testing.T) {
	ss := []*Session{readLog(t, smartLog), readLog(t, fixedLog)}
	var buf bytes.Buffer
	if err := WriteHTML(&buf, ss, Options{}); err != nil {
		t.Fatal(err)
	}
	page := buf.String()
	for _, s := range ss {
		for _, want := range []string{filepath.Base(s.Source), s.Source, s.Strategy, s.URL} {
			if !strings.Contains(page, want) {
				t.Errorf("the page does not name %q", want)
			}
		}
	}
	m := regexp.MustCompile(`src="data:image/png;base64,([A-Za-z0-9+/=]+)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no inline PNG")
	}
	raw, err := base64.StdEncoding.DecodeString(m[1])
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil || img.Bounds().Dx() != DefaultWidth {
		t.Fatalf("inline PNG: %v, %v", err, img)
	}
	if strings.Contains(page, "<script") || strings.Contains(page, "http://") && !strings.Contains(page, "127.0.0.1") {
		t.Error("the page must be self-contained")
	}
}

func TestWriteFileErrors(t *testing.T) {
	s := readLog(t, smartLog)
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		path string
		ss   []*Session
		o    Options
		want error
	}{
		{"jpeg", "out.jpg", []*Session{s}, Options{}, ErrFormat},
		{"no extension", "out", []*Session{s}, Options{}, ErrFormat},
		{"no sessions", "out.png", nil, Options{}, ErrNothing},
		{"nil session", "out.png", []*Session{nil}, Options{}, ErrNothing},
		{"too narrow", "out.png", []*Session{s}, Options{Width: 300}, ErrRender},
		{"too wide", "out.html", []*Session{s}, Options{Width: 100000}, ErrRender},
	} {
		path := filepath.Join(dir, c.path)
		err := WriteFile(path, c.ss, c.o)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
		if _, statErr := os.Stat(path); statErr == nil {
			t.Errorf("%s: a file was left behind", c.name)
		}
	}
}

func TestRenderOddSessions(t *testing.T) {
	// Whatever a log holds, a chart comes out (no panic): values a plot
	// cannot place, renditions the ladder does not have, no ladder at all,
	// nothing but a session_start.
	nan, inf := math.NaN(), math.Inf(1)
	odd := []*Session{
		{Name: "nan", Renditions: []Rendition{{"a", nan, 0}, {"b", -5, 0}},
			Shown: []Point{{nan, 0}, {1, 7}, {2, 1.5}}, Chosen: []Point{{inf, 0}}, Buffer: []Point{{1, nan}, {2, -1}},
			Downloads: []Download{{T: 1, Kbps: 0}, {T: nan, Kbps: 5}, {T: 2, Kbps: inf}}, Stalls: []Span{{5, 3}, {nan, 1}},
			Trace: []Point{{0, -3}, {1, nan}}, End: nan},
		{Name: "empty"},
		{Name: "one download", Renditions: []Rendition{{"360p", 800, 360}}, Downloads: []Download{{T: 0, Kbps: 900}}},
	}
	for _, s := range odd {
		if _, err := Render([]*Session{s}, Options{}); err != nil {
			t.Errorf("%s: %v", s.Name, err)
		}
	}
	if _, err := Render(odd, Options{Width: MinWidth}); err != nil {
		t.Errorf("all: %v", err)
	}
}
