package render

import "errors"

// Sentinel errors; callers match them with errors.Is.
var (
	// ErrClosed is returned by Video and Audio after Close.
	ErrClosed = errors.New("render: consumer closed")
	// ErrInvalidFrame is returned for a video frame whose planes do not
	// match its size.
	ErrInvalidFrame = errors.New("render: invalid video frame")
	// ErrNoAudioDevice is returned by NewOtoOutput when no sound device can
	// be opened; the caller falls back to NewWallOutput (muted).
	ErrNoAudioDevice = errors.New("render: no audio device")
	// ErrFrameOrder is returned by RunHeadless when a frame's PTS is not
	// after the previous frame's.
	ErrFrameOrder = errors.New("render: frame PTS not increasing")
	// ErrScreenshot wraps failures to write a screenshot.
	ErrScreenshot = errors.New("render: screenshot")
)
