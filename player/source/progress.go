package source

import (
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// DefaultProgressInterval is how often Request.OnProgress is called when
// Request.ProgressEvery is zero: often enough to act on a slow download
// within a fraction of a second, rarely enough to cost nothing.
const DefaultProgressInterval = 200 * time.Millisecond

// Progress is a request in flight, as Request.OnProgress sees it.
type Progress struct {
	// Elapsed is the time since Fetch was called (all attempts).
	Elapsed time.Duration
	// Body is the time since the current attempt's first body byte, 0
	// before it.
	Body time.Duration
	// Received is the current attempt's body bytes so far (a retry starts
	// again from 0).
	Received int64
	// Total is the current attempt's expected body size: the byte range's
	// length, else the response's Content-Length; 0 while unknown.
	Total int64
}

// progressState is written by the attempt reading the body and read by
// the reporter goroutine.
type progressState struct {
	now      func() time.Time
	start    time.Time    // Fetch called
	received atomic.Int64 // this attempt's body bytes
	total    atomic.Int64 // this attempt's expected body bytes, 0 unknown
	first    atomic.Int64 // this attempt's first body byte, ns since start; -1 none yet
}

func newProgressState(now func() time.Time) *progressState {
	p := &progressState{now: now, start: now()}
	p.first.Store(-1)
	return p
}

// reset starts a new attempt.
func (p *progressState) reset() {
	p.received.Store(0)
	p.total.Store(0)
	p.first.Store(-1)
}

// read counts n body bytes that just arrived.
func (p *progressState) read(n int) {
	if n <= 0 {
		return
	}
	if p.first.Load() < 0 {
		p.first.Store(int64(p.now().Sub(p.start)))
	}
	p.received.Add(int64(n))
}

// at is the progress now.
func (p *progressState) at() Progress {
	elapsed := p.now().Sub(p.start)
	pr := Progress{Elapsed: elapsed, Received: p.received.Load(), Total: p.total.Load()}
	if f := p.first.Load(); f >= 0 {
		pr.Body = max(elapsed-time.Duration(f), 0)
	}
	return pr
}

// expectedBody is the size of the body Fetch keeps from resp: the byte
// range's length, else what Content-Length leaves after a skipped offset;
// 0 when unknown.
func expectedBody(req Request, resp *http.Response) int64 {
	switch {
	case req.Length > 0:
		return req.Length
	case resp.ContentLength <= 0:
		return 0
	case resp.StatusCode != http.StatusPartialContent:
		return max(resp.ContentLength-req.Offset, 0)
	}
	return resp.ContentLength
}

// countingReader counts what the body delivers into a progressState.
type countingReader struct {
	r io.Reader
	p *progressState
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	c.p.read(n)
	return n, err
}

// Ticker is a source of ticks every d: the channel and a stop function
// (FetcherConfig.NewTicker; time.NewTicker by default).
type Ticker func(d time.Duration) (<-chan time.Time, func())

func realTicker(d time.Duration) (<-chan time.Time, func()) {
	t := time.NewTicker(d)
	return t.C, t.Stop
}

// reportProgress calls req.OnProgress with p's progress at every tick of
// req.ProgressEvery until the returned stop is called; stop returns once
// no call is under way, so none comes after Fetch returns.
func (f *Fetcher) reportProgress(req Request, p *progressState) (stop func()) {
	every := req.ProgressEvery
	if every <= 0 {
		every = DefaultProgressInterval
	}
	ticks, stopTicks := f.newTicker(every)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-done:
				return
			case <-ticks:
				select {
				case <-done: // stopped while this tick waited
					return
				default:
				}
				req.OnProgress(p.at())
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		stopTicks()
	}
}
