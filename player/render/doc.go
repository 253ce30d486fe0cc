// Package render is the consumer end of the pipeline: it receives decoded
// video frames and audio chunks from player/decode, keeps audio and video in
// sync, plays the audio and presents the video.
//
// Audio is the master clock. An Output plays PCM and reports the media time
// being heard: NewOtoOutput plays through the sound card (oto v3),
// NewWallOutput is a real-time null sink (headless runs, and the muted
// fallback when there is no audio device), NewSimOutput is a simulated clock
// that jumps ahead as soon as data is there (--speed max).
//
// A Consumer owns the queues and the playback state machine:
//
//	c := render.NewConsumer(render.ConsumerConfig{Output: out, HasAudio: true, HasVideo: true})
//	// decoder goroutine: c.Video(ctx, f) / c.Audio(ctx, a) (they block for backpressure), then c.EndOfStream()
//	// presenter: window.Run(c, opts) on the main thread (player/render/window),
//	// or render.RunHeadless(ctx, c, opts); a custom one loops on TakeFrame and NextFrameIn
//	<-c.Done()
//
// Playback starts when Prebuffer of media is decoded (or the stream ended)
// and a presenter has shown the first frame: the clock waits for it, so a
// window that takes a moment to open drops nothing. After the first frame,
// a clock that reaches the end of decoded data stalls: the audio stops, the
// clock stops and Observer.StallStart is called; it resumes with
// Observer.StallEnd once Prebuffer is available again. Video frames are
// shown when the clock reaches their PTS; a frame is dropped (and counted)
// when the next one is already 20 ms late or two more are due.
//
// Audio gaps in PTS are filled with silence and overlaps are trimmed, so the
// output stays continuous; silence inserted because the queue ran dry
// (an underrun) does not advance the clock.
//
// This package does not import Ebiten (which panics at init without a
// display): the window is player/render/window, its YUV→RGBA conversion
// player/render/swscale. Window tests here run the window/windowcheck helper
// in a child process, each on its own Xvfb (internal/xvfb).
package render
