package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"sync"
	"time"
)

// Download is one finished (or, on error, partial) request.
type Download struct {
	// URL is the final URL, after redirects: relative references in a
	// playlist resolve against it.
	URL  string
	Data []byte
	// TTFB is request sent → first response byte; Duration is request
	// sent → last byte, both of the final attempt.
	TTFB, Duration time.Duration
	// Attempts counts tries, 1 without retries.
	Attempts int
}

// Request describes one fetch.
type Request struct {
	URL string
	// Offset and Length select a byte range; Length 0 means to the end.
	Offset, Length int64
	// MaxBytes limits the body (default: the Fetcher's MaxBytes).
	MaxBytes int64
	// OnRetry, if set, is told about each failed attempt that will be
	// retried after wait.
	OnRetry func(attempt int, err error, wait time.Duration)
	// OnProgress, if set, is told how the request is doing every
	// ProgressEvery (default DefaultProgressInterval) until Fetch returns,
	// from another goroutine; it must not block (it may cancel Fetch's
	// context). Not for file URLs.
	OnProgress    func(Progress)
	ProgressEvery time.Duration
}

// FetcherConfig configures a Fetcher; zero fields take the defaults.
type FetcherConfig struct {
	// Client makes the requests (default: a client that follows at most
	// MaxRedirects redirects, to http(s) only).
	Client *http.Client
	// Now is the clock for TTFB and durations (default time.Now).
	Now func() time.Time
	// MaxBytes is the default body limit (default MaxSegmentBytes).
	MaxBytes int64
	// MaxAttempts per request, retries included (default DefaultMaxAttempts).
	MaxAttempts int
	// Backoff before the first retry, doubled per retry up to MaxBackoff
	// (default DefaultBackoff); each wait is jittered down to half of it.
	Backoff time.Duration
	// Jitter draws a number in [0, 1) per retry that places its wait in
	// [backoff/2, backoff) (default math/rand/v2; tests inject theirs).
	Jitter func() float64
	// StallTimeout fails an attempt when no byte arrives for this long
	// (default DefaultStallTimeout).
	StallTimeout time.Duration
	// AttemptTimeout fails an attempt that has not finished after this
	// long even though bytes trickle in (default DefaultAttemptTimeout).
	AttemptTimeout time.Duration
	// Logger for retries (default slog.Default()).
	Logger *slog.Logger
	// NewTicker paces Request.OnProgress (default time.NewTicker).
	NewTicker Ticker
}

// Fetcher downloads whole resources into memory and measures each
// request. It is safe for concurrent use.
type Fetcher struct {
	client       *http.Client
	now          func() time.Time
	maxBytes     int64
	maxAttempts  int
	backoff      time.Duration
	stallTimeout time.Duration
	log          *slog.Logger
	newTicker    Ticker
	jitter       func() float64
	attemptLimit time.Duration
}

// NewFetcher returns a Fetcher for cfg.
func NewFetcher(cfg FetcherConfig) *Fetcher {
	f := &Fetcher{now: cfg.Now, maxBytes: cfg.MaxBytes, maxAttempts: cfg.MaxAttempts,
		backoff: cfg.Backoff, stallTimeout: cfg.StallTimeout, log: cfg.Logger, newTicker: cfg.NewTicker, jitter: cfg.Jitter,
		attemptLimit: cfg.AttemptTimeout}
	c := &http.Client{}
	if cfg.Client != nil {
		cc := *cfg.Client
		c = &cc
	}
	if c.CheckRedirect == nil {
		c.CheckRedirect = checkRedirect
	}
	f.client = c
	if f.now == nil {
		f.now = time.Now
	}
	if f.maxBytes <= 0 {
		f.maxBytes = MaxSegmentBytes
	}
	if f.maxAttempts <= 0 {
		f.maxAttempts = DefaultMaxAttempts
	}
	if f.backoff <= 0 {
		f.backoff = DefaultBackoff
	}
	if f.stallTimeout <= 0 {
		f.stallTimeout = DefaultStallTimeout
	}
	if f.log == nil {
		f.log = slog.Default()
	}
	if f.newTicker == nil {
		f.newTicker = realTicker
	}
	if f.jitter == nil {
		f.jitter = defaultJitter
	}
	if f.attemptLimit <= 0 {
		f.attemptLimit = DefaultAttemptTimeout
	}
	return f
}

func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) > MaxRedirects { // via holds the first request too
		return fmt.Errorf("%w (%d)", ErrTooManyRedirects, len(via))
	}
	if s := req.URL.Scheme; s != "http" && s != "https" {
		return fmt.Errorf("%w %q in redirect", ErrUnsupportedScheme, s)
	}
	return nil
}

// Now returns the fetcher's clock reading.
func (f *Fetcher) Now() time.Time { return f.now() }

// Get fetches a whole resource.
func (f *Fetcher) Get(ctx context.Context, rawURL string) (*Download, error) {
	return f.Fetch(ctx, Request{URL: rawURL})
}

// Fetch downloads req, retrying network errors, stalls and 5xx responses
// with jittered exponential backoff, at most MaxAttempts tries (never
// 4xx). Errors do not repeat the URL (callers say what was fetched); an HTTP status is an *HTTPError. On error the returned
// Download, when not nil, holds what arrived before the failure. Context
// cancellation aborts at once with the context's error.
func (f *Fetcher) Fetch(ctx context.Context, req Request) (*Download, error) {
	u, err := url.Parse(req.URL)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, unwrapURLError(err))
	}
	if req.Offset < 0 || req.Length < 0 {
		return nil, fmt.Errorf("%w: byte range %d@%d", ErrMalformed, req.Length, req.Offset)
	}
	limit := req.MaxBytes
	if limit <= 0 {
		limit = f.maxBytes
	}
	if req.Length > limit {
		return nil, fmt.Errorf("%w: range of %d bytes, limit %d", ErrTooLarge, req.Length, limit)
	}
	switch u.Scheme {
	case "http", "https":
	case "file":
		return f.fetchFile(ctx, u, req, limit)
	default:
		return nil, fmt.Errorf("%w %q", ErrUnsupportedScheme, u.Scheme)
	}
	var prog *progressState
	if req.OnProgress != nil {
		prog = newProgressState(f.now)
		defer f.reportProgress(req, prog)()
	}
	backoff := f.backoff
	for attempt := 1; ; attempt++ {
		d, err := f.once(ctx, u, req, limit, prog)
		d.Attempts = attempt
		if err == nil {
			return d, nil
		}
		if ctx.Err() != nil {
			return d, context.Cause(ctx)
		}
		if !retryable(err) || attempt >= f.maxAttempts {
			return d, err
		}
		wait := jittered(backoff, f.jitter())
		if req.OnRetry != nil {
			req.OnRetry(attempt, err, wait)
		}
		f.log.Debug("fetch retry", "url", req.URL, "attempt", attempt, "err", err, "wait", wait)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return d, context.Cause(ctx)
		case <-t.C:
		}
		backoff = min(2*backoff, MaxBackoff)
	}
}

// retryable reports whether an attempt's error may go away by itself.
func retryable(err error) bool {
	var he *HTTPError
	if errors.As(err, &he) {
		return he.Status >= 500
	}
	return !errors.Is(err, ErrTooLarge) && !errors.Is(err, ErrTooManyRedirects) &&
		!errors.Is(err, ErrUnsupportedScheme) && !errors.Is(err, ErrMalformed)
}

// once makes one attempt, counting its body into prog when not nil. It
// always returns a non-nil Download.
func (f *Fetcher) once(ctx context.Context, u *url.URL, req Request, limit int64, prog *progressState) (*Download, error) {
	d := &Download{URL: req.URL}
	if prog != nil {
		prog.reset()
	}
	actx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stall := time.AfterFunc(f.stallTimeout, func() { cancel(ErrStalled) })
	defer stall.Stop()
	limitTimer := time.AfterFunc(f.attemptLimit, func() { cancel(ErrAttemptTimeout) })
	defer limitTimer.Stop()

	start := f.now()
	var mu sync.Mutex
	var first time.Time
	trace := &httptrace.ClientTrace{GotFirstResponseByte: func() {
		mu.Lock()
		first = f.now()
		mu.Unlock()
	}}
	hreq, err := http.NewRequestWithContext(httptrace.WithClientTrace(actx, trace), http.MethodGet, u.String(), nil)
	if err != nil {
		return d, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if req.Offset > 0 || req.Length > 0 {
		if req.Length > 0 {
			hreq.Header.Set("Range", fmt.Sprintf("bytes=%d-%d", req.Offset, req.Offset+req.Length-1))
		} else {
			hreq.Header.Set("Range", fmt.Sprintf("bytes=%d-", req.Offset))
		}
	}
	fail := func(err error) (*Download, error) {
		d.Duration = f.now().Sub(start)
		if errors.Is(context.Cause(actx), ErrStalled) && ctx.Err() == nil {
			return d, fmt.Errorf("%w: no data for %v", ErrStalled, f.stallTimeout)
		}
		if errors.Is(context.Cause(actx), ErrAttemptTimeout) && ctx.Err() == nil {
			return d, fmt.Errorf("%w (%v)", ErrAttemptTimeout, f.attemptLimit)
		}
		return d, unwrapURLError(err)
	}
	resp, err := f.client.Do(hreq)
	if err != nil {
		return fail(err)
	}
	defer resp.Body.Close()
	d.URL = resp.Request.URL.String()
	mu.Lock()
	if first.IsZero() {
		first = f.now()
	}
	d.TTFB = first.Sub(start)
	mu.Unlock()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		d.Duration = f.now().Sub(start)
		return d, &HTTPError{URL: d.URL, Status: resp.StatusCode}
	}
	body := io.Reader(&stallReader{r: resp.Body, t: stall, d: f.stallTimeout})
	want := limit
	if resp.StatusCode != http.StatusPartialContent && (req.Offset > 0 || req.Length > 0) {
		// The server ignored Range and sends the whole resource.
		if req.Offset > maxRangeSkipBytes {
			return fail(fmt.Errorf("%w: server ignored Range, offset %d", ErrTooLarge, req.Offset))
		}
		if _, err := io.CopyN(io.Discard, body, req.Offset); err != nil {
			return fail(err)
		}
		if req.Length > 0 {
			body = io.LimitReader(body, req.Length)
		}
	} else if req.Length > 0 {
		body = io.LimitReader(body, req.Length)
	}
	if resp.ContentLength > want && resp.StatusCode == http.StatusPartialContent {
		return fail(fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, resp.ContentLength, want))
	}
	if resp.ContentLength > want && req.Offset == 0 && req.Length == 0 {
		return fail(fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, resp.ContentLength, want))
	}
	if prog != nil {
		prog.total.Store(expectedBody(req, resp))
		body = &countingReader{r: body, p: prog}
	}
	d.Data, err = readLimited(body, want, resp.ContentLength)
	if err != nil { // d.Data keeps what arrived, for an aborted sample
		return fail(err)
	}
	d.Duration = f.now().Sub(start)
	return d, nil
}

// readLimited reads r to the end, failing with ErrTooLarge beyond limit
// bytes; sizeHint (a Content-Length, -1 unknown) presizes the buffer.
func readLimited(r io.Reader, limit, sizeHint int64) ([]byte, error) {
	const chunk = 64 << 10
	c := int64(chunk)
	if sizeHint > 0 {
		c = min(sizeHint, limit, maxPresizeBytes) + 1
	}
	buf := make([]byte, 0, c)
	for {
		if int64(len(buf)) > limit {
			return buf[:limit], fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			if int64(len(buf)) > limit {
				return buf[:limit], fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
			}
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

// stallReader pushes the stall timer back on every read that returns data.
type stallReader struct {
	r io.Reader
	t *time.Timer
	d time.Duration
}

func (s *stallReader) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if n > 0 {
		s.t.Reset(s.d)
	}
	return n, err
}

// unwrapURLError drops net/http's `Get "URL": ` prefix; callers add the
// URL and what it was for.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}
