package assets

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// Options select which ladder Ensure returns.
type Options struct {
	// Duration of the stream; default DefaultDuration (120 s). Rounded up
	// to whole segments.
	Duration time.Duration
	// Format of the segments; default TS.
	Format Format
	// CacheDir overrides where assets are kept; default $SMARTPLAY_CACHE,
	// else the user's cache directory + "/smartplay".
	CacheDir string
	// Progress receives one-line progress reports while generating; nil
	// is silent. Nothing is written when the cache already has the ladder.
	Progress io.Writer
}

// lockPollInterval is how often a process waiting for another's
// generation checks the lock; generation takes minutes, so 200 ms of
// extra latency is nothing.
const lockPollInterval = 200 * time.Millisecond

// Ensure returns the directory of the requested ladder, generating it
// first if the cache does not hold it. The directory holds master.m3u8 and
// one sub-directory per rung (Rung.Name) with stream.m3u8 and segments.
func Ensure(ctx context.Context, o Options) (string, error) {
	d := o.Duration
	if d == 0 {
		d = DefaultDuration
	}
	if d < 0 || d > time.Hour {
		return "", fmt.Errorf("%w: duration %v (want 0 < d <= 1h)", ErrBadOptions, d)
	}
	segs := (d + SegmentDuration - 1) / SegmentDuration
	d = segs * SegmentDuration
	root, err := cacheRoot(o.CacheDir)
	if err != nil {
		return "", err
	}
	tsName := fmt.Sprintf("ladder-ts-%ds-v%d", int(d.Seconds()), generatorVersion)
	tsDir, err := cached(ctx, root, tsName, func(tmp string) error {
		font, err := findFont()
		if err != nil {
			return err
		}
		for _, r := range Ladder {
			if err := os.MkdirAll(filepath.Join(tmp, r.Name()), 0o755); err != nil {
				return err
			}
		}
		p := newProgress(o.Progress, fmt.Sprintf("generating the %v test ladder (6 renditions)", d))
		defer p.finish()
		if err := runFFmpeg(ctx, ladderArgs(font, tmp, d), d, func(done time.Duration) { p.fraction(done.Seconds() / d.Seconds()) }); err != nil {
			return fmt.Errorf("generate ladder: %w", err)
		}
		return writeMaster(tmp, TS)
	})
	if err != nil || o.Format == "" || o.Format == TS {
		return tsDir, err
	}
	if o.Format != FMP4 {
		return "", fmt.Errorf("%w: format %q (want ts or fmp4)", ErrBadOptions, o.Format)
	}
	name := fmt.Sprintf("ladder-fmp4-%ds-v%d", int(d.Seconds()), generatorVersion)
	return cached(ctx, root, name, func(tmp string) error {
		p := newProgress(o.Progress, "remuxing the test ladder to fMP4")
		defer p.finish()
		for i, r := range Ladder {
			out := filepath.Join(tmp, r.Name())
			if err := os.MkdirAll(out, 0o755); err != nil {
				return err
			}
			if err := runFFmpeg(ctx, fmp4Args(filepath.Join(tsDir, r.Name(), "stream.m3u8"), out), 0, nil); err != nil {
				return fmt.Errorf("remux %s to fMP4: %w", r.Name(), err)
			}
			p.fraction(float64(i+1) / float64(len(Ladder)))
		}
		return writeMaster(tmp, FMP4)
	})
}

// sleepCtx waits d or until ctx is done.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
