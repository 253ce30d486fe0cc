package window

/*
// glfwWindowHint is GLFW's own, compiled into the binary from Ebiten's
// internal/glfw package. It is declared weak: cgo's link check of this
// package alone does not have it, and an Ebiten without it leaves the
// pointer nil instead of failing the build.
extern void glfwWindowHint(int hint, int value) __attribute__((weak));

// Values from GLFW's glfw3.h.
enum { spGLFWDepthBits = 0x00021005, spGLFWStencilBits = 0x00021006 };

static int sp_colour_only_framebuffer(void) {
	if (!glfwWindowHint) return 0;
	glfwWindowHint(spGLFWDepthBits, 0);
	glfwWindowHint(spGLFWStencilBits, 0);
	return 1;
}

static int sp_glfw_hints_linked(void) { return glfwWindowHint != 0; }
*/
import "C"

// colourOnlyFramebuffer asks GLFW for a window framebuffer without depth
// and stencil buffers; it reports whether it could (false: this Ebiten
// does not link GLFW's C API, and the window keeps GLFW's default).
//
// Why: GLFW's default is 24 bits of depth and 8 of stencil, and Ebiten
// keeps it, but nothing is ever drawn with depth or stencil on the final
// screen (Ebiten gives its own images their own stencil buffers when a
// fill rule needs one; this package draws with FillAll only). Under Mesa's
// software GL the unused buffer is a window-sized allocation, 6.7 MB at
// 1728×972 (heaptrack).
//
// It must run after Ebiten's package initialisation (which initialises
// GLFW; GLFW's init would reset the hints) and before RunGame creates the
// window. Ebiten sets only the hints it needs and never restores the
// defaults, so these last until then.
func colourOnlyFramebuffer() bool {
	return C.sp_colour_only_framebuffer() == 1
}

// ColourOnlyFramebuffer reports whether windows get a framebuffer without
// depth and stencil, i.e. whether this build reaches GLFW's hints (the
// window tests check it, so an Ebiten upgrade cannot lose it silently).
func ColourOnlyFramebuffer() bool {
	return C.sp_glfw_hints_linked() == 1
}
