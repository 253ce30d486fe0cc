package e2e

import (
	"bytes"
	"context"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smartplay/assets/assetstest"
	"smartplay/player/events"
	"smartplay/player/netem"
	"smartplay/player/session"
)

// garbageLadder copies the 30 s TS ladder's tree as symlinks, with
// segment 1 of every rung replaced by random bytes (what a broken cache
// or a misconfigured origin serves with a 200).
func garbageLadder(t *testing.T) string {
	t.Helper()
	src := assetstest.Dir(t, shortLadder)
	dst := t.TempDir()
	rng := rand.New(rand.NewPCG(6, 6))
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		out := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(out, 0o755)
		case d.Name() == "seg_001.ts":
			junk := make([]byte, 200_000)
			for i := range junk {
				junk[i] = byte(rng.Uint32())
			}
			return os.WriteFile(out, junk, 0o644)
		}
		return os.Symlink(p, out)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// A segment that no rendition can decode (garbage served with a 200) costs
// that segment: a damaged segment notice, and playback goes on to the end
// with the next one, on the playlist's timeline.
func TestUndecodableSegmentCostsOnlyItself(t *testing.T) {
	t.Parallel()
	srv, err := netem.Start(context.Background(), netem.Config{Dir: garbageLadder(t), RTT: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	for _, quality := range []string{"auto", "1080p"} {
		var buf syncBuffer
		ctx, cancel := context.WithTimeout(context.Background(), matrixSessionTimeout)
		s, err := session.Open(ctx, session.Config{Input: srv.URL(), Quality: quality, Headless: true, MaxSpeed: true,
			Events: &buf, Logger: slog.New(slog.DiscardHandler)})
		if err == nil {
			err = s.Run(ctx)
		}
		cancel()
		if err != nil {
			t.Fatalf("%s: %v", quality, err)
		}
		evs, _ := events.Read(bytes.NewReader(buf.Bytes()))
		end, damaged := lastOf(evs, events.SessionEnd), 0
		for _, e := range evs {
			if e.Type == events.Notice && e.Message == "damaged segment" && e.Segment != nil && *e.Segment == 1 &&
				strings.Contains(e.Err, "cannot open input") {
				damaged++
			}
		}
		if end == nil || end.Reason != "ended" || end.Media < 29 || damaged != 1 {
			t.Fatalf("%s: session_end %+v, %d damaged segment notices for segment 1; want the end at 30 s and one", quality, end, damaged)
		}
	}
}
