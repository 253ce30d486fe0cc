package netem

import (
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path"
	"time"
)

// Config configures an emulated origin; zero fields take the defaults
// given.
type Config struct {
	// FS is the tree served. Default: os.DirFS(Dir).
	FS fs.FS
	// Dir is the directory served when FS is nil.
	Dir string
	// Entry is the playlist the server's URL points at, relative to the
	// tree (default master.m3u8, or the only .m3u8 file at the root).
	Entry string
	// Trace shapes each session's link (default nil: unshaped).
	Trace *Trace
	// RTT delays every request's first byte (default 0).
	RTT time.Duration
	// Faults to inject (default none); see ParseFaults.
	Faults []Fault
	// Seed fixes the faults drawn by probability (default 0).
	Seed int64
	// Addr is where Start listens (default 127.0.0.1:0, a free port).
	Addr string
	// Clock schedules everything (default RealClock).
	Clock Clock
	// Logger reports sessions and injected faults at Info, requests at
	// Debug (default: discard).
	Logger *slog.Logger
}

// maxRTT: a minute of round trip is no network anyone streams over.
const maxRTT = time.Minute

// withDefaults checks c and fills in its defaults.
func (c Config) withDefaults() (Config, error) {
	if c.FS == nil {
		if c.Dir == "" {
			return c, fmt.Errorf("%w: no directory to serve", ErrConfig)
		}
		st, err := os.Stat(c.Dir)
		if err != nil {
			return c, fmt.Errorf("%w: %v", ErrConfig, err)
		}
		if !st.IsDir() {
			return c, fmt.Errorf("%w: %s is not a directory", ErrConfig, c.Dir)
		}
		c.FS = os.DirFS(c.Dir)
	}
	if c.RTT < 0 || c.RTT > maxRTT {
		return c, fmt.Errorf("%w: RTT %v out of range 0-%v", ErrConfig, c.RTT, maxRTT)
	}
	if c.Clock == nil {
		c.Clock = RealClock{}
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Addr == "" {
		c.Addr = "127.0.0.1:0"
	}
	entry, err := findEntry(c.FS, c.Entry)
	if err != nil {
		return c, err
	}
	c.Entry = entry
	return c, nil
}

// findEntry checks the entry playlist, or picks master.m3u8 or the only
// playlist at the root.
func findEntry(fsys fs.FS, entry string) (string, error) {
	if entry != "" {
		if !fs.ValidPath(entry) {
			return "", fmt.Errorf("%w: entry %q is not a path inside the served tree", ErrConfig, entry)
		}
		if _, err := fs.Stat(fsys, entry); err != nil {
			return "", fmt.Errorf("%w: entry playlist: %v", ErrConfig, err)
		}
		return entry, nil
	}
	if _, err := fs.Stat(fsys, "master.m3u8"); err == nil {
		return "master.m3u8", nil
	}
	ents, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrConfig, err)
	}
	var found []string
	for _, e := range ents {
		if !e.IsDir() && path.Ext(e.Name()) == ".m3u8" {
			found = append(found, e.Name())
		}
	}
	if len(found) != 1 {
		return "", fmt.Errorf("%w: no master.m3u8 and %d other playlists at the top of the directory (want one)", ErrConfig, len(found))
	}
	return found[0], nil
}

// outages returns the link outages of the faults.
func outagesOf(faults []Fault) []Outage {
	var out []Outage
	for _, f := range faults {
		if f.Kind == FaultOutage {
			out = append(out, Outage{At: f.From, Length: f.Duration})
		}
	}
	return out
}
