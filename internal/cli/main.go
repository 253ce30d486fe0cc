// Package cli is the smartplay command line, shared by the two binaries:
// bin/smartplay (everything but the window; it links no window system, so
// probe and --headless run on machines without a display) and
// bin/smartplay-window (the same, plus the Ebiten window). Ebiten opens
// the X display while the program initialises, before main, and panics
// without one; so bin/smartplay hands window playback to
// bin/smartplay-window by exec, with the same arguments.
package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	"smartplay/player/hud"
	"smartplay/player/session"
)

// gcPercent replaces Go's default of 100 unless GOGC is set. A player's
// live heap is mostly media (the forward buffer's segments, decoded
// frames: ~70 MB at 1080p) and its garbage is a few MB per segment, so
// collecting at +50% instead of +100% costs next to nothing and keeps
// less resident in a long 1080p session (measured after 45 s headless:
// 209 MB and level, vs 228 MB and still growing).
const gcPercent = 50

// WindowFunc plays an opened session in a window; it runs on the main
// goroutine and returns when playback ends or the window is closed.
type WindowFunc func(ctx context.Context, s *session.Session, o WindowOptions) error

// WindowOptions are the window's command-line settings.
type WindowOptions struct {
	Title string
	// Width and Height are the video's size (0: unknown); the window opens
	// at that size, fitted to the screen.
	Width, Height int
	Fullscreen    bool
	Screenshot    string
	ScreenshotAt  time.Duration
	// HUD is fed by the session's events, HUDReadings gives its live
	// values; ShowHUD shows it from the start (h toggles it).
	HUD         *hud.Model
	HUDReadings func() hud.Readings
	ShowHUD     bool
}

// Command is a sub-command: its arguments (after its name) in, exit
// status out.
type Command func(args []string, stdout, stderr io.Writer) int

// Binary is what a smartplay binary links in besides the player:
// bin/smartplay-window has the window functions, bin/smartplay has none
// and hands window playback over to it; bin/smartplay has the offline
// tools (sim, report: package internal/cli/tools), which the window
// binary leaves out.
type Binary struct {
	Play    WindowFunc
	Compare CompareFunc
	// Tools are sub-commands by name, one of toolNames each.
	Tools map[string]Command
}

// toolNames are the sub-commands only a Binary's Tools provide.
var toolNames = map[string]bool{"sim": true, "report": true}

// Main runs the command line and returns the exit status: 0 success, 1
// failure with one line on stderr. window is nil in the binary without a
// window system.
func Main(args []string, stdout, stderr io.Writer, window WindowFunc) int {
	return Run(args, stdout, stderr, Binary{Play: window})
}

// Run is Main with everything the binary links in.
func Run(args []string, stdout, stderr io.Writer, b Binary) int {
	if os.Getenv("GOGC") == "" {
		// A lower target the binary set already (the window's) stays.
		if prev := debug.SetGCPercent(gcPercent); prev > 0 && prev < gcPercent {
			debug.SetGCPercent(prev)
		}
	}
	if len(args) > 0 {
		switch name := args[0]; {
		case name == "probe":
			return probeMain(args[1:], stdout, stderr)
		case name == "serve":
			return serveMain(args[1:], stdout, stderr)
		case name == "compare":
			return compareMain(args[1:], stderr, b.Compare)
		case toolNames[name]:
			if cmd := b.Tools[name]; cmd != nil {
				return cmd(args[1:], stdout, stderr)
			}
			return Fail(stderr, fmt.Errorf("%s: not in this binary (bin/smartplay has it)", name))
		case name == "help":
			args = []string{"--help"}
		}
	}
	return playMain(args, stdout, stderr, b.Play)
}

// Fail prints the one-line error and returns exit status 1.
func Fail(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "smartplay: %v\n", err)
	return 1
}
