package assets

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// completeMarker is written last into a finished asset directory; a
// directory without it is an interrupted run and is regenerated.
const completeMarker = ".complete"

// cacheRoot is where generated assets live: Options.CacheDir, else
// $SMARTPLAY_CACHE, else the user's cache directory + /smartplay.
func cacheRoot(dir string) (string, error) {
	if dir != "" {
		return dir, nil
	}
	if env := os.Getenv("SMARTPLAY_CACHE"); env != "" {
		return env, nil
	}
	base, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("cache directory: %w", err)
	}
	return filepath.Join(base, "smartplay"), nil
}

// cached builds dir under root with build unless a complete copy exists.
// An exclusive flock on a per-entry lock file keeps parallel test
// processes from generating the same entry twice; build writes into a
// temporary directory that is renamed into place only when it succeeded.
func cached(ctx context.Context, root, name string, build func(tmp string) error) (string, error) {
	final := filepath.Join(root, name)
	if isComplete(final) {
		return final, nil
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", fmt.Errorf("cache directory: %w", err)
	}
	unlock, err := lockFile(ctx, filepath.Join(root, "."+name+".lock"))
	if err != nil {
		return "", err
	}
	defer unlock()
	if isComplete(final) { // another process finished while we waited
		return final, nil
	}
	tmp, err := os.MkdirTemp(root, "."+name+".tmp-")
	if err != nil {
		return "", fmt.Errorf("cache directory: %w", err)
	}
	defer os.RemoveAll(tmp)
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", err
	}
	if err := build(tmp); err != nil {
		return "", err
	}
	if err := os.WriteFile(filepath.Join(tmp, completeMarker), []byte("ok\n"), 0o644); err != nil {
		return "", err
	}
	if err := os.RemoveAll(final); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, final); err != nil {
		return "", fmt.Errorf("cache directory: %w", err)
	}
	return final, nil
}

func isComplete(dir string) bool {
	_, err := os.Stat(filepath.Join(dir, completeMarker))
	return err == nil
}

// lockFile takes an exclusive flock, polling so that ctx can cancel the
// wait.
func lockFile(ctx context.Context, path string) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { syscall.Flock(int(f.Fd()), syscall.LOCK_UN); f.Close() }, nil
		}
		if err != syscall.EWOULDBLOCK {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if err := sleepCtx(ctx, lockPollInterval); err != nil {
			f.Close()
			return nil, err
		}
	}
}
