package e2e

import (
	"bufio"
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"smartplay/assets"
	"smartplay/assets/assetstest"
	"smartplay/player/events"
	"smartplay/player/netem"
)

// shortLadder is the 30 s built-in ladder (three 10 s segments a rung).
var shortLadder = assets.Options{Duration: 30 * time.Second, Format: assets.TS}

// startServe runs `smartplay serve args...` and returns the URL it prints
// and a function that stops it with SIGINT (like Ctrl-C) and returns its
// exit status and stderr.
func startServe(t *testing.T, args ...string) (string, func() (int, string)) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	cmd := exec.CommandContext(ctx, filepath.Join(binDir, "smartplay"), append([]string{"serve"}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := false
	stop := func() (int, string) {
		if stopped {
			return -1, stderr.String()
		}
		stopped = true
		defer cancel()
		cmd.Process.Signal(syscall.SIGINT)
		err := cmd.Wait()
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode(), stderr.String()
		}
		return 0, stderr.String()
	}
	t.Cleanup(func() { stop() })
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		for sc.Scan() { // keep draining
		}
	}()
	select {
	case url, ok := <-lines:
		if !ok || !strings.HasPrefix(url, "http://127.0.0.1:") {
			_, errs := stop()
			t.Fatalf("serve printed %q; stderr:\n%s", url, errs)
		}
		return url, stop
	case <-time.After(2 * time.Minute):
		_, errs := stop()
		t.Fatalf("serve printed no URL within 2 minutes; stderr:\n%s", errs)
	}
	return "", nil
}

// TestServePrintsAURLThatProbeAndPlayAccept: `smartplay serve DIR` with a
// trace file prints a URL; probe and a headless play accept it, through
// sessions of their own; Ctrl-C stops the server with status 0.
func TestServePrintsAURLThatProbeAndPlayAccept(t *testing.T) {
	dir := assetstest.Dir(t, shortLadder)
	trace := filepath.Join(t.TempDir(), "fast.log")
	os.WriteFile(trace, []byte("0.0\t0\n1.0\t40\n2.0\t60\n"), 0o644) // Pensieve: 40 then 60 Mbit/s
	url, stop := startServe(t, "--trace", trace, "--rtt", "20ms", "--faults", "500@seg=1:n=1", "--seed", "3", dir)
	if !strings.HasSuffix(url, "/master.m3u8") {
		t.Errorf("URL %q does not name the master playlist", url)
	}

	r := smartplay(t, time.Minute, nil, "probe", url)
	if r.code != 0 || !strings.Contains(r.stdout, "6 rendition(s)") || !strings.Contains(r.stdout, "/s/") {
		t.Fatalf("probe: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}

	ev := filepath.Join(t.TempDir(), "ev.jsonl")
	r = smartplay(t, 2*time.Minute, nil, "--headless", "--speed", "max", "--events", ev, url)
	if r.code != 0 {
		t.Fatalf("play: exit %d\n%s", r.code, r.stderr)
	}
	evs := readEvents(t, ev)
	if end := lastOf(evs, events.SessionEnd); end == nil || end.Reason != "ended" {
		t.Fatalf("session_end %+v, want ended", end)
	}
	// The fault struck once (a retry), the session had its own link.
	if lastOf(evs, events.Retry) == nil {
		t.Error("no retry event: the injected 500 on segment 1 went unseen")
	}
	if d := lastOf(evs, events.SegmentDownloaded); d == nil || !strings.Contains(d.URI, "/s/") {
		t.Errorf("last download %+v is not under a session path", d)
	}

	code, stderr := stop()
	if code != 0 || !strings.Contains(stderr, "serving "+dir) || !strings.Contains(stderr, `msg="netem: injected fault" session=2 path=`) {
		t.Errorf("serve after SIGINT: exit %d, stderr:\n%s", code, stderr)
	}
}

// Bad traces, fault specs, directories and flag mixes are one clear line
// and exit status 1.
func TestServeBadInputsAreOneClearLine(t *testing.T) {
	tmp := t.TempDir()
	badTrace := filepath.Join(tmp, "bad.log")
	os.WriteFile(badTrace, []byte("0.0 1.0\n1.0 fast\n"), 0o644)
	empty := filepath.Join(tmp, "empty")
	os.Mkdir(empty, 0o755)
	for _, c := range []struct {
		name string
		args []string
		want string
	}{
		{"bad trace file", []string{"serve", "--trace", badTrace, empty}, `bad.log line 2: "fast" is not a rate`},
		{"missing trace file", []string{"serve", "--trace", filepath.Join(tmp, "nope.log"), empty}, "nope.log: no such file"},
		{"unknown trace name", []string{"serve", "--trace", "wifi", empty}, "no such built-in trace \"wifi\" (built-in: fcc-broadband, hsdpa-bus"},
		{"bad fault", []string{"serve", "--faults", "404@seg=3, explode", empty}, `--faults: bad fault spec "explode": unknown fault`},
		{"bad fault condition", []string{"serve", "--faults", "reset@150%", empty}, "position 150%"},
		{"bad rtt", []string{"serve", "--rtt", "-5ms", empty}, "--rtt -5ms"},
		{"no playlist", []string{"serve", empty}, "no master.m3u8"},
		{"no directory", []string{"serve", filepath.Join(tmp, "nodir")}, "nodir"},
		{"play: bad fault", []string{"--headless", "--faults", "stall=forever"}, "--faults"},
		{"play: trace with a URL", []string{"--headless", "--trace", "hsdpa-bus", "http://127.0.0.1:1/x.m3u8"}, "shape the built-in stream"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := smartplay(t, time.Minute, nil, c.args...)
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if r.code != 1 || len(lines) != 1 || !strings.HasPrefix(lines[0], "smartplay: ") || !strings.Contains(lines[0], c.want) {
				t.Errorf("exit %d, stderr:\n%s\nwant exit 1 and one line containing %q", r.code, r.stderr, c.want)
			}
		})
	}
}

// The player survives every fault of the spec played through the
// emulated origin: it recovers (exit 0, the session ended) or stops with
// one clear line (exit 1) — never a hang (smartplay() fails the test on
// a timeout) or a crash. Segment numbers are those of the 30 s ladder.
func TestPlayerSurvivesEachFault(t *testing.T) {
	dir := assetstest.Dir(t, shortLadder)
	// slowest is the longest segment download in the log.
	slowest := func(evs []events.Event) (d float64) {
		for _, e := range evs {
			if e.Type == events.SegmentDownloaded {
				d = max(d, e.DownloadTime)
			}
		}
		return d
	}
	for _, c := range []struct {
		spec    string
		args    []string // extra player flags
		recover bool     // exit 0; otherwise exit 1 with want in the line
		want    string   // in the error line, or an event type seen
		check   func(t *testing.T, evs []events.Event)
	}{
		{spec: "404@seg=1", recover: true, want: string(events.SegmentSkipped)},
		{spec: "404@seg=1:rend=432p", args: []string{"--quality", "432p"}, recover: true, want: string(events.DownloadFailed)},
		{spec: "500:p=0.05", recover: true},
		{spec: "500@seg=0:n=2", recover: true, want: string(events.Retry)},
		{spec: "reset@50%", want: "segment"},
		{spec: "reset@50%@seg=1:n=1", recover: true, want: string(events.Retry)},
		{spec: "stall=8s@seg=1", recover: true, check: func(t *testing.T, evs []events.Event) {
			if d := slowest(evs); d < 8 {
				t.Errorf("slowest download %.1f s: the 8 s stall went unseen", d)
			}
		}},
		{spec: "truncate@seg=2:n=1", recover: true, want: string(events.Retry)},
		{spec: "corrupt@seg=1", recover: true},
		{spec: "ttfb=3s:p=0.1", recover: true},
		{spec: "playlist-404:for=10s", want: "HTTP 404"},
		{spec: "outage=6s@t=0.5s", recover: true, check: func(t *testing.T, evs []events.Event) {
			// Early in the session: whatever rungs the strategy picks, a
			// download (or, if the playlists were still loading, the
			// first frame) waits for the link to come back.
			first := lastOf(evs, events.FirstFrame)
			if d := slowest(evs); d < 5 && (first == nil || first.Elapsed < 6) {
				t.Errorf("slowest download %.1f s, first frame %+v: the 6 s outage went unseen", d, first)
			}
		}},
	} {
		t.Run(c.spec, func(t *testing.T) {
			t.Parallel()
			faults, err := netem.ParseFaults(c.spec)
			if err != nil {
				t.Fatal(err)
			}
			// 30 Mbit/s: the 30 s ladder takes a few seconds to download,
			// so that faults at a time since the start strike.
			link, err := netem.ConstantTrace(30)
			if err != nil {
				t.Fatal(err)
			}
			srv, err := netem.Start(context.Background(), netem.Config{Dir: dir, Trace: link, RTT: 10 * time.Millisecond,
				Faults: faults, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			defer srv.Close()
			ev := filepath.Join(t.TempDir(), "ev.jsonl")
			start := time.Now()
			args := append([]string{"--headless", "--speed", "max", "--events", ev}, c.args...)
			r := smartplay(t, 3*time.Minute, nil, append(args, srv.URL())...)
			t.Logf("exit %d after %v", r.code, time.Since(start).Round(100*time.Millisecond))
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			for _, l := range lines {
				if strings.Contains(l, "panic") || strings.Contains(l, "goroutine ") {
					t.Fatalf("stderr shows a crash:\n%s", r.stderr)
				}
			}
			if !c.recover {
				if last := lines[len(lines)-1]; r.code != 1 || !strings.HasPrefix(last, "smartplay: ") || !strings.Contains(last, c.want) {
					t.Fatalf("exit %d, stderr:\n%s\nwant exit 1 and a last line naming %q", r.code, r.stderr, c.want)
				}
				return
			}
			if r.code != 0 {
				t.Fatalf("exit %d, stderr:\n%s", r.code, r.stderr)
			}
			evs := readEvents(t, ev)
			if end := lastOf(evs, events.SessionEnd); end == nil || end.Reason != "ended" || end.Media < 29 {
				t.Fatalf("session_end %+v, want ended after 30 s", end)
			}
			if c.want != "" && lastOf(evs, events.Type(c.want)) == nil {
				t.Errorf("no %s event", c.want)
			}
			if c.check != nil {
				c.check(t, evs)
			}
		})
	}
}

func TestHelpDocumentsTheOriginFlags(t *testing.T) {
	for _, args := range [][]string{{"--help"}, {"serve", "--help"}} {
		r := smartplay(t, time.Minute, nil, args...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d", args, r.code)
		}
		for _, f := range []string{"-trace", "-rtt", "-faults", "-seed", "serve", "none", "hsdpa-bus"} {
			if !strings.Contains(r.stderr, f) {
				t.Errorf("%v does not mention %s", args, f)
			}
		}
	}
	if r := smartplay(t, time.Minute, nil, "serve", "--help"); !strings.Contains(r.stderr, "-addr") {
		t.Error("serve --help does not mention -addr")
	}
}
