// Package traces holds the real bandwidth traces smartplay ships, embedded
// so that the binary needs no other file: `smartplay --trace NAME` and
// `smartplay serve --trace NAME` find them by name (README.md says where
// each comes from). They are Pensieve-format text (seconds, Mbit/s); parse
// them with player/netem.
package traces

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Default is the trace the built-in demo plays over: a 3G (HSDPA) bus
// ride in Oslo that starts near 3.5 Mbit/s and falls to about 1 Mbit/s
// after a minute, so the smart mode visibly switches on the built-in
// ladder (300–4300 kbps, 10 s segments).
const Default = "hsdpa-bus"

// ErrUnknown: no shipped trace has that name.
var ErrUnknown = errors.New("no such built-in trace")

//go:embed *.log
var files embed.FS

// ext is the extension of the embedded trace files.
const ext = ".log"

// Names lists the shipped traces, sorted.
func Names() []string {
	ents, _ := fs.ReadDir(files, ".")
	var out []string
	for _, e := range ents {
		out = append(out, strings.TrimSuffix(e.Name(), ext))
	}
	sort.Strings(out)
	return out
}

// Read returns the text of the trace called name (with or without .log).
func Read(name string) ([]byte, error) {
	base := strings.TrimSuffix(name, ext)
	if base == "" || path.Base(base) != base {
		return nil, fmt.Errorf("%w %q (built-in: %s)", ErrUnknown, name, strings.Join(Names(), ", "))
	}
	data, err := files.ReadFile(base + ext)
	if err != nil {
		return nil, fmt.Errorf("%w %q (built-in: %s)", ErrUnknown, name, strings.Join(Names(), ", "))
	}
	return data, nil
}
