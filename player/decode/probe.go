package decode

import (
	"context"
	"fmt"
	"log/slog"
	"os"
)

// ProbeFile opens a local media file the way DecodeFile does and returns
// what it holds (streams, size, duration) without decoding, so that the
// player knows before playing whether to wait for audio and video.
func ProbeFile(ctx context.Context, path string) (Info, error) {
	if err := ctx.Err(); err != nil {
		return Info{}, err
	}
	f, err := os.Open(path)
	if err != nil {
		return Info{}, fmt.Errorf("decode: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return Info{}, fmt.Errorf("decode: %w", err)
	}
	if !st.Mode().IsRegular() {
		return Info{}, fmt.Errorf("decode: %s: %w (not a regular file)", path, ErrOpenInput)
	}
	in, err := openInput(f, st.Size(), fileFormats, slog.Default())
	if err != nil {
		return Info{}, fmt.Errorf("decode: %s: %w", path, err)
	}
	defer in.close()
	return in.info(), nil
}
