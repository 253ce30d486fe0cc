package decode

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"smartplay/player/media"
)

// fuzzSeedDir holds FuzzSegmentDemux's committed seeds (Go's corpus
// format: the segment's bytes and where an fMP4 init section ends): tiny
// real MPEG-TS and fMP4 segments (64x36 H.264 + AAC, 0.5 s, made with the
// ffmpeg CLI), a truncated one, an init section alone and a media segment
// without its init section. go test runs them as regression cases.
var fuzzSeedDir = filepath.Join("testdata", "fuzz", "FuzzSegmentDemux")

// FuzzSegmentDemux runs arbitrary bytes down the segment path of the
// player — bytes → our AVIOContext (no protocol may open anything) →
// demuxer → decoders → sink — and then a known-good segment through the
// same Decoder. Whatever the hostile segment was, Decode returns (no
// panic, no hang) with nil or one of this package's errors, emits only
// well-formed frames and audio, and the decoder still plays the next good
// segment — every frame and (all but a packet of) the audio it yields on
// its own: a bad segment costs at most its own frames. The good segment
// starts where the bad one's timestamps stop being trusted (its end plus
// timestampSlack, plus the longest audio frame a packet starting there
// may last): within that, a bad segment's audio may still overlap the
// next segment's, which then loses that much (up to ~1.1 s;
// docs/SECURITY.md). The good segment decodes without error: what the
// decoders held over from the bad one is counted against the bad one.
func FuzzSegmentDemux(f *testing.F) {
	good := fuzzSeed(f, "ts-64x36-0.5s")
	wantFrames, wantAudio := decodeAlone(f, good)
	for _, s := range []string{
		"", "\x47", "#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n",
		"ffconcat version 1.0\nfile '/etc/passwd'\n",
		"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2",
	} {
		f.Add([]byte(s), 0)
	}
	f.Fuzz(func(t *testing.T, data []byte, split int) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		d := New(Options{Threads: 1})
		defer d.Close()
		var c collector
		hostile := media.Segment{Index: 1, Duration: 500 * time.Millisecond}
		if split > 0 && split < len(data) {
			hostile.Init, hostile.Data = data[:split], data[split:]
		} else {
			hostile.Data = data
		}
		err := d.Decode(ctx, &hostile, &c)
		known := []error{ErrEmptyInput, ErrOpenInput, ErrNoStreams, ErrUnsupportedCodec, ErrCorrupt, ErrCodec}
		if err != nil && !isOneOf(err, known) {
			t.Fatalf("hostile segment: unexpected error %v", err)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Fatalf("multi-line error %q", err)
		}
		next := media.Segment{Index: 2, Start: hostile.End() + timestampSlack + fuzzMaxAudioFrame, Duration: 500 * time.Millisecond,
			Data: good, Discontinuity: true, Last: true}
		if err := d.Decode(ctx, &next, &c); err != nil {
			t.Fatalf("good segment after a hostile one: %v", err)
		}
		if c.badChunks > 0 {
			t.Fatalf("%d malformed audio chunks", c.badChunks)
		}
		for _, v := range c.video {
			if v.w <= 0 || v.h <= 0 {
				t.Fatalf("frame %dx%d", v.w, v.h)
			}
		}
		frames, audio := c.segmentOutput(2)
		if frames < wantFrames || audio < wantAudio-fuzzAudioSlack {
			t.Fatalf("good segment after a hostile one: %d frames, %v of audio; alone: %d, %v", frames, audio, wantFrames, wantAudio)
		}
	})
}

const (
	// fuzzAudioSlack: an AAC frame (1024 samples at 48 kHz) the decoder
	// may hold over or drop at a discontinuity.
	fuzzAudioSlack = 22 * time.Millisecond
	// fuzzMaxAudioFrame: the longest AAC frame, 1024 samples at 8 kHz (a
	// mutated header can claim any rate): how far past the trusted window
	// a packet that starts inside it may reach.
	fuzzMaxAudioFrame = 128 * time.Millisecond
)

// decodeAlone decodes one segment with a fresh Decoder and returns its
// frame count and audio duration.
func decodeAlone(t testing.TB, data []byte) (int, time.Duration) {
	t.Helper()
	d := New(Options{Threads: 1})
	defer d.Close()
	var c collector
	seg := media.Segment{Index: 2, Start: 1628 * time.Millisecond, Duration: 500 * time.Millisecond, Data: data, Last: true}
	if err := d.Decode(context.Background(), &seg, &c); err != nil {
		t.Fatalf("good segment alone: %v", err)
	}
	frames, audio := c.segmentOutput(2)
	if frames == 0 || audio == 0 {
		t.Fatalf("good segment alone: %d frames, %v of audio", frames, audio)
	}
	return frames, audio
}

// segmentOutput counts the video frames and sums the audio of segment i.
func (c *collector) segmentOutput(i int) (frames int, audio time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, v := range c.video {
		if v.segment == i {
			frames++
		}
	}
	for _, a := range c.audio {
		if a.segment == i {
			audio += a.end - a.pts
		}
	}
	return frames, audio
}

// fuzzSeed reads the segment bytes of one committed seed file.
func fuzzSeed(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fuzzSeedDir, name))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitN(string(b), "\n", 3)
	if len(lines) < 3 || lines[0] != "go test fuzz v1" {
		t.Fatalf("seed %s: not a Go fuzz corpus file", name)
	}
	s, ok := strings.CutPrefix(lines[1], "[]byte(")
	s, ok2 := strings.CutSuffix(s, ")")
	if !ok || !ok2 {
		t.Fatalf("seed %s: first value is not []byte", name)
	}
	data, err := strconv.Unquote(s)
	if err != nil {
		t.Fatalf("seed %s: %v", name, err)
	}
	return []byte(data)
}

// TestSegmentCannotOpenOtherInputs: bytes that would make a demuxer open
// other inputs — an HLS playlist, an ffconcat script — naming a real,
// valid TS file on disk are refused (FFmpeg's format whitelist has no
// such demuxer and its protocol whitelist no protocol), whether they
// arrive as a segment or as a local file: FFmpeg reads only the bytes our
// AVIOContext hands it.
func TestSegmentCannotOpenOtherInputs(t *testing.T) {
	dir := t.TempDir()
	ts := filepath.Join(dir, "real.ts")
	if err := os.WriteFile(ts, fuzzSeed(t, "ts-64x36-0.5s"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, body := range map[string]string{
		"playlist.m3u8": "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:0.5,\nfile://" + ts + "\n#EXTINF:0.5,\n" + ts + "\n#EXT-X-ENDLIST\n",
		"list.ffconcat": "ffconcat version 1.0\nfile '" + ts + "'\n",
		"playlist.sdp":  "v=0\no=- 0 0 IN IP4 127.0.0.1\ns=x\nc=IN IP4 127.0.0.1\nt=0 0\nm=video 5004 RTP/AVP 96\na=rtpmap:96 H264/90000\n",
	} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		d := New(Options{Threads: 1})
		var c collector
		err := d.Decode(context.Background(), &media.Segment{Data: []byte(body), Duration: time.Second}, &c)
		d.Close()
		if !errors.Is(err, ErrOpenInput) || len(c.video)+len(c.audio) > 0 {
			t.Errorf("%s as a segment: %v, %d frames, %d audio chunks", name, err, len(c.video), len(c.audio))
		}
		var fc collector
		if _, err := DecodeFile(context.Background(), path, 0, &fc); !errors.Is(err, ErrOpenInput) || len(fc.video)+len(fc.audio) > 0 {
			t.Errorf("%s as a local file: %v, %d frames, %d audio chunks", name, err, len(fc.video), len(fc.audio))
		}
	}
}
