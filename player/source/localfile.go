package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
)

// fetchFile reads a local file (a file: URL, allowed only for playlists
// the user gave as a local path) with the same limits and measurements as
// an HTTP download. A missing file is reported as HTTP 404 would be: a
// typed, non-retryable error.
func (f *Fetcher) fetchFile(ctx context.Context, u *url.URL, req Request, limit int64) (*Download, error) {
	d := &Download{URL: req.URL, Attempts: 1}
	if err := ctx.Err(); err != nil {
		return d, context.Cause(ctx)
	}
	start := f.now()
	file, err := os.Open(u.Path)
	if err != nil {
		return d, unwrapPathError(err)
	}
	defer file.Close()
	st, err := file.Stat()
	if err != nil {
		return d, unwrapPathError(err)
	}
	if !st.Mode().IsRegular() {
		return d, fmt.Errorf("%w: not a regular file", ErrUnsupported)
	}
	d.TTFB = f.now().Sub(start)
	size := st.Size() - req.Offset
	if req.Length > 0 {
		size = req.Length
	}
	if size > limit {
		return d, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, size, limit)
	}
	if req.Offset+size > st.Size() || size < 0 {
		return d, fmt.Errorf("%w: range %d@%d beyond the file's %d bytes", ErrMalformed, req.Length, req.Offset, st.Size())
	}
	d.Data = make([]byte, size)
	if _, err := file.ReadAt(d.Data, req.Offset); err != nil && !(errors.Is(err, io.EOF) && size == 0) {
		return d, unwrapPathError(err)
	}
	d.Duration = f.now().Sub(start)
	return d, ctx.Err()
}

// unwrapPathError drops the path from an *fs.PathError; callers say it.
func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
