// Package window presents a render.Consumer's video in an Ebiten window:
// each new frame is converted and scaled to RGBA at its place in the window
// by libswscale (player/render/swscale) and drawn 1:1, aspect-correct and
// letterboxed or pillarboxed in any window size, with a text overlay
// ("Buffering...", a one-time muted notice, the caller's lines) and the
// HUD (player/hud; h toggles it). Keys go to a Commands interface; f
// toggles fullscreen here.
//
// RunPanes shows two consumers side by side (the compare view): each
// pane's label in a band above its picture, its HUD under the picture,
// and, when both have ended or on q, a summary card over the dimmed
// window (q again closes).
//
// Importing this package requires a display: Ebiten initialises GLFW in
// its package init and panics without $DISPLAY. Keep it out of binaries
// and tests that must run headless (player/render has no such import).
//
// Cost on Mesa's software GL matters more than anything: frames run only
// when a video frame is due (a pacer goroutine schedules them), the
// picture is redrawn only when it changed, and nothing is uploaded twice.
// A HUD is painted in pure Go off the main thread, at most a few times a
// second, uploaded as one small texture and drawn with one DrawImage.
package window
