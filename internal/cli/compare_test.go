package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smartplay/assets"
	"smartplay/assets/assetstest"
	"smartplay/player/events"
	"smartplay/player/hud"
)

// noWindow fails the test if compare gets as far as the window.
func noWindow(t *testing.T) CompareFunc {
	return func(context.Context, []CompareSide, CompareOptions) error {
		t.Error("the window was opened")
		return nil
	}
}

func TestCompareRefusesBadInput(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--volume", "200"}, "--volume 200: want 0-100"},
		{[]string{"--card-for", "-1s"}, "--card-for must not be negative"},
		{[]string{"--screenshot", "x.png", "--screenshot-at", "-2s"}, "--screenshot-at must not be negative"},
		{[]string{"--strategy", "psychic"}, "--strategy"},
		{[]string{"--log-level", "loud"}, `--log-level "loud"`},
		{[]string{"--trace", "hsdpa-bus", "http://127.0.0.1:9/master.m3u8"}, "--trace, --rtt, --faults and --seed shape the built-in stream"},
		{[]string{"a.m3u8", "b.m3u8"}, "one input at a time (got 2)"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		code := Run(append([]string{"compare"}, tt.args...), &out, &errb, Binary{Compare: noWindow(t)})
		lines := strings.Split(strings.TrimSpace(errb.String()), "\n")
		if code != 1 || len(lines) != 1 || !strings.HasPrefix(lines[0], "smartplay: compare: ") || !strings.Contains(lines[0], tt.want) {
			t.Errorf("compare %q: exit %d, stderr %q; want exit 1 and one line with %q", tt.args, code, errb.String(), tt.want)
		}
	}
}

func TestCompareHelp(t *testing.T) {
	var out, errb bytes.Buffer
	if code := Run([]string{"compare", "--help"}, &out, &errb, Binary{}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"usage: smartplay compare", "-left", "-right", "-trace", "-screenshot", "-card-for", "-hud", "h HUD on/off", "Only the left side plays audio"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("compare --help does not mention %q", want)
		}
	}
	errb.Reset()
	Run([]string{"--help"}, &out, &errb, Binary{})
	if !strings.Contains(errb.String(), "smartplay compare") || !strings.Contains(errb.String(), "h HUD on/off") {
		t.Errorf("smartplay --help does not list compare and the h key:\n%s", errb.String())
	}
}

// sidesSeen is what a fake window saw of compare's sides.
type sidesSeen struct {
	labels []string
	lines  [][]string
	card   hud.Card
	opts   CompareOptions
}

// fakeWindow runs both sessions for a while, as the window would, quits
// them, and records what the window would show.
func fakeWindow(seen *sidesSeen, playFor time.Duration) CompareFunc {
	return func(ctx context.Context, sides []CompareSide, o CompareOptions) error {
		seen.opts = o
		done := make(chan error, len(sides))
		for _, s := range sides {
			seen.labels = append(seen.labels, s.Label)
			go func() { done <- s.Session.Run(ctx) }()
		}
		time.Sleep(playFor)
		for _, s := range sides {
			s.Session.Quit()
		}
		for range sides {
			if err := <-done; err != nil {
				return err
			}
		}
		for _, s := range sides {
			seen.lines = append(seen.lines, s.HUD.View(s.Readings(), 60).Lines())
		}
		seen.card = o.Card()
		return nil
	}
}

// firstEvent reads the first event of a log.
func firstEvent(t *testing.T, path string) events.Event {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	evs, err := events.Read(f)
	if err != nil || len(evs) == 0 {
		t.Fatalf("%s: %v (%d events)", path, err, len(evs))
	}
	return evs[0]
}

// TestCompareBuiltinSides: with no URL each side plays the built-in
// stream through its own session on the emulated origin, labelled SMART
// and FIXED 1080P, with its HUD fed and the trace named (in the HUD and in
// session_start); the card has both sides.
func TestCompareBuiltinSides(t *testing.T) {
	assetstest.Dir(t, assets.Options{}) // generated (or cached) before the clock starts
	prefix := filepath.Join(t.TempDir(), "cmp")
	var seen sidesSeen
	var out, errb bytes.Buffer
	code := Run([]string{"compare", "--rtt", "10ms", "--events", prefix, "--card-for", "2s"}, &out, &errb,
		Binary{Compare: fakeWindow(&seen, 2*time.Second)})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if strings.Join(seen.labels, "|") != "SMART|FIXED 1080P" {
		t.Errorf("labels %q, want SMART|FIXED 1080P", seen.labels)
	}
	left, right := firstEvent(t, prefix+"-left.jsonl"), firstEvent(t, prefix+"-right.jsonl")
	if !strings.Contains(left.URL, "/s/left/") || !strings.Contains(right.URL, "/s/right/") || left.Quality != "auto" || right.Quality != "1080p" {
		t.Errorf("sessions: left %s (%s), right %s (%s); want their own links, auto and 1080p", left.URL, left.Quality, right.URL, right.Quality)
	}
	if left.Trace != DemoTrace || right.Trace != DemoTrace {
		t.Errorf("session_start traces %q, %q; want %q on both (report draws its rate)", left.Trace, right.Trace, DemoTrace)
	}
	if len(seen.lines) != 2 || !hasLine(seen.lines[1], "mode      fixed 1080p") || !hasLine(seen.lines[0], "mode      auto (smart)") ||
		!strings.Contains(strings.Join(seen.lines[0], "\n"), "trace "+DemoTrace) {
		t.Errorf("HUD lines %q: want auto (smart) left, fixed 1080p right, the trace named", seen.lines)
	}
	if len(seen.card.Sides) != 2 || seen.card.Sides[0].Title != "SMART" || seen.card.Sides[1].DataUsed <= 0 ||
		!strings.Contains(seen.card.Title, DemoTrace) {
		t.Errorf("card %+v: want both sides, data used, the trace in the title", seen.card)
	}
	if o := seen.opts; !o.ShowHUD || o.CardFor != 2*time.Second || o.Width != 1280 || o.Height != 800 {
		t.Errorf("window options %+v", o)
	}
	if n := strings.Count(errb.String(), "played "); n != 2 {
		t.Errorf("stderr has %d QoE lines, want one per side:\n%s", n, errb.String())
	}
}

func hasLine(lines []string, want string) bool {
	for _, l := range lines {
		if l == want {
			return true
		}
	}
	return false
}

// TestCompareURLQualities: with a URL both sides open it; --left and
// --right pick the qualities (a pin is labelled FIXED and its height);
// one that the ladder lacks is one clear line.
func TestCompareURLQualities(t *testing.T) {
	url, _ := assetstest.Serve(t, assets.Options{Duration: 20 * time.Second}, nil)
	var seen sidesSeen
	var out, errb bytes.Buffer
	code := Run([]string{"compare", "--left", "360p", "--right", "auto", "--strategy", "throughput", "--hud=false", url}, &out, &errb,
		Binary{Compare: fakeWindow(&seen, 500*time.Millisecond)})
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if strings.Join(seen.labels, "|") != "FIXED 360P|THROUGHPUT" || seen.opts.ShowHUD {
		t.Errorf("labels %q (HUD shown %v), want FIXED 360P|THROUGHPUT and no HUD", seen.labels, seen.opts.ShowHUD)
	}
	errb.Reset()
	code = Run([]string{"compare", "--right", "999p", url}, &out, &errb, Binary{Compare: noWindow(t)})
	if code != 1 || !strings.Contains(errb.String(), "right side (999p)") || strings.Count(errb.String(), "\n") != 1 {
		t.Errorf("--right 999p: exit %d, stderr %q; want one line naming the right side", code, errb.String())
	}
}
