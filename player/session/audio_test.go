package session

import (
	"context"
	"io/fs"
	"math"
	"os"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"smartplay/assets"
	"smartplay/assets/assetstest"
	"smartplay/player/events"
	"smartplay/player/netem"
)

// overlayFS serves a directory with some files replaced.
type overlayFS struct {
	fs.FS
	over fstest.MapFS
}

func (o overlayFS) Open(name string) (fs.File, error) {
	if _, ok := o.over[name]; ok {
		return o.over.Open(name)
	}
	return o.FS.Open(name)
}

// startDemuxed serves the demuxed-audio stream through the emulated origin
// (unshaped, 20 ms RTT) with faults; noBackup drops the backup audio group
// from the master playlist.
func startDemuxed(t *testing.T, format assets.Format, faults string, noBackup bool) string {
	t.Helper()
	dir := assetstest.Demuxed(t, format)
	fsys := overlayFS{FS: os.DirFS(dir)}
	if noBackup {
		data, err := os.ReadFile(dir + "/master.m3u8")
		if err != nil {
			t.Fatal(err)
		}
		var keep []string
		for _, l := range strings.Split(string(data), "\n") {
			if !strings.Contains(l, assets.DemuxedBackupGroup) {
				keep = append(keep, l)
			}
		}
		fsys.over = fstest.MapFS{"master.m3u8": {Data: []byte(strings.Join(keep, "\n"))}}
	}
	fs, err := netem.ParseFaults(faults)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	srv, err := netem.Start(ctx, netem.Config{FS: fsys, RTT: 20 * time.Millisecond, Faults: fs, Seed: 1})
	if err != nil {
		cancel()
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close(); cancel() })
	return srv.URL()
}

// byType counts events by type and keeps the notices' messages.
func byType(evs []events.Event) (map[events.Type][]events.Event, []string) {
	m := map[events.Type][]events.Event{}
	var notices []string
	for _, e := range evs {
		m[e.Type] = append(m[e.Type], e)
		if e.Type == events.Notice {
			notices = append(notices, e.Message)
		}
	}
	return m, notices
}

// checkPlayedToEnd asserts the session ended at the stream's end with
// every frame shown.
func checkPlayedToEnd(t *testing.T, evs []events.Event, s *Session) {
	t.Helper()
	m, _ := byType(evs)
	ends := m[events.SessionEnd]
	want := assets.DemuxedDuration.Seconds()
	if len(ends) != 1 || ends[0].Reason != "ended" || math.Abs(ends[0].Media-want) > 0.05 {
		t.Errorf("session_end %+v, want ended at %.0f s", ends, want)
	}
	if st := s.Consumer().Stats(); st.FramesShown != int64(want*assets.FrameRate) || st.Stalls != 0 {
		t.Errorf("frames shown %d, stalls %d; want %d and 0", st.FramesShown, st.Stalls, int64(want*assets.FrameRate))
	}
}

// TestDemuxedAudioSession: the demuxed stream plays headless to the end
// with its audio rendition (audio bytes in every download), switching
// rendition without trouble; no recovery and no notice.
func TestDemuxedAudioSession(t *testing.T) {
	for _, format := range []assets.Format{assets.TS, assets.FMP4} {
		t.Run(string(format), func(t *testing.T) {
			url := startDemuxed(t, format, "", false)
			evs, s := playHeadless(t, Config{Input: url})
			checkPlayedToEnd(t, evs, s)
			m, notices := byType(evs)
			if len(m[events.AudioFailover])+len(m[events.AudioSkipped]) != 0 || len(notices) != 0 {
				t.Errorf("recoveries %v %v, notices %q on a clean origin", m[events.AudioFailover], m[events.AudioSkipped], notices)
			}
			if !s.hasAudio() || s.pres.Variants[0].Audio == nil || s.pres.Variants[0].Audio.Group != assets.DemuxedMainGroup {
				t.Errorf("audio rendition not chosen: %+v", s.pres.Variants[0].Audio)
			}
			for _, e := range m[events.SegmentDownloaded] {
				if e.Bytes < 20000 { // 2 s of 64 kbit/s AAC is 16 kB, plus the video
					t.Errorf("segment %d: %d bytes, want video and audio", *e.Segment, e.Bytes)
				}
			}
		})
	}
}

// TestDemuxedAudioRecovery: the audio ladder of recoveries through the
// emulated origin's faults — an audio segment 404 on the main group comes
// from the backup group; without a backup its span plays silent; an
// audio playlist 404 at open falls back to the backup, else to the
// variant's own audio (none here: muted, said once). Every session plays
// to the end with every frame.
func TestDemuxedAudioRecovery(t *testing.T) {
	for _, c := range []struct {
		name     string
		faults   string
		noBackup bool
		want     events.Type
		notice   string // a notice message must contain it
	}{
		{"segment 404 → backup group", "404@seg=1:rend=" + assets.DemuxedMainDir, false, events.AudioFailover, ""},
		{"segment 404, no backup → silence", "404@seg=1:rend=" + assets.DemuxedMainDir, true, events.AudioSkipped, ""},
		{"playlist 404 → backup group", "playlist-404:rend=" + assets.DemuxedMainDir, false, "", "playing aud-backup/English instead"},
		{"playlist 404, no backup → muted", "playlist-404:rend=" + assets.DemuxedMainDir, true, "", "playing muted"},
	} {
		t.Run(c.name, func(t *testing.T) {
			url := startDemuxed(t, assets.TS, c.faults, c.noBackup)
			evs, s := playHeadless(t, Config{Input: url})
			checkPlayedToEnd(t, evs, s)
			m, notices := byType(evs)
			if c.want != "" {
				got := m[c.want]
				if len(got) != 1 || got[0].Err == "" || got[0].AudioSegment == nil || *got[0].AudioSegment != 1 {
					t.Fatalf("%s events %+v, want one (the segment straddles three video segments) for audio segment 1 with its cause", c.want, got)
				}
				if c.want == events.AudioFailover && (*got[0].From != 0 || *got[0].To != 1) {
					t.Errorf("failover from %d to %d, want 0 → 1", *got[0].From, *got[0].To)
				}
				if c.want == events.AudioSkipped && math.Abs(got[0].Duration-3.008) > 0.001 {
					t.Errorf("silent span %.3f s, want the lost segment's 3.008 s", got[0].Duration)
				}
			}
			if c.notice != "" {
				n := 0
				for _, msg := range notices {
					if strings.Contains(msg, c.notice) {
						n++
					}
				}
				if n != 1 {
					t.Errorf("notices %q: want %q once", notices, c.notice)
				}
			}
		})
	}
}
