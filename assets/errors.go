package assets

import "errors"

var (
	// ErrNoFFmpeg: the ffmpeg CLI is missing.
	ErrNoFFmpeg = errors.New("ffmpeg not found")
	// ErrNoFont: no font for the burned-in labels.
	ErrNoFont = errors.New("no font for drawtext")
	// ErrFFmpegFailed: ffmpeg exited with an error.
	ErrFFmpegFailed = errors.New("ffmpeg failed")
	// ErrBadOptions: the options cannot produce a stream.
	ErrBadOptions = errors.New("bad asset options")
)
