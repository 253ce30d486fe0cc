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
	f, in, err := openFile(path, slog.Default())
	if err != nil {
		return Info{}, err
	}
	defer f.Close()
	defer in.close()
	return in.info(), nil
}

// openFile opens a regular local file and FFmpeg's demuxer over it
// (through our IO context, restricted to fileFormats). The caller closes
// both.
func openFile(path string, log *slog.Logger) (*os.File, *input, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("decode: %w", err)
	}
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = fmt.Errorf("%s: %w (not a regular file)", path, ErrOpenInput)
	}
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("decode: %w", err)
	}
	in, err := openInput(f, st.Size(), fileFormats, log)
	if err != nil {
		f.Close()
		return nil, nil, fmt.Errorf("decode: %s: %w", path, err)
	}
	return f, in, nil
}
