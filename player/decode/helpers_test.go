package decode

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"smartplay/assets"
	"smartplay/assets/assetstest"
	"smartplay/player/media"
)

// frameDur is one frame at the ladder's 30 fps.
const frameDur = time.Second / assets.FrameRate

// videoRec is what the tests keep of a decoded frame (its planes go back
// to the pool at once).
type videoRec struct {
	pts, dur         time.Duration
	w, h             int
	variant, segment int
	number           int64
	meanY            float64
	aspect           float64
}

type audioRec struct {
	pts, end         time.Duration
	bytes            int
	variant, segment int
}

// collector is a Sink recording everything it receives.
type collector struct {
	mu    sync.Mutex
	video []videoRec
	audio []audioRec
	// badChunks counts chunks that are empty or hold a partial sample.
	badChunks int
	// onVideo, when set, runs for each frame before it is released.
	onVideo func(f *media.VideoFrame)
}

func (c *collector) Video(ctx context.Context, f *media.VideoFrame) error {
	defer f.Release()
	if c.onVideo != nil {
		c.onVideo(f)
	}
	var sum, n int
	for y := 0; y < f.Height; y += 4 {
		for x := 0; x < f.Width; x += 4 {
			sum += int(f.Y[y*f.StrideY+x])
			n++
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.video = append(c.video, videoRec{
		pts: f.PTS, dur: f.Duration, w: f.Width, h: f.Height, variant: f.Variant, segment: f.Segment,
		number: f.Number, meanY: float64(sum) / float64(max(n, 1)), aspect: f.DisplayAspect(),
	})
	return ctx.Err()
}

func (c *collector) Audio(ctx context.Context, a *media.AudioChunk) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(a.PCM)%media.AudioBytesPerFrame != 0 || len(a.PCM) == 0 {
		c.badChunks++
	}
	c.audio = append(c.audio, audioRec{pts: a.PTS, end: a.End(), bytes: len(a.PCM), variant: a.Variant, segment: a.Segment})
	return ctx.Err()
}

// audioTotal is the summed duration of all chunks.
func (c *collector) audioTotal() time.Duration {
	var n int
	for _, a := range c.audio {
		n += a.bytes
	}
	return media.AudioDuration(n)
}

// playlist is one media playlist of the test ladder.
type playlist struct {
	dir       string
	init      []byte
	durations []time.Duration
	uris      []string
}

// readPlaylist reads the few tags the generated ladder uses.
func readPlaylist(t testing.TB, path string) playlist {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p := playlist{dir: filepath.Dir(path)}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "#EXTINF:"):
			v := strings.TrimSuffix(strings.TrimPrefix(line, "#EXTINF:"), ",")
			v, _, _ = strings.Cut(v, ",")
			s, err := strconv.ParseFloat(v, 64)
			if err != nil {
				t.Fatalf("%s: %q: %v", path, line, err)
			}
			p.durations = append(p.durations, time.Duration(s*float64(time.Second)))
		case strings.HasPrefix(line, "#EXT-X-MAP:"):
			_, uri, _ := strings.Cut(line, `URI="`)
			uri, _, _ = strings.Cut(uri, `"`)
			p.init = readFile(t, filepath.Join(p.dir, uri))
		case line != "" && !strings.HasPrefix(line, "#"):
			p.uris = append(p.uris, line)
		}
	}
	if len(p.uris) == 0 || len(p.uris) != len(p.durations) {
		t.Fatalf("%s: %d segments, %d durations", path, len(p.uris), len(p.durations))
	}
	return p
}

func readFile(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// ladder returns the cached 30 s test ladder (generated on first use).
func ladder(t testing.TB, format assets.Format) string {
	t.Helper()
	return assetstest.Dir(t, assets.Options{Duration: 30 * time.Second, Format: format})
}

// rungIndex is a rendition's variant index (ascending bandwidth).
func rungIndex(t testing.TB, name string) int {
	for i, r := range assets.Ladder {
		if r.Name() == name {
			return i
		}
	}
	t.Fatalf("no rung %q", name)
	return -1
}

// segments builds the segments of a playback that takes segment i from
// rendition names[i].
func segments(t testing.TB, dir string, names ...string) []*media.Segment {
	t.Helper()
	var segs []*media.Segment
	var start time.Duration
	for i, name := range names {
		p := readPlaylist(t, filepath.Join(dir, name, "stream.m3u8"))
		if i >= len(p.uris) {
			t.Fatalf("%s has %d segments, want %d", name, len(p.uris), len(names))
		}
		segs = append(segs, &media.Segment{
			Index: i, Variant: rungIndex(t, name), Start: start, Duration: p.durations[i],
			Init: p.init, Data: readFile(t, filepath.Join(p.dir, p.uris[i])),
			Last: i == len(p.uris)-1,
		})
		start += p.durations[i]
	}
	return segs
}

// fixture runs the ffmpeg CLI once per test binary for each name and
// returns the output directory (the command writes into it; "{}" in args
// is replaced by the directory).
var (
	fixtureMu   sync.Mutex
	fixtureDirs = map[string]string{}
	fixtureRoot string
)

func fixture(t testing.TB, name string, args ...string) string {
	t.Helper()
	fixtureMu.Lock()
	defer fixtureMu.Unlock()
	if d, ok := fixtureDirs[name]; ok {
		return d
	}
	if _, err := exec.LookPath("ffmpeg"); err != nil {
		t.Skip("ffmpeg CLI not installed")
	}
	dir := filepath.Join(fixtureRoot, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	full := []string{"-hide_banner", "-nostdin", "-loglevel", "error", "-y"}
	for _, a := range args {
		full = append(full, strings.ReplaceAll(a, "{}", dir))
	}
	if out, err := exec.Command("ffmpeg", full...).CombinedOutput(); err != nil {
		t.Fatalf("ffmpeg %s: %v\n%s", strings.Join(full, " "), err, out)
	}
	fixtureDirs[name] = dir
	return dir
}

func TestMain(m *testing.M) {
	var err error
	if fixtureRoot, err = os.MkdirTemp("", "decode-fixtures-"); err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(fixtureRoot)
	os.Exit(code)
}

// lavfi inputs for small fixtures: a moving test picture and a tone.
func lavfiInputs(w, h int, secs string) []string {
	return []string{
		"-f", "lavfi", "-i", "testsrc2=s=" + strconv.Itoa(w) + "x" + strconv.Itoa(h) + ":r=30:d=" + secs,
		"-f", "lavfi", "-i", "sine=f=440:r=48000:d=" + secs,
	}
}

// within reports |a-b| <= tol.
func within(a, b, tol time.Duration) bool {
	d := a - b
	return d <= tol && d >= -tol
}
