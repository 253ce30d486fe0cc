package render

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// soundSystemPresent says whether opening a sound device has a chance: a
// sound card the kernel lists, or a PulseAudio/PipeWire server to talk to.
// Without either, libasound and its plugins (JACK, OSS, PulseAudio) print a
// dozen error lines while failing; checking first keeps the one line the
// player prints ("playing muted") the only one.
func soundSystemPresent(env func(string) string, exists func(string) bool, readFile func(string) ([]byte, error)) bool {
	if b, err := readFile("/proc/asound/cards"); err == nil {
		s := strings.TrimSpace(string(b))
		if s != "" && !strings.Contains(s, "no soundcards") {
			return true
		}
	}
	if env("PULSE_SERVER") != "" || env("ALSA_CONFIG_PATH") != "" {
		return true // the user pointed the audio stack somewhere
	}
	var dirs []string
	if d := env("XDG_RUNTIME_DIR"); d != "" {
		dirs = append(dirs, d)
	}
	dirs = append(dirs, fmt.Sprintf("/run/user/%d", os.Getuid()))
	for _, d := range dirs {
		for _, sock := range []string{"pulse/native", "pipewire-0"} {
			if exists(filepath.Join(d, sock)) {
				return true
			}
		}
	}
	// PulseAudio without XDG_RUNTIME_DIR (root, containers) keeps its
	// socket under ~/.config/pulse/<machine-id>-runtime/.
	return exists("/var/run/pulse/native") || exists("/run/pulse/native") ||
		exists(filepath.Join(env("HOME"), ".config/pulse/*-runtime/native"))
}

// fileExists says whether anything matches the path (a glob pattern).
func fileExists(pattern string) bool {
	m, err := filepath.Glob(pattern)
	return err == nil && len(m) > 0
}
