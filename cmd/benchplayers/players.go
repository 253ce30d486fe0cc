package main

import (
	_ "embed"
	"fmt"
	"os"
	"path/filepath"
)

//go:embed mpv_bench.lua
var mpvScript []byte

// player is one contender: how to start it on an input and how to read
// what it reported about the run.
type player struct {
	// Name is the key used by --players and shown in the tables.
	Name string
	// Window: the player draws in an X window, so its first frame can be
	// seen in Xvfb's framebuffer.
	Window bool
	// args is the command line for an input (file path or URL) and an
	// events-file path (used by smartplay only).
	args func(input, events string) []string
	// env is added to the bench's environment (DISPLAY is always set).
	env []string
	// report reads the played time, dropped frames and self-reported
	// first-frame time from a finished or stopped run.
	report func(o runOutput) (selfReport, error)
	// reportsFirstFrame: report gives a first-frame time (mpv through
	// mpv_bench.lua, smartplay through its first_frame event).
	reportsFirstFrame bool
}

// benchSetup holds what the players need from the bench: binaries and
// helper files.
type benchSetup struct {
	Smartplay string // path of bin/smartplay
	LuaPath   string // mpv_bench.lua written out
	XDGDir    string // XDG_RUNTIME_DIR for mpv's --vo=gpu
}

// writeLua writes the embedded mpv script into dir.
func writeLua(dir string) (string, error) {
	p := filepath.Join(dir, "mpv_bench.lua")
	if err := os.WriteFile(p, mpvScript, 0o644); err != nil {
		return "", fmt.Errorf("%w: %w", ErrPlayer, err)
	}
	return p, nil
}

// allPlayers is the catalogue; defaultPlayers the set `make bench` runs.
func allPlayers(s benchSetup) []player {
	mpv := func(name string, vo ...string) player {
		return player{
			Name: name, Window: true, reportsFirstFrame: true,
			args: func(input, _ string) []string {
				a := []string{"mpv", "--no-config", "--really-quiet", "--ytdl=no", "--ao=null"}
				a = append(a, vo...)
				return append(a, "--script="+s.LuaPath, input)
			},
			env:    []string{"XDG_RUNTIME_DIR=" + s.XDGDir},
			report: reportMPV,
		}
	}
	smart := func(name string, headless bool) player {
		return player{
			Name: name, Window: !headless, reportsFirstFrame: true,
			args: func(input, events string) []string {
				a := []string{s.Smartplay}
				if headless {
					a = append(a, "--headless")
				}
				return append(a, "--events", events, input)
			},
			report: reportSmartplay,
		}
	}
	return []player{
		smart("smartplay", false),
		smart("smartplay-headless", true),
		{
			Name: "ffplay", Window: true,
			args: func(input, _ string) []string {
				return []string{"ffplay", "-hide_banner", "-autoexit", "-loglevel", "info", input}
			},
			env:    []string{"SDL_AUDIODRIVER=dummy"},
			report: reportFFplay,
		},
		mpv("mpv-gpu", "--vo=gpu", "--gpu-sw"),
		mpv("mpv-x11", "--vo=x11"),
		mpv("mpv-default"),
	}
}

// defaultPlayers are run unless --players says otherwise: mpv three ways,
// as a user gets it with no options (mpv-default: SDL here, since its GL
// output refuses a software renderer), its GL path, and its cheapest path.
var defaultPlayers = []string{"smartplay", "smartplay-headless", "ffplay", "mpv-default", "mpv-gpu", "mpv-x11"}

// selectPlayers picks the named players from the catalogue, in order.
func selectPlayers(all []player, names []string) ([]player, error) {
	var out []player
	for _, n := range names {
		found := false
		for _, p := range all {
			if p.Name == n {
				out = append(out, p)
				found = true
			}
		}
		if !found {
			return nil, fmt.Errorf("%w: unknown player %q", ErrUsage, n)
		}
	}
	return out, nil
}
