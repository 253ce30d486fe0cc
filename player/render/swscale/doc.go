// Package swscale turns YUV 4:2:0 frames into RGBA pictures of any size
// with FFmpeg's libswscale (SIMD, on the CPU).
//
// The window draws with it because on this project's machines GL is Mesa's
// software rasterizer: there a YUV→RGB shader that also scales costs ~26 ms
// of CPU per 1080p frame, while libswscale converts and scales the same
// frame in ~3 ms and the GL side is left a 1:1 copy (docs/BENCHMARKS.md).
package swscale
