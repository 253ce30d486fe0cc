package e2e

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"smartplay/assets"
	"smartplay/assets/assetstest"
	"smartplay/player/events"
	"smartplay/player/netem"
	"smartplay/player/session"
)

// matrixTableEnv names a file the fault matrix writes its outcome table
// to (Markdown rows, as in docs/RELIABILITY.md).
const matrixTableEnv = "SMARTPLAY_FAULT_TABLE"

// matrixLadder: two 10 s segments a rung, short enough for 40 sessions
// at --speed max, long enough for a fault on the second segment.
const matrixLadder = 20 * time.Second

// Bounds of the matrix.
const (
	// matrixSessionTimeout: a session that has not ended by then hangs
	// (the slowest, a 3 s stall plus retries and 1080p decoding on a busy
	// machine, takes about 20 s).
	matrixSessionTimeout = 3 * time.Minute
	// matrixLinkMbps: fast enough that every rung downloads in well under
	// a segment, so that what the matrix sees is the fault's doing.
	matrixLinkMbps = 40
	// leftoverGoroutines: goroutines allowed above the count before the
	// matrix once every session and origin is closed (the runtime's and
	// the testing package's own come and go).
	leftoverGoroutines = 4
	// heapAfterBytes bounds the live heap after the matrix (and a GC): the
	// sessions' buffers and frame pools must have been released.
	heapAfterBytes = 64 << 20
	// matrixParallel: sessions at once.
	matrixParallel = 8
	// goroutineSettle: how long closed connections may take to wind down.
	goroutineSettle = 10 * time.Second
)

// matrixFault is one row of the matrix: a fault spec of docs/NETEM.md and
// what a session through it must do.
type matrixFault struct {
	kind, spec string
	// gone: the content is truly gone; the session must end with one error
	// naming want. Otherwise it plays to the end (media ≥ minMedia s) and,
	// when want is set, shows that event.
	gone     bool
	want     string
	minMedia float64
	// wantFixedOnly: only the fixed 1080p session must show want (the
	// smart one may never ask for the rendition the fault strikes).
	wantFixedOnly bool
}

// faultMatrix covers every fault kind of docs/NETEM.md.
var faultMatrix = []matrixFault{
	{kind: "HTTP status", spec: "500@seg=1:n=2", want: string(events.Retry), minMedia: 19},
	{kind: "HTTP status", spec: "404@seg=1:rend=1080p", want: string(events.DownloadFailed), wantFixedOnly: true, minMedia: 19},
	{kind: "HTTP status", spec: "404@seg=0", want: string(events.SegmentSkipped), minMedia: 19},
	{kind: "HTTP status (gone)", spec: "404", gone: true, want: "HTTP 404"},
	{kind: "reset", spec: "reset@50%@seg=1:n=1", want: string(events.Retry), minMedia: 19},
	{kind: "truncate", spec: "truncate@60%@seg=0:n=1", want: string(events.Retry), minMedia: 19},
	{kind: "stall", spec: "stall=3s@seg=1:n=1", minMedia: 19},
	// Corrupt bytes cost the frames they break: the last ones of the last
	// segment may be among them.
	{kind: "corrupt", spec: "corrupt=512", want: string(events.Notice), minMedia: 10},
	{kind: "ttfb", spec: "ttfb=1s:p=0.5", minMedia: 19}, // drawn: some requests,
	{kind: "playlist-404", spec: "playlist-404:rend=720p", want: string(events.Notice), minMedia: 19},
	{kind: "playlist-404 (gone)", spec: "playlist-404", gone: true, want: "HTTP 404"},
	{kind: "outage", spec: "outage=4s@t=1s", minMedia: 19},
}

// matrixOutcome is what one session did.
type matrixOutcome struct {
	row          matrixFault
	format, mode string
	ok           bool
	why          string // the failure, when not ok
	result       string // "played to 20.0 s" or the error line
	counts       map[events.Type]int
	wall         time.Duration
	// notices counts the recovery notices by kind (damaged segment,
	// rendition left out, start moved).
	notices map[string]int
}

// noticeKinds name the recovery notices in the table.
var noticeKinds = []struct{ has, name string }{
	{"damaged segment", "damaged segment"},
	{"left out", "rendition left out"},
	{"playback starts at", "start moved"},
}

// playMatrix runs one session and judges it.
func playMatrix(srv *netem.Server, row matrixFault, quality string) matrixOutcome {
	wantEvent := row.want != "" && (!row.wantFixedOnly || quality != "auto")
	out := matrixOutcome{row: row, counts: map[events.Type]int{}, notices: map[string]int{}}
	var buf syncBuffer
	ctx, cancel := context.WithTimeout(context.Background(), matrixSessionTimeout)
	defer cancel()
	start := time.Now()
	cfg := session.Config{Input: srv.URL(), Quality: quality, Headless: true, MaxSpeed: true, Events: &buf,
		Logger: slog.New(slog.DiscardHandler)}
	var err error
	if s, oerr := session.Open(ctx, cfg); oerr != nil {
		err = oerr
	} else {
		err = s.Run(ctx)
	}
	out.wall = time.Since(start)
	if ctx.Err() != nil {
		out.why = fmt.Sprintf("no end within %v (a hang)", matrixSessionTimeout)
		return out
	}
	evs, _ := events.Read(bytes.NewReader(buf.Bytes()))
	var end *events.Event
	for i := range evs {
		out.counts[evs[i].Type]++
		for _, k := range noticeKinds {
			if evs[i].Type == events.Notice && strings.Contains(evs[i].Message, k.has) {
				out.notices[k.name]++
			}
		}
		if evs[i].Type == events.SessionEnd {
			end = &evs[i]
		}
	}
	if err != nil {
		out.result = "error: " + err.Error()
		switch {
		case !row.gone:
			out.why = "failed: " + err.Error()
		case strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), row.want):
			out.why = fmt.Sprintf("error %q: want one line naming %q", err, row.want)
		default:
			out.ok = true
		}
		return out
	}
	if end == nil {
		out.why = "no session_end event"
		return out
	}
	out.result = fmt.Sprintf("played to %.1f s", end.Media)
	switch {
	case row.gone:
		out.why = "played although the content is gone"
	case end.Reason != "ended" || end.Media < row.minMedia:
		out.why = fmt.Sprintf("session_end %s at %.1f s, want ended after %.0f s", end.Reason, end.Media, row.minMedia)
	case wantEvent && out.counts[events.Type(row.want)] == 0:
		out.why = "no " + row.want + " event"
	default:
		out.ok = true
	}
	return out
}

// syncBuffer is a bytes.Buffer safe for the event log's writer.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) Bytes() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.b.Bytes())
}

// TestFaultMatrix plays every fault kind of docs/NETEM.md × {MPEG-TS,
// fMP4} × {smart, fixed 1080p} headless at --speed max through the
// emulated origin, in this process: each session plays to the end (or,
// when the content is gone, ends with one clear error) within its time
// limit; afterwards no goroutine is left and the heap is bounded.
func TestFaultMatrix(t *testing.T) {
	dirs := map[string]string{
		"TS":   assetstest.Dir(t, assets.Options{Duration: matrixLadder, Format: assets.TS}),
		"fMP4": assetstest.Dir(t, assets.Options{Duration: matrixLadder, Format: assets.FMP4}),
	}
	link, err := netem.ConstantTrace(matrixLinkMbps)
	if err != nil {
		t.Fatal(err)
	}
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	before := runtime.NumGoroutine()
	var mu sync.Mutex
	var outcomes []matrixOutcome
	// The sessions run matrixParallel at a time, not under t.Parallel
	// (at most GOMAXPROCS subtests, 2 here): many of them only wait on
	// their link (stalls, outages, TTFB), and the CPU-bound ones share
	// the cores anyway. Each is reported as a subtest afterwards.
	sem := make(chan struct{}, matrixParallel)
	var wg sync.WaitGroup
	for _, row := range faultMatrix {
		faults, err := netem.ParseFaults(row.spec)
		if err != nil {
			t.Fatal(err)
		}
		for _, format := range []string{"TS", "fMP4"} {
			for _, mode := range []struct{ name, quality string }{{"smart", "auto"}, {"fixed 1080p", "1080p"}} {
				wg.Go(func() {
					sem <- struct{}{}
					defer func() { <-sem }()
					o := matrixOutcome{row: row, format: format, mode: mode.name}
					srv, err := netem.Start(context.Background(), netem.Config{Dir: dirs[format], Trace: link,
						RTT: 10 * time.Millisecond, Faults: faults, Seed: 1})
					if err != nil {
						o.why = err.Error()
					} else {
						o = playMatrix(srv, row, mode.quality)
						o.format, o.mode = format, mode.name
						srv.Close()
					}
					mu.Lock()
					outcomes = append(outcomes, o)
					mu.Unlock()
				})
			}
		}
	}
	wg.Wait()
	sortOutcomes(outcomes)
	for _, o := range outcomes {
		t.Run(fmt.Sprintf("%s/%s/%s", o.row.spec, o.format, o.mode), func(t *testing.T) {
			t.Logf("%s in %v; events %v", o.result, o.wall.Round(10*time.Millisecond), o.counts)
			if !o.ok {
				t.Error(o.why)
			}
		})
	}
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	after := settleGoroutines(before + leftoverGoroutines)
	if after > before+leftoverGoroutines {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines before the matrix, %d after:\n%s", before, after, buf[:runtime.Stack(buf, true)])
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if ms.HeapAlloc > heapAfterBytes {
		t.Errorf("heap %d MB after the matrix, bound %d MB", ms.HeapAlloc>>20, heapAfterBytes>>20)
	}
	t.Logf("goroutines %d before, %d after; heap after %.1f MB", before, after, float64(ms.HeapAlloc)/(1<<20))
	if p := os.Getenv(matrixTableEnv); p != "" {
		if err := os.WriteFile(p, []byte(matrixTable(outcomes)), 0o644); err != nil {
			t.Error(err)
		}
	}
}

// settleGoroutines waits (up to goroutineSettle) for the goroutine count
// to fall to want and returns the last count.
func settleGoroutines(want int) int {
	deadline := time.Now().Add(goroutineSettle)
	for {
		n := runtime.NumGoroutine()
		if n <= want || time.Now().After(deadline) {
			return n
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// sortOutcomes puts outcomes in the matrix's order: row, then TS before
// fMP4, smart before fixed.
func sortOutcomes(outs []matrixOutcome) {
	order := map[string]int{}
	for i, r := range faultMatrix {
		order[r.spec] = i
	}
	sort.SliceStable(outs, func(i, j int) bool {
		a, b := outs[i], outs[j]
		if order[a.row.spec] != order[b.row.spec] {
			return order[a.row.spec] < order[b.row.spec]
		}
		if a.format != b.format {
			return a.format > b.format // TS first
		}
		return a.mode > b.mode // smart first
	})
}

// matrixTable renders the outcomes as the Markdown table of
// docs/RELIABILITY.md, in the matrix's order.
func matrixTable(outs []matrixOutcome) string {
	sortOutcomes(outs)
	var b strings.Builder
	b.WriteString("| fault | spec | format | mode | outcome | recoveries (events) | wall s | pass |\n")
	b.WriteString("| --- | --- | --- | --- | --- | --- | ---: | --- |\n")
	for _, o := range outs {
		var rec []string
		for _, ty := range []events.Type{events.Retry, events.DownloadFailed, events.DownloadAborted, events.SegmentSkipped, events.StallStart} {
			if n := o.counts[ty]; n > 0 {
				rec = append(rec, fmt.Sprintf("%s×%d", ty, n))
			}
		}
		for _, k := range noticeKinds {
			if n := o.notices[k.name]; n > 0 {
				rec = append(rec, fmt.Sprintf("%s×%d", k.name, n))
			}
		}
		pass := "yes"
		if !o.ok {
			pass = "**no**: " + o.why
		}
		res := strings.ReplaceAll(o.result, "|", "\\|")
		if len(res) > 120 {
			res = res[:117] + "..."
		}
		fmt.Fprintf(&b, "| %s | `%s` | %s | %s | %s | %s | %.1f | %s |\n", o.row.kind, o.row.spec, o.format, o.mode, res,
			strings.Join(rec, ", "), o.wall.Seconds(), pass)
	}
	return b.String()
}
