// Package media holds the plain values that flow down the pipeline:
// source → decode → render. It has no dependencies (no cgo, no FFmpeg), so
// every stage and every test can build and inspect them.
//
//	source  produces *Segment     (downloaded bytes of one HLS segment)
//	decode  turns each Segment into *VideoFrame and *AudioChunk values
//	render  consumes frames against the audio clock and draws them
package media
