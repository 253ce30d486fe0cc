package e2e

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"smartplay/assets"
	"smartplay/assets/assetstest"
	"smartplay/assets/traces"
	"smartplay/player/events"
	"smartplay/player/netem"
	"smartplay/player/session"
)

// enduranceEnv opts in to the endurance session and sets its length (a Go
// duration: SMARTPLAY_ENDURANCE=1h). enduranceOutEnv names a CSV file for
// the per-minute figures (docs/RELIABILITY.md shows a run's).
const (
	enduranceEnv    = "SMARTPLAY_ENDURANCE"
	enduranceOutEnv = "SMARTPLAY_ENDURANCE_OUT"
)

// enduranceSource is the ladder looped into the long stream: the 120 s
// built-in one, whose segments are listed again and again (with a
// discontinuity at each loop) so that an hour needs no hour of encoding.
var enduranceSource = assets.Options{Duration: 120 * time.Second, Format: assets.TS}

// enduranceFaults: every kind of segment fault, drawn rarely, over the
// whole session, plus a 20 s outage at 20 minutes (the buffer covers most
// of it). Playlists are loaded once (VOD), so playlist-404 would only
// break the start.
const enduranceFaults = "500:p=0.02, ttfb=2s:p=0.02, reset@50%:p=0.01, truncate@60%:p=0.01, corrupt:p=0.01, stall=3s:p=0.01, outage=20s@t=20m"

// sampleEvery is how often the endurance run records memory and goroutines.
const sampleEvery = time.Minute

// Flatness bounds judged on the endurance figures (after warmupSamples,
// when the buffers and pools have filled): goroutines never more than
// goroutineSlack above the warm level, resident memory at the end at most
// rssGrowthMax of the warm level plus rssSlackBytes.
const (
	warmupSamples  = 3
	goroutineSlack = 20
	rssGrowthMax   = 1.5
	rssSlackBytes  = 64 << 20
)

// loopLadder writes into a new directory a master playlist and media
// playlists that list src's segments loops times over (symlinks to src's
// files), a discontinuity at each new loop.
func loopLadder(t *testing.T, src string, loops int) string {
	t.Helper()
	dst := t.TempDir()
	master, err := os.ReadFile(filepath.Join(src, "master.m3u8"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dst, "master.m3u8"), master, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(master), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		rung := filepath.Dir(line)
		body, err := os.ReadFile(filepath.Join(src, line))
		if err != nil {
			t.Fatal(err)
		}
		var head, segs []string
		for _, l := range strings.Split(string(body), "\n") {
			switch {
			case strings.HasPrefix(l, "#EXT-X-ENDLIST"), l == "":
			case strings.HasPrefix(l, "#EXTINF"), !strings.HasPrefix(l, "#"):
				segs = append(segs, l)
			default:
				head = append(head, l)
			}
		}
		out := append([]string{}, head...)
		for i := range loops {
			if i > 0 {
				out = append(out, "#EXT-X-DISCONTINUITY")
			}
			out = append(out, segs...)
		}
		out = append(out, "#EXT-X-ENDLIST", "")
		if err := os.MkdirAll(filepath.Join(dst, rung), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, line), []byte(strings.Join(out, "\n")), 0o644); err != nil {
			t.Fatal(err)
		}
		ents, err := os.ReadDir(filepath.Join(src, rung))
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range ents {
			if strings.HasSuffix(e.Name(), ".m3u8") {
				continue
			}
			if err := os.Symlink(filepath.Join(src, rung, e.Name()), filepath.Join(dst, rung, e.Name())); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dst
}

// procSample is one row of the endurance figures.
type procSample struct {
	Elapsed    time.Duration
	RSS        int64 // bytes, VmRSS
	Heap       uint64
	Goroutines int
	FDs        int
	Media      float64 // seconds played (last playhead event)
}

// rssBytes reads this process's resident set from /proc.
func rssBytes() int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return -1
}

// openFDs counts this process's open file descriptors.
func openFDs() int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		return -1
	}
	return len(ents)
}

func sampleProc(start time.Time, media float64) procSample {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return procSample{Elapsed: time.Since(start), RSS: rssBytes(), Heap: ms.HeapAlloc,
		Goroutines: runtime.NumGoroutine(), FDs: openFDs(), Media: media}
}

// mediaWriter tracks the last media time in the event log it is given.
type mediaWriter struct {
	buf   bytes.Buffer
	media chan float64
}

func (w *mediaWriter) Write(p []byte) (int, error) {
	w.buf.Write(p)
	for {
		line, err := w.buf.ReadBytes('\n')
		if err != nil {
			w.buf.Write(line) // an incomplete line waits for the rest
			return len(p), nil
		}
		if evs, err := events.Read(bytes.NewReader(line)); err == nil && len(evs) == 1 && evs[0].Media > 0 {
			select {
			case <-w.media:
			default:
			}
			w.media <- evs[0].Media
		}
	}
}

// TestEndurance plays a long stream (SMARTPLAY_ENDURANCE, e.g. 1h) headless
// in real time through the emulated origin on the 3G bus trace with rare
// faults of every kind, in this process, recording resident memory, heap,
// goroutines and open files every minute; they must stay flat. Opt-in:
//
//	SMARTPLAY_ENDURANCE=1h SMARTPLAY_ENDURANCE_OUT=endurance.csv \
//	  nice -n 10 go test ./e2e -run TestEndurance -v -timeout 2h
func TestEndurance(t *testing.T) {
	length, err := time.ParseDuration(os.Getenv(enduranceEnv))
	if err != nil || length <= 0 {
		t.Skipf("set %s=1h (a duration) to run the endurance session", enduranceEnv)
	}
	loops := int((length+enduranceSource.Duration-1)/enduranceSource.Duration) + 1
	dir := loopLadder(t, assetstest.Dir(t, enduranceSource), loops)
	data, err := traces.Read("hsdpa-bus")
	if err != nil {
		t.Fatal(err)
	}
	tr, err := netem.ParseTrace("hsdpa-bus", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	faults, err := netem.ParseFaults(enduranceFaults)
	if err != nil {
		t.Fatal(err)
	}
	srv, err := netem.Start(context.Background(), netem.Config{Dir: dir, Trace: tr, RTT: 80 * time.Millisecond, Faults: faults, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()

	var out *os.File
	if p := os.Getenv(enduranceOutEnv); p != "" {
		if out, err = os.Create(p); err != nil {
			t.Fatal(err)
		}
		defer out.Close()
		fmt.Fprintln(out, "minute,media_s,rss_mb,heap_mb,goroutines,fds")
	}
	evPath := filepath.Join(t.TempDir(), "ev.jsonl")
	evFile, err := os.Create(evPath)
	if err != nil {
		t.Fatal(err)
	}
	defer evFile.Close()
	mw := &mediaWriter{media: make(chan float64, 1)}
	start := time.Now()
	var samples []procSample
	record := func(media float64) {
		s := sampleProc(start, media)
		samples = append(samples, s)
		row := fmt.Sprintf("%.0f,%.0f,%.1f,%.1f,%d,%d", s.Elapsed.Minutes(), s.Media, float64(s.RSS)/(1<<20),
			float64(s.Heap)/(1<<20), s.Goroutines, s.FDs)
		t.Log(row)
		if out != nil {
			fmt.Fprintln(out, row)
		}
	}
	record(0)

	ctx, cancel := context.WithTimeout(context.Background(), length+10*time.Minute)
	defer cancel()
	sess, err := session.Open(ctx, session.Config{Input: srv.URL(), Headless: true, Events: multiWriter{evFile, mw}})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- sess.Run(ctx) }()
	tick := time.NewTicker(sampleEvery)
	defer tick.Stop()
	media := 0.0
	var runErr error
loop:
	for {
		select {
		case m := <-mw.media:
			media = m
		case <-tick.C:
			record(media)
			if time.Since(start) >= length {
				sess.Quit()
				runErr = <-done
				break loop
			}
		case runErr = <-done:
			break loop
		}
	}
	cancel()
	record(media)
	if runErr != nil {
		t.Fatalf("the session failed after %v: %v", time.Since(start).Round(time.Second), runErr)
	}
	evFile.Close()
	counts := map[events.Type]int{}
	if f, err := os.Open(evPath); err == nil {
		if evs, err := events.Read(f); err == nil {
			for _, e := range evs {
				counts[e.Type]++
			}
		}
		f.Close()
	}
	t.Logf("events: %v", counts)
	checkFlat(t, samples)
}

// checkFlat fails when goroutines or resident memory grow past the
// flatness bounds after the warm-up.
func checkFlat(t *testing.T, samples []procSample) {
	t.Helper()
	if len(samples) <= warmupSamples+1 {
		return
	}
	warm := samples[warmupSamples]
	for _, s := range samples[warmupSamples+1 : len(samples)-1] {
		if s.Goroutines > warm.Goroutines+goroutineSlack {
			t.Errorf("%v: %d goroutines, %d at %v", s.Elapsed.Round(time.Second), s.Goroutines, warm.Goroutines, warm.Elapsed.Round(time.Second))
		}
	}
	last := samples[len(samples)-2] // the last one before the session ended
	if bound := int64(float64(warm.RSS)*rssGrowthMax) + rssSlackBytes; last.RSS > bound {
		t.Errorf("resident memory %d MB at %v, %d MB at %v", last.RSS>>20, last.Elapsed.Round(time.Second), warm.RSS>>20, warm.Elapsed.Round(time.Second))
	}
}

// multiWriter writes to each writer in turn (the event log's file and the
// media tracker), ignoring the tracker's result.
type multiWriter struct {
	f  *os.File
	mw *mediaWriter
}

func (m multiWriter) Write(p []byte) (int, error) {
	m.mw.Write(p)
	return m.f.Write(p)
}
