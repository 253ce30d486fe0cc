package source

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"smartplay/player/media"
)

func TestPickAudioRendition(t *testing.T) {
	r := func(group, name, lang string, def, auto bool) *AudioRendition {
		return &AudioRendition{Group: group, Name: name, Language: lang, Default: def, Autoselect: auto}
	}
	en := r("a", "English", "en", false, true)
	fr := r("a", "Français", "fr", true, true)
	de := r("a", "Deutsch", "de", false, false)
	enB := r("b", "English", "en", true, true)
	deB := r("b", "German", "de", false, false)
	frC := r("c", "French", "fr", false, false)
	esC := r("c", "Español", "es", false, false)
	all := []*AudioRendition{en, fr, de, enB, deB, frC, esC}
	for _, c := range []struct {
		name  string
		group string
		like  *AudioRendition
		want  *AudioRendition
	}{
		{"DEFAULT=YES first", "a", nil, fr},
		{"AUTOSELECT when no DEFAULT", "c", nil, frC},
		{"same NAME kept across groups", "b", en, enB},
		{"same LANGUAGE when no NAME", "b", de, deB},
		{"same LANGUAGE other name", "c", fr, frC},
		{"DEFAULT when the group lacks the audio", "b", esC, enB},
		{"unknown group", "x", nil, nil},
	} {
		if got := pickInGroup(all, c.group, c.like); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
	for i, a := range all {
		a.Index = i
		a.Media = &MediaPlaylist{}
	}
	if got := audioAlternatives(all, en); len(got) != 1 || got[0] != enB {
		t.Errorf("alternatives of a/English: %v, want [b/English]", got)
	}
	if got := audioAlternatives(all, de); len(got) != 1 || got[0] != deB {
		t.Errorf("alternatives of a/Deutsch: %v, want [b/German] (same language)", got)
	}
	enB.Media = nil // not loaded: not an alternative
	if got := audioAlternatives(all, en); len(got) != 0 {
		t.Errorf("alternatives with the copy unloaded: %v", got)
	}
}

func TestParseAudioRenditions(t *testing.T) {
	base, _ := url.Parse("http://h/x/master.m3u8")
	line := func(i int) string {
		return fmt.Sprintf("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"g%d\",NAME=\"n, %d\",LANGUAGE=\"en\",DEFAULT=YES,URI=\"a%d.m3u8\"\n", i, i, i)
	}
	text := "#EXTM3U\n" + line(0) +
		"#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"muxed\",NAME=\"in the variant\"\n" +
		"#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID=\"s\",NAME=\"subs\",URI=\"s.m3u8\"\n" +
		"#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"b\",NAME=\"esc\x1b[2J\",AUTOSELECT=YES,URI=\"/abs/b.m3u8\"\n"
	got, err := parseAudioRenditions([]byte(text), base)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("%d renditions, want 2 (no URI and subtitles left out)", len(got))
	}
	if a := got[0]; a.Group != "g0" || a.Name != "n, 0" || a.Language != "en" || !a.Default || a.URI != "http://h/x/a0.m3u8" {
		t.Errorf("first: %+v", a)
	}
	if a := got[1]; a.Index != 1 || a.Name != "esc[2J" || !a.Autoselect || a.Default || a.URI != "http://h/abs/b.m3u8" {
		t.Errorf("second: %+v (control characters dropped)", a)
	}
	for _, bad := range []string{"file:///etc/passwd", "data:,x", "javascript:x"} {
		_, err := parseAudioRenditions([]byte("#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"a\",NAME=\"x\",URI=\""+bad+"\"\n"), base)
		if !errors.Is(err, ErrUnsupportedScheme) {
			t.Errorf("%s: %v, want ErrUnsupportedScheme", bad, err)
		}
	}
	// The limit: MaxAudioRenditions load, one more does not.
	var b strings.Builder
	b.WriteString("#EXTM3U\n")
	for i := range MaxAudioRenditions {
		b.WriteString(line(i))
	}
	if got, err := parseAudioRenditions([]byte(b.String()), base); err != nil || len(got) != MaxAudioRenditions {
		t.Fatalf("at the limit: %d, %v", len(got), err)
	}
	b.WriteString(line(MaxAudioRenditions))
	if _, err := parseAudioRenditions([]byte(b.String()), base); !errors.Is(err, ErrLimit) {
		t.Fatalf("over the limit: %v, want ErrLimit", err)
	}
}

// demuxedOrigin is a master with two 2 s video renditions (4 segments)
// and English audio in 3 s segments (3, 3, 2) in group "main" and, with
// backup, the same in group "backup".
func demuxedOrigin(t *testing.T, backup bool) *origin {
	fs := files{}
	master := "#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"main\",NAME=\"English\",LANGUAGE=\"en\",DEFAULT=YES,URI=\"main/a.m3u8\"\n"
	if backup {
		master += "#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"backup\",NAME=\"English\",LANGUAGE=\"en\",DEFAULT=YES,URI=\"backup/a.m3u8\"\n"
	}
	for _, v := range []string{"lo", "hi"} {
		bw := map[string]int{"lo": 300000, "hi": 900000}[v]
		master += fmt.Sprintf("#EXT-X-STREAM-INF:BANDWIDTH=%d,CODECS=\"avc1.64001e,mp4a.40.2\",AUDIO=\"main\"\n%s/v.m3u8\n", bw, v)
		pl := "#EXTM3U\n#EXT-X-TARGETDURATION:2\n"
		for i := range 4 {
			pl += fmt.Sprintf("#EXTINF:2.0,\ns%d.ts\n", i)
			fs[fmt.Sprintf("/%s/s%d.ts", v, i)] = fmt.Sprintf("%s video %d", v, i)
		}
		fs["/"+v+"/v.m3u8"] = pl + "#EXT-X-ENDLIST\n"
	}
	for _, g := range []string{"main", "backup"} {
		pl := "#EXTM3U\n#EXT-X-TARGETDURATION:3\n"
		for i, d := range []string{"3.0", "3.0", "2.0"} {
			pl += fmt.Sprintf("#EXTINF:%s,\na%d.ts\n", d, i)
			fs[fmt.Sprintf("/%s/a%d.ts", g, i)] = fmt.Sprintf("%s audio %d", g, i)
		}
		fs["/"+g+"/a.m3u8"] = pl + "#EXT-X-ENDLIST\n"
	}
	fs["/master.m3u8"] = master
	return newOrigin(t, fs)
}

// audioRecorder is a recorder that also keeps the audio recoveries.
type audioRecorder struct {
	recorder
	amu       sync.Mutex
	failovers []string // "seg/audioSeg from→to"
	skipped   []string // "seg/audioSeg label"
}

func (r *audioRecorder) AudioFailover(seg int, from, to *AudioRendition, audioSeg int, err error) {
	r.amu.Lock()
	defer r.amu.Unlock()
	r.failovers = append(r.failovers, fmt.Sprintf("%d/%d %s→%s", seg, audioSeg, from.Label(), to.Label()))
}

func (r *audioRecorder) AudioSkipped(seg int, a *AudioRendition, audioSeg int, start, dur time.Duration, err error) {
	r.amu.Lock()
	defer r.amu.Unlock()
	r.skipped = append(r.skipped, fmt.Sprintf("%d/%d %s %v+%v", seg, audioSeg, a.Label(), start, dur))
}

// playAll opens o's master, runs a controller pinned to variant pin and
// returns every segment.
func playAll(t *testing.T, o *origin, pin int, obs Observer) ([]*media.Segment, *Presentation, *Controller) {
	t.Helper()
	return playURL(t, o.url("/master.m3u8"), pin, Config{Observer: obs})
}

// playURL plays the master at url with cfg (pinned unless pin < 0).
func playURL(t *testing.T, url string, pin int, cfg Config) ([]*media.Segment, *Presentation, *Controller) {
	t.Helper()
	ctx := testContext(t)
	f := testFetcher()
	p, err := Open(ctx, f, url)
	if err != nil {
		t.Fatal(err)
	}
	cfg.Logger = slog.New(slog.DiscardHandler)
	c := NewController(p, f, cfg)
	c.Pin(pin)
	runErr := make(chan error, 1)
	go func() { runErr <- c.Run(ctx) }()
	var segs []*media.Segment
	for {
		s, err := c.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		segs = append(segs, s)
	}
	if err := <-runErr; err != nil {
		t.Fatal(err)
	}
	return segs, p, c
}

// parts describes a segment's audio parts as "index:data" (data "-" when lost).
func parts(s *media.Segment) string {
	var out []string
	for _, p := range s.Audio {
		d := string(p.Data)
		if p.Data == nil {
			d = "-"
		}
		out = append(out, fmt.Sprintf("%d:%s@%v+%v", p.Index, d, p.Start, p.Duration))
	}
	return strings.Join(out, " ")
}

// TestSeparateAudioSegments: each video segment comes with the audio
// segments overlapping it (3 s audio over 2 s video: a part straddling two
// video segments is downloaded once), and audio bytes count in the samples.
func TestSeparateAudioSegments(t *testing.T) {
	o := demuxedOrigin(t, true)
	var rec audioRecorder
	segs, p, c := playAll(t, o, 1, &rec)
	if len(p.Audio) != 2 || p.Variants[0].Audio != p.Audio[0] || p.Variants[1].Audio != p.Audio[0] || p.Audio[1].Media == nil {
		t.Fatalf("audio renditions %v, variants play %v %v; want main, backup loaded", p.Audio, p.Variants[0].Audio, p.Variants[1].Audio)
	}
	want := []string{
		"0:main audio 0@0s+3s",
		"0:main audio 0@0s+3s 1:main audio 1@3s+3s",
		"1:main audio 1@3s+3s",
		"2:main audio 2@6s+2s",
	}
	for i, s := range segs {
		if !s.SeparateAudio || parts(s) != want[i] {
			t.Errorf("segment %d: separate %v, parts %q, want %q", i, s.SeparateAudio, parts(s), want[i])
		}
	}
	for i := range 3 {
		if n := o.hitCount(fmt.Sprintf("/main/a%d.ts", i)); n != 1 {
			t.Errorf("audio segment %d fetched %d times, want once", i, n)
		}
	}
	if n := o.hitCount("/backup/a0.ts"); n != 0 {
		t.Errorf("backup fetched %d times without a failure", n)
	}
	samples := c.Samples()
	if len(samples) != 4 || samples[0].Bytes != int64(len("hi video 0")+len("main audio 0")) ||
		samples[1].Bytes != int64(len("hi video 1")+len("main audio 1")) {
		t.Errorf("samples %+v: want video + newly fetched audio bytes", samples)
	}
	if len(rec.failovers)+len(rec.skipped) != 0 {
		t.Errorf("recoveries without a fault: %v %v", rec.failovers, rec.skipped)
	}
}
