// Package yuvtex packs YUV 4:2:0 frames into the bytes of one RGBA image
// (1.5 bytes a pixel, no conversion on the CPU) and holds the Kage shader
// that turns them into RGB on the GPU (or Mesa's software GL). It is pure
// Go, so it can be tested without a display; player/render/window uploads
// and draws with it.
//
// Layout: luma row y is image row y, four luma bytes a texel; chroma row j
// is image row H+j, U and V interleaved (U0 V0 U1 V1), two chroma samples a
// texel. The shader's uniforms are Size (frame width, height in pixels),
// Filter (1: bilinear luma, 0: nearest, for 1:1 drawing) and Coef (the
// render.Matrix coefficients RV, GU, GV, BU). Vertices carry frame pixel
// positions as source coordinates.
package yuvtex
