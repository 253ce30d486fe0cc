package main

import "errors"

// Sentinel errors; callers wrap them with %w and the context.
var (
	// ErrContent: the test clips or ladder could not be generated.
	ErrContent = errors.New("benchplayers: test content")
	// ErrXvfb: the virtual display did not start or its framebuffer is unreadable.
	ErrXvfb = errors.New("benchplayers: xvfb")
	// ErrFramebuffer: the Xvfb framebuffer file is not an XWD image we can read.
	ErrFramebuffer = errors.New("benchplayers: framebuffer")
	// ErrPlayer: a player could not be started or failed.
	ErrPlayer = errors.New("benchplayers: player")
	// ErrNoFirstFrame: no first frame was seen before the deadline.
	ErrNoFirstFrame = errors.New("benchplayers: no first frame")
	// ErrUsage: bad command line.
	ErrUsage = errors.New("benchplayers: usage")
)
