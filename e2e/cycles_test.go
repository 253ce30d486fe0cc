package e2e

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"smartplay/assets"
	"smartplay/assets/assetstest"
	"smartplay/player/netem"
	"smartplay/player/session"
)

// openCloseCycles: sessions opened and closed in a row; every
// playToFirstFrame-th one plays until its first picture before it is
// closed, the others are closed as soon as they run.
const (
	openCloseCycles  = 100
	playToFirstFrame = 10
	// leftoverFDs: descriptors allowed above the count before the cycles
	// once everything is closed (none is expected).
	leftoverFDs = 2
)

// firstFrameWriter closes seen at the first first_frame event.
type firstFrameWriter struct {
	once sync.Once
	seen chan struct{}
}

func (w *firstFrameWriter) Write(p []byte) (int, error) {
	if strings.Contains(string(p), `"type":"first_frame"`) {
		w.once.Do(func() { close(w.seen) })
	}
	return len(p), nil
}

// 100 sessions opened and closed, some after their first picture, leave
// no goroutine and no file descriptor behind.
func TestOpenCloseCyclesLeaveNothingBehind(t *testing.T) {
	dir := assetstest.Dir(t, assets.Options{Duration: matrixLadder, Format: assets.TS})
	srv, err := netem.Start(context.Background(), netem.Config{Dir: dir, RTT: time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	runtime.GC()
	goroutines, fds := runtime.NumGoroutine(), openFDs()
	start := time.Now()
	for i := range openCloseCycles {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		w := &firstFrameWriter{seen: make(chan struct{})}
		s, err := session.Open(ctx, session.Config{Input: srv.URL(), Headless: true, MaxSpeed: true, Events: w,
			Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			cancel()
			t.Fatalf("cycle %d: %v", i, err)
		}
		done := make(chan error, 1)
		go func() { done <- s.Run(ctx) }()
		if i%playToFirstFrame == 0 {
			select {
			case <-w.seen:
			case err := <-done:
				cancel()
				t.Fatalf("cycle %d ended before its first frame: %v", i, err)
			case <-ctx.Done():
				t.Fatalf("cycle %d: no first frame", i)
			}
		}
		s.Quit()
		err = <-done
		cancel()
		if err != nil {
			t.Fatalf("cycle %d: %v", i, err)
		}
	}
	elapsed := time.Since(start)
	srv.Close()
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	// The origin's server is closed too: what it held must go as well.
	afterG := settleGoroutines(goroutines)
	afterFD := openFDs()
	for deadline := time.Now().Add(goroutineSettle); afterFD > fds && time.Now().Before(deadline); afterFD = openFDs() {
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("%d cycles in %v: goroutines %d → %d, file descriptors %d → %d", openCloseCycles,
		elapsed.Round(100*time.Millisecond), goroutines, afterG, fds, afterFD)
	if afterG > goroutines {
		buf := make([]byte, 1<<20)
		t.Errorf("%d goroutines left behind:\n%s", afterG-goroutines, buf[:runtime.Stack(buf, true)])
	}
	if afterFD > fds+leftoverFDs {
		t.Errorf("%d file descriptors left behind", afterFD-fds)
	}
}

var _ io.Writer = (*firstFrameWriter)(nil)
