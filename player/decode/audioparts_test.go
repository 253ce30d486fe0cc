package decode

import (
	"context"
	"encoding/binary"
	"math"
	"path/filepath"
	"testing"
	"time"

	"smartplay/assets"
	"smartplay/assets/assetstest"
	"smartplay/player/media"
)

// pcmCollector keeps the PCM too, to check what was played where.
type pcmCollector struct {
	collector
	pcm []byte // every chunk's PCM in order (contiguous when checkAudio passes)
}

func (c *pcmCollector) Audio(ctx context.Context, a *media.AudioChunk) error {
	c.mu.Lock()
	c.pcm = append(c.pcm, a.PCM...)
	c.mu.Unlock()
	return c.collector.Audio(ctx, a)
}

// rms is the root mean square of the left channel over [from, to) of the
// collected audio (which starts at 0), full scale 1.
func (c *pcmCollector) rms(from, to time.Duration) float64 {
	a, b := int(samples(from))*media.AudioBytesPerFrame, int(samples(to))*media.AudioBytesPerFrame
	b = min(b, len(c.pcm))
	var sum float64
	n := 0
	for i := a; i+1 < b; i += media.AudioBytesPerFrame {
		v := float64(int16(binary.LittleEndian.Uint16(c.pcm[i:]))) / 32768
		sum += v * v
		n++
	}
	if n == 0 {
		return 0
	}
	return math.Sqrt(sum / float64(n))
}

// demuxedSegments builds a playback of the demuxed stream taking video
// segment i from rendition names[i] ("v180", "v360"), each with the audio
// segments of the group in dir audioDir overlapping it. lost names audio
// segments handed without data.
func demuxedSegments(t *testing.T, dir, audioDir string, names []string, lost map[int]bool) []*media.Segment {
	t.Helper()
	ap := readPlaylist(t, filepath.Join(dir, audioDir, "stream.m3u8"))
	var segs []*media.Segment
	var start time.Duration
	for i, name := range names {
		vp := readPlaylist(t, filepath.Join(dir, name, "stream.m3u8"))
		s := &media.Segment{Index: i, Variant: map[string]int{"v180": 0, "v360": 1}[name], Start: start,
			Duration: vp.durations[i], Init: vp.init, Data: readFile(t, filepath.Join(vp.dir, vp.uris[i])),
			Last: i == len(vp.uris)-1, SeparateAudio: true}
		var astart time.Duration
		for k, d := range ap.durations {
			if astart < s.End() && astart+d > s.Start {
				p := media.AudioPart{Index: k, Start: astart, Duration: d, Init: ap.init}
				if !lost[k] {
					p.Data = readFile(t, filepath.Join(ap.dir, ap.uris[k]))
				}
				s.Audio = append(s.Audio, p)
			}
			astart += d
		}
		segs = append(segs, s)
		start += s.Duration
	}
	return segs
}

// checkBeeps asserts the tone's 1 kHz beep (0.1 s at each whole second)
// is where it belongs on the timeline: loud at k s, quiet between. An
// audio part played twice, dropped or misplaced moves the beeps.
func checkBeeps(t *testing.T, c *pcmCollector, total time.Duration, silent func(at time.Duration) bool) {
	t.Helper()
	const edge = 30 * time.Millisecond // AAC priming and frame rounding
	for k := time.Duration(0); k < total/time.Second; k++ {
		at := k * time.Second
		if silent != nil && silent(at) {
			continue
		}
		if got := c.rms(at+edge, at+100*time.Millisecond-edge); got < 0.3 {
			t.Errorf("no beep at %v (rms %.3f)", at, got)
		}
		if got := c.rms(at+200*time.Millisecond, at+900*time.Millisecond); got < 0.05 || got > 0.2 {
			t.Errorf("tone at %v+0.2 s has rms %.3f, want the quiet tone (~0.106)", at, got)
		}
	}
}

// decodeDemuxed decodes segs in order with one fresh decoder and returns
// what came out.
func decodeDemuxed(t *testing.T, segs []*media.Segment) *pcmCollector {
	t.Helper()
	d := New(Options{})
	defer d.Close()
	var c pcmCollector
	for _, s := range segs {
		if err := d.Decode(context.Background(), s, &c); err != nil {
			t.Fatalf("segment %d: %v", s.Index, err)
		}
	}
	return &c
}

// TestSeparateAudio: video segments of alternating renditions (a switch
// at every boundary) with the audio from a separate rendition whose 3 s
// segments straddle the 2 s video ones. The audio must come out gapless
// from 0 to the end, exactly once (its length), and in place (the beeps).
func TestSeparateAudio(t *testing.T) {
	for _, format := range []assets.Format{assets.TS, assets.FMP4} {
		t.Run(string(format), func(t *testing.T) {
			dir := assetstest.Demuxed(t, format)
			segs := demuxedSegments(t, dir, assets.DemuxedMainDir, []string{"v180", "v360", "v180", "v360"}, nil)
			d := New(Options{})
			defer d.Close()
			var c pcmCollector
			for _, s := range segs {
				if err := d.Decode(context.Background(), s, &c); err != nil {
					t.Fatalf("segment %d: %v", s.Index, err)
				}
				if !d.Info().HasAudio || d.Info().AudioCodec != "aac" {
					t.Errorf("segment %d: info %+v, want aac audio", s.Index, d.Info())
				}
			}
			total := segs[len(segs)-1].End()
			checkVideo(t, c.video, total, segs, []rendition{{320, 180, 0}, {640, 360, 1}, {320, 180, 0}, {640, 360, 1}})
			checkAudio(t, &c.collector, total)
			checkBeeps(t, &c, total, nil)
			for _, a := range c.audio { // each chunk is told the segment it plays with
				if a.pts >= segs[a.segment].End() || a.end <= segs[a.segment].Start-time.Millisecond {
					t.Errorf("chunk %v–%v labelled segment %d", a.pts, a.end, a.segment)
				}
			}
		})
	}
}

// TestSeparateAudioLost: an audio part lost on every alternative (no
// data) plays as silence over its span; the audio stays continuous and
// the rest of it in place.
func TestSeparateAudioLost(t *testing.T) {
	dir := assetstest.Demuxed(t, assets.TS)
	segs := demuxedSegments(t, dir, assets.DemuxedMainDir, []string{"v180", "v180", "v180", "v180"}, map[int]bool{1: true})
	lostFrom, lostTo := segs[1].Audio[len(segs[1].Audio)-1].Start, segs[1].Audio[len(segs[1].Audio)-1].End()
	c := decodeDemuxed(t, segs)
	total := segs[len(segs)-1].End()
	checkAudio(t, &c.collector, total)
	if got := c.rms(lostFrom+time.Millisecond, lostTo-time.Millisecond); got != 0 {
		t.Errorf("lost span %v–%v has rms %.3f, want silence", lostFrom, lostTo, got)
	}
	inLost := func(at time.Duration) bool { return at+time.Second > lostFrom && at < lostTo }
	checkBeeps(t, c, total, inLost)
}

// TestSeparateAudioIgnoresMuxed: a video segment that carries muxed audio
// plays the separate rendition's instead (here: none, all lost: silence,
// where the muxed ladder has its tone).
func TestSeparateAudioIgnoresMuxed(t *testing.T) {
	segs := segments(t, ladder(t, assets.TS), "180p")
	s := segs[0]
	s.SeparateAudio = true
	s.Audio = []media.AudioPart{{Index: 0, Start: 0, Duration: s.Duration}}
	d := New(Options{})
	defer d.Close()
	var c pcmCollector
	if err := d.Decode(context.Background(), s, &c); err != nil {
		t.Fatal(err)
	}
	checkAudio(t, &c.collector, s.End())
	if got := c.rms(0, s.End()); got != 0 {
		t.Errorf("rms %.3f, want silence (the muxed tone ignored)", got)
	}
}

// TestSeparateAudioADTS: raw ADTS audio segments (no container
// timestamps) play at their playlist time, gapless and in place; with the
// ID3 PRIV timestamp of HLS packed audio, at that time even when the
// playlist's times are off (by 200 ms here).
func TestSeparateAudioADTS(t *testing.T) {
	for _, withID3 := range []bool{false, true} {
		name := "playlist time"
		if withID3 {
			name = "ID3 timestamp"
		}
		t.Run(name, func(t *testing.T) { testSeparateAudioADTS(t, withID3) })
	}
}

// demuxedFirstPTS is the first timestamp of the demuxed TS fixture's
// streams (FFmpeg's MPEG-TS muxer starts at 1.4 s), in 90 kHz ticks.
const demuxedFirstPTS = 126000

func testSeparateAudioADTS(t *testing.T, withID3 bool) {
	dir := assetstest.Demuxed(t, assets.TS)
	adts := fixture(t, "adts", "-f", "lavfi", "-i",
		`aevalsrc=0.15*sin(2*PI*330*t)+if(lt(mod(t\,1)\,0.1)\,0.5*sin(2*PI*1000*t)\,0):s=48000:c=stereo:d=8`,
		"-c:a", "aac", "-b:a", "64k", "-f", "segment", "-segment_time", "3", "-segment_format", "adts",
		"-segment_list", "{}/stream.m3u8", "-segment_list_type", "m3u8", "{}/seg_%03d.aac")
	segs := demuxedSegments(t, dir, assets.DemuxedMainDir, []string{"v180", "v360", "v180", "v360"}, nil)
	ap := readPlaylist(t, filepath.Join(adts, "stream.m3u8"))
	for _, s := range segs { // the same layout (3 s parts), ADTS bytes
		for k := range s.Audio {
			p := &s.Audio[k]
			p.Data = readFile(t, filepath.Join(adts, ap.uris[p.Index]))
			if withID3 {
				ts := demuxedFirstPTS + uint64(samples(p.Start))*90000/media.AudioRate
				p.Data = append(id3Tag(4, 0, nil, priv(string(transportStreamTimestampOwner[:len(transportStreamTimestampOwner)-1]), ts)), p.Data...)
				if p.Index > 0 {
					p.Start += 200 * time.Millisecond // a playlist that is wrong
				}
			}
		}
	}
	c := decodeDemuxed(t, segs)
	total := segs[len(segs)-1].End()
	checkAudio(t, &c.collector, total)
	checkBeeps(t, c, total, nil)
}

// TestSeparateAudioAfterSeek: after Reset, decoding from the middle of a
// segment (SkipBefore) starts the audio exactly there, gapless to the
// end, beeps in place.
func TestSeparateAudioAfterSeek(t *testing.T) {
	dir := assetstest.Demuxed(t, assets.FMP4)
	segs := demuxedSegments(t, dir, assets.DemuxedMainDir, []string{"v180", "v180", "v360", "v360"}, nil)
	d := New(Options{})
	defer d.Close()
	var before pcmCollector
	if err := d.Decode(context.Background(), segs[0], &before); err != nil {
		t.Fatal(err)
	}
	d.Reset()
	const at = 4500 * time.Millisecond // inside segment 2 and audio part 1
	segs[2].SkipBefore = at
	var c pcmCollector
	for _, s := range segs[2:] {
		if err := d.Decode(context.Background(), s, &c); err != nil {
			t.Fatalf("segment %d: %v", s.Index, err)
		}
	}
	if len(c.audio) == 0 || !within(c.audio[0].pts, at, time.Millisecond) {
		t.Fatalf("audio after the seek starts at %v, want %v", c.audio, at)
	}
	for i := 1; i < len(c.audio); i++ {
		if !within(c.audio[i].pts, c.audio[i-1].end, time.Millisecond) {
			t.Fatalf("chunk %d at %v, previous ended at %v", i, c.audio[i].pts, c.audio[i-1].end)
		}
	}
	total := segs[3].End()
	if end := c.audio[len(c.audio)-1].end; !within(end, total, 1024*time.Second/48000) {
		t.Errorf("audio ends at %v, want %v", end, total)
	}
	// The collected PCM starts at the seek point: shift the beep check.
	const beep = 5 * time.Second
	if got := c.rms(beep-at+30*time.Millisecond, beep-at+70*time.Millisecond); got < 0.3 {
		t.Errorf("no beep at %v after the seek (rms %.3f)", beep, got)
	}
	if got := c.rms(beep-at-400*time.Millisecond, beep-at-100*time.Millisecond); got > 0.2 {
		t.Errorf("beep-level audio before %v (rms %.3f)", beep, got)
	}
}
