package session

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"smartplay/player/abr"
)

// Session memory: what the last session ended at, for the next startup.
// It is kept per scope (the origin's host, or the emulated link) and
// network type: a throughput measured from a loopback test server, or at
// home on Ethernet, says nothing about a CDN on a phone's hotspot.
const (
	// MemoryFile is the memory's file name in its directory.
	MemoryFile = "last-session.json"
	// MemoryMaxAge: an older memory is ignored. After a day the device has
	// likely moved networks or the link's load changed; within it, the
	// strategy sees the age and may weigh it further.
	MemoryMaxAge = 24 * time.Hour
	// MemoryDirEnv overrides the memory's directory (tests, sandboxes).
	MemoryDirEnv = "SMARTPLAY_CONFIG_DIR"
	// maxMemoryBytes: the file is a few KB; more is not ours.
	maxMemoryBytes = 64 << 10
	// maxMemoryEntries: scopes remembered; the least recently saved goes
	// first. A viewer's handful of sites and networks fits.
	maxMemoryEntries = 16
)

// Memory is what one session left for the next in the same scope and
// network.
type Memory struct {
	Saved time.Time `json:"saved"`
	// Scope is where the session played from (Config.MemoryScope).
	Scope string `json:"scope"`
	// Label, Height and Bitrate (bits per second) describe the rendition
	// on screen at the end; the next session maps them onto its ladder.
	Label   string `json:"label"`
	Height  int    `json:"height"`
	Bitrate int64  `json:"bitrate"`
	// Throughput is the throughput estimate at the end, bits per second.
	Throughput float64 `json:"throughput_bps"`
	// Network is the network type the session ran on ("" unknown).
	Network string `json:"network,omitempty"`
}

// memoryFile is the file's content: the latest memory of each scope and
// network, most recent first.
type memoryFile struct {
	Sessions []Memory `json:"sessions"`
}

// DefaultMemoryDir is $SMARTPLAY_CONFIG_DIR, else smartplay in the
// user's config directory (~/.config/smartplay on Linux).
func DefaultMemoryDir() (string, error) {
	if d := os.Getenv(MemoryDirEnv); d != "" {
		return d, nil
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrMemory, err)
	}
	return filepath.Join(d, "smartplay"), nil
}

// LoadMemory returns the memory in dir for scope and network. It returns
// ok false, without error, when there is none or it is older than
// MemoryMaxAge (or from the future: a clock that went back says nothing
// about its age). A file in an older format holds no memory.
func LoadMemory(dir, scope, network string, now time.Time) (m Memory, ok bool, err error) {
	all, err := readMemories(dir)
	if err != nil {
		return m, false, err
	}
	for _, x := range all {
		if x.Scope != scope || x.Network != network {
			continue
		}
		age := now.Sub(x.Saved)
		if age < 0 || age > MemoryMaxAge || x.Throughput < 0 || x.Bitrate < 0 {
			return x, false, nil
		}
		return x, true, nil
	}
	return m, false, nil
}

func readMemories(dir string) ([]Memory, error) {
	f, err := os.Open(filepath.Join(dir, MemoryFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMemory, err)
	}
	defer f.Close()
	var mf memoryFile
	if err := json.NewDecoder(&limitReader{f, maxMemoryBytes}).Decode(&mf); err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrMemory, f.Name(), err)
	}
	return mf.Sessions, nil
}

// SaveMemory records m in dir (created if needed) in place of the memory
// of the same scope and network, atomically: a reader sees the old file
// or the new one, never half of one. An unreadable file is replaced.
// (Two sessions ending at the same moment may lose one of their writes.)
func SaveMemory(dir string, m Memory) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("%w: %w", ErrMemory, err)
	}
	old, _ := readMemories(dir)
	mf := memoryFile{Sessions: []Memory{m}}
	for _, x := range old {
		if (x.Scope != m.Scope || x.Network != m.Network) && len(mf.Sessions) < maxMemoryEntries {
			mf.Sessions = append(mf.Sessions, x)
		}
	}
	b, err := json.MarshalIndent(mf, "", "  ")
	if err != nil {
		return fmt.Errorf("%w: %w", ErrMemory, err)
	}
	tmp, err := os.CreateTemp(dir, MemoryFile+".*")
	if err != nil {
		return fmt.Errorf("%w: %w", ErrMemory, err)
	}
	_, err = tmp.Write(append(b, '\n'))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(dir, MemoryFile))
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("%w: %w", ErrMemory, err)
	}
	return nil
}

// ForLadder maps the memory onto a ladder (ascending): the highest
// rendition whose bitrate does not exceed the remembered one (by height
// when the memory has no bitrate), 0 when none; Age is now − Saved.
func (m Memory) ForLadder(vs []abr.Variant, now time.Time) *abr.SessionMemory {
	v := 0
	for i, x := range vs {
		if (m.Bitrate > 0 && x.Bitrate() > 0 && x.Bitrate() <= m.Bitrate) ||
			(m.Bitrate <= 0 && m.Height > 0 && x.Height > 0 && x.Height <= m.Height) {
			v = i
		}
	}
	return &abr.SessionMemory{Variant: v, Throughput: m.Throughput, Age: now.Sub(m.Saved)}
}

// limitReader fails instead of reading past n bytes.
type limitReader struct {
	f *os.File
	n int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, fmt.Errorf("larger than %d bytes", maxMemoryBytes)
	}
	if int64(len(p)) > l.n {
		p = p[:l.n]
	}
	n, err := l.f.Read(p)
	l.n -= int64(n)
	return n, err
}
