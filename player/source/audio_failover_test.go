package source

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestAudioFailover: an audio segment failing on the main group comes from
// the backup group (event); with no backup its span is lost (event) and
// the video plays on.
func TestAudioFailover(t *testing.T) {
	t.Run("backup", func(t *testing.T) {
		o := demuxedOrigin(t, true)
		delete(o.files, "/main/a1.ts")
		var rec audioRecorder
		segs, _, _ := playAll(t, o, 0, &rec)
		if got := parts(segs[1]); got != "0:main audio 0@0s+3s 1:backup audio 1@3s+3s" {
			t.Errorf("segment 1 parts %q", got)
		}
		if got := parts(segs[2]); got != "1:backup audio 1@3s+3s" {
			t.Errorf("segment 2 parts %q", got)
		}
		// Once: segment 2 reuses what segment 1 got for the straddling audio.
		if len(rec.failovers) != 1 || rec.failovers[0] != "1/1 main/English→backup/English" || len(rec.skipped) != 0 {
			t.Errorf("failovers %v, skipped %v", rec.failovers, rec.skipped)
		}
	})
	t.Run("none", func(t *testing.T) {
		o := demuxedOrigin(t, false)
		delete(o.files, "/main/a1.ts")
		var rec audioRecorder
		segs, _, _ := playAll(t, o, 0, &rec)
		if len(segs) != 4 {
			t.Fatalf("%d segments, want all 4", len(segs))
		}
		if got := parts(segs[1]); got != "0:main audio 0@0s+3s 1:-@3s+3s" {
			t.Errorf("segment 1 parts %q", got)
		}
		if got := parts(segs[2]); got != "1:-@3s+3s" {
			t.Errorf("segment 2 parts %q", got)
		}
		if len(rec.skipped) != 1 || rec.skipped[0] != "1/1 main/English 3s+3s" || len(rec.failovers) != 0 {
			t.Errorf("skipped %v, failovers %v", rec.skipped, rec.failovers)
		}
	})
}

// TestAudioRenditionGoneAtOpen: a rendition whose playlist fails is
// replaced by its alternative, else the variant plays its own audio; Open
// never fails for audio.
func TestAudioRenditionGoneAtOpen(t *testing.T) {
	for _, c := range []struct {
		name    string
		backup  bool
		plays   string // label of what variants play ("muxed": none)
		fallTo  string
		fetched string // an audio segment a play fetches
	}{
		{"to the backup", true, "backup/English", "backup/English", "/backup/a0.ts"},
		{"to muxed", false, "muxed", "muxed", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			o := demuxedOrigin(t, c.backup)
			delete(o.files, "/main/a.m3u8")
			var rec audioRecorder
			segs, p, _ := playAll(t, o, 0, &rec)
			if got := p.Variants[0].Audio.Label(); got != c.plays {
				t.Errorf("variant plays %s, want %s", got, c.plays)
			}
			if len(p.AudioFallbacks) != 1 || p.AudioFallbacks[0].From.Label() != "main/English" ||
				p.AudioFallbacks[0].To.Label() != c.fallTo || p.AudioFallbacks[0].From.Err == nil {
				t.Errorf("fallbacks %+v", p.AudioFallbacks)
			}
			if c.fetched != "" && o.hitCount(c.fetched) != 1 {
				t.Errorf("%s fetched %d times", c.fetched, o.hitCount(c.fetched))
			}
			if len(segs) != 4 || segs[0].SeparateAudio != c.backup {
				t.Errorf("%d segments, separate audio %v", len(segs), segs[0].SeparateAudio)
			}
		})
	}
}

// TestAudioUnderTheDeadline: the decision's deadline covers the segment's
// audio too: a slow audio segment makes the download miss it, and the
// segment is refetched lower at once (the emergency downgrade), its audio
// then fetched without a deadline.
func TestAudioUnderTheDeadline(t *testing.T) {
	const slow, deadline = 800 * time.Millisecond, 300 * time.Millisecond
	o := demuxedOrigin(t, false)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/main/a0.ts" {
			time.Sleep(slow)
		}
		o.serve(w, r)
	}))
	t.Cleanup(srv.Close)
	rec := &audioRecorder{}
	segs, _, c := playURL(t, srv.URL+"/master.m3u8", -1, Config{Strategy: always{1, deadline}, Observer: rec})
	if got := strings.Join(rec.aborts, " "); got != "0/1→0" || !strings.Contains(rec.abortErrs[0].Error(), "audio") {
		t.Fatalf("aborts %q (%v), want segment 0 aborted in its audio and refetched at 0", got, rec.abortErrs)
	}
	if len(segs) != 4 || segs[0].Variant != 0 || parts(segs[0]) != "0:main audio 0@0s+3s" || segs[1].Variant != 1 {
		t.Fatalf("%d segments, first at %d with %q, second at %d", len(segs), segs[0].Variant, parts(segs[0]), segs[1].Variant)
	}
	if s := c.Samples()[0]; !s.Aborted || s.Bytes < int64(len("hi video 0")) || s.Duration < deadline {
		t.Fatalf("aborted sample %+v: want the video's bytes and the deadline's time", s)
	}
	if n := o.hitCount("/main/a0.ts"); n != 2 {
		t.Fatalf("audio segment 0 fetched %d times, want 2 (cut, then again without a deadline)", n)
	}
}
