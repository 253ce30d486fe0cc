package swscale

import "errors"

var (
	// ErrSize: an empty frame or target size.
	ErrSize = errors.New("swscale: empty picture size")
	// ErrPlanes: the frame's planes are shorter than its size and strides.
	ErrPlanes = errors.New("swscale: planes too short for the frame")
	// ErrContext: libswscale refused the conversion (size out of its range).
	ErrContext = errors.New("swscale: cannot convert between these sizes")
	// ErrMemory: no memory for the converted picture.
	ErrMemory = errors.New("swscale: out of memory for the picture")
	// ErrScale: libswscale converted fewer rows than asked.
	ErrScale = errors.New("swscale: conversion incomplete")
)
