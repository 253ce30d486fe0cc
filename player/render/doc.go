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
//	// presenter: render.RunWindow(c, opts) on the main thread, or render.RunHeadless(ctx, c, opts)
//	<-c.Done()
//
// Playback starts when Prebuffer of media is decoded (or the stream ended).
// After the first frame, a clock that reaches the end of decoded data stalls:
// the audio stops, the clock stops and Observer.StallStart is called; it
// resumes with Observer.StallEnd once Prebuffer is available again. Video
// frames are shown when the clock reaches their PTS; frames overtaken by a
// later due frame are dropped and counted.
//
// Audio gaps in PTS are filled with silence and overlaps are trimmed, so the
// output stays continuous; silence inserted because the queue ran dry
// (an underrun) does not advance the clock.
//
// The window (RunWindow) draws frames with Ebiten: the YUV 4:2:0 planes are
// uploaded as the bytes of one RGBA image (1.5 bytes a pixel) and converted
// to RGB in a Kage shader (BT.709 for HD, BT.601 for SD, limited range),
// aspect-correct and letterboxed in any window size.
package render
