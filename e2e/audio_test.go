package e2e

import (
	"context"
	"math"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"smartplay/assets"
	"smartplay/assets/assetstest"
	"smartplay/player/events"
	"smartplay/player/netem"
)

// demuxedOrigin serves the demuxed-audio stream (video renditions, audio
// in a main and a backup group) through the emulated origin with faults.
func demuxedOrigin(t *testing.T, format assets.Format, faults string) string {
	t.Helper()
	fs, err := netem.ParseFaults(faults)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := netem.Start(ctx, netem.Config{Dir: assetstest.Demuxed(t, format), RTT: 20 * time.Millisecond, Faults: fs, Seed: 1})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close(); cancel() })
	return srv.URL()
}

// TestDemuxedAudioEndToEnd: the binary probes the demuxed stream (its
// audio renditions listed) and plays it headless to the end, in both
// containers and at both fixed qualities and smart, while the main audio
// group loses a segment: the backup group's copy plays (audio_failover),
// nothing is skipped, exit 0.
func TestDemuxedAudioEndToEnd(t *testing.T) {
	for _, format := range []assets.Format{assets.TS, assets.FMP4} {
		url := demuxedOrigin(t, format, "404@seg=1:rend="+assets.DemuxedMainDir)
		r := smartplay(t, time.Minute, nil, "probe", url)
		if r.code != 0 || !strings.Contains(r.stdout, "2 audio rendition(s):") || !strings.Contains(r.stdout, "played by 1, 2") {
			t.Fatalf("%s: probe exit %d:\n%s%s", format, r.code, r.stdout, r.stderr)
		}
		for _, quality := range []string{"auto", "180p", "360p"} {
			ev := filepath.Join(t.TempDir(), "ev.jsonl")
			r := smartplay(t, 2*time.Minute, nil, "--headless", "--speed", "max", "--quality", quality, "--events", ev, url)
			if r.code != 0 {
				t.Fatalf("%s %s: exit %d: %s", format, quality, r.code, r.stderr)
			}
			evs := readEvents(t, ev)
			end := lastOf(evs, events.SessionEnd)
			if end == nil || end.Reason != "ended" || math.Abs(end.Media-assets.DemuxedDuration.Seconds()) > 0.05 {
				t.Errorf("%s %s: session_end %+v, want ended at 8 s", format, quality, end)
			}
			if f := lastOf(evs, events.AudioFailover); f == nil || *f.AudioSegment != 1 || !strings.Contains(f.Err, "404") {
				t.Errorf("%s %s: audio_failover %+v, want audio segment 1 from the backup after a 404", format, quality, f)
			}
			if s := lastOf(evs, events.AudioSkipped); s != nil {
				t.Errorf("%s %s: audio skipped though a backup exists: %+v", format, quality, s)
			}
		}
	}
}
