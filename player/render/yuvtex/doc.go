// Package yuvtex packs YUV 4:2:0 frames into the bytes of one RGBA image
// (1.5 bytes a pixel, no conversion on the CPU) and holds the Kage shader
// that turns them into RGB on the GPU (or Mesa's software GL). It is pure
// Go, so it can be tested without a display; player/render/window uploads
// and draws with it.
//
// The layout (see Layout) spends 2 bytes a pixel so that the shader needs
// few texel fetches: one for luma drawn 1:1 (four when scaled, bilinear)
// and two for bilinear chroma. ShaderNearest draws 1:1, ShaderBilinear
// scaled. Uniforms: Size (frame width, height in pixels), Layout
// (Layout.LumaW, Layout.LumaRows) and Coef (the render.Matrix coefficients
// RV, GU, GV, BU). Vertices carry frame pixel positions as source
// coordinates.
package yuvtex
