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
const (
	// MemoryFile is the memory's file name in its directory.
	MemoryFile = "last-session.json"
	// MemoryMaxAge: an older memory is ignored. After a day the device has
	// likely moved networks or the link's load changed; within it, the
	// strategy sees the age and may weigh it further.
	MemoryMaxAge = 24 * time.Hour
	// MemoryDirEnv overrides the memory's directory (tests, sandboxes).
	MemoryDirEnv = "SMARTPLAY_CONFIG_DIR"
	// maxMemoryBytes: the file is a few hundred bytes; more is not ours.
	maxMemoryBytes = 64 << 10
)

// Memory is the file's content.
type Memory struct {
	Saved time.Time `json:"saved"`
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

// LoadMemory reads the memory in dir. It returns ok false, without error,
// when there is none or it is older than MemoryMaxAge (or from the future:
// a clock that went back says nothing about its age).
func LoadMemory(dir string, now time.Time) (m Memory, ok bool, err error) {
	f, err := os.Open(filepath.Join(dir, MemoryFile))
	if errors.Is(err, fs.ErrNotExist) {
		return m, false, nil
	}
	if err != nil {
		return m, false, fmt.Errorf("%w: %w", ErrMemory, err)
	}
	defer f.Close()
	dec := json.NewDecoder(&limitReader{f, maxMemoryBytes})
	if err := dec.Decode(&m); err != nil {
		return Memory{}, false, fmt.Errorf("%w: %s: %v", ErrMemory, f.Name(), err)
	}
	age := now.Sub(m.Saved)
	if age < 0 || age > MemoryMaxAge || m.Throughput < 0 || m.Bitrate < 0 {
		return m, false, nil
	}
	return m, true, nil
}

// SaveMemory writes m to dir (created if needed), atomically: a reader
// sees the old file or the new one, never half of one.
func SaveMemory(dir string, m Memory) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("%w: %w", ErrMemory, err)
	}
	b, err := json.MarshalIndent(m, "", "  ")
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
