// Package assets generates smartplay's built-in test stream: a six-rung
// HLS ladder (the rungs of the Pensieve simulator, 300 … 4300 kbps at
// 180p … 1080p) whose picture burns in the rendition label, a timecode and
// the frame number, and whose audio beeps once a second in step with a
// white flash. Switches, skipped frames and A/V offset show by eye.
//
// Nothing is downloaded: the ffmpeg CLI renders testsrc2 and a tone. The
// result is cached under the user's cache directory, keyed by the options
// and a generator version, and generation is safe to call from several
// processes at once (a lock file serialises them).
//
//	dir, err := assets.Ensure(ctx, assets.Options{Progress: os.Stderr})
//	// dir/master.m3u8, dir/720p/stream.m3u8, dir/720p/seg_000.ts, …
package assets
