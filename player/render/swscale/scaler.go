package swscale

/*
#cgo pkg-config: libswscale libavutil
#include <libswscale/swscale.h>
#include <libavutil/mem.h>
#include <libavutil/opt.h>
#include <libavutil/pixfmt.h>

// sp_context prepares a yuv420p → rgba conversion from sw×sh to dw×dh.
// Chroma is sited as H.264 and MPEG-2 put it by default: horizontally on
// the even luma samples, vertically between the two rows (in 1/256 of a
// luma sample: 0 and 128).
static struct SwsContext *sp_context(int sw, int sh, int dw, int dh, int bt709, int flags) {
	struct SwsContext *c = sws_alloc_context();
	if (!c) return NULL;
	av_opt_set_int(c, "srcw", sw, 0);
	av_opt_set_int(c, "srch", sh, 0);
	av_opt_set_int(c, "dstw", dw, 0);
	av_opt_set_int(c, "dsth", dh, 0);
	av_opt_set_int(c, "src_format", AV_PIX_FMT_YUV420P, 0);
	av_opt_set_int(c, "dst_format", AV_PIX_FMT_RGBA, 0);
	av_opt_set_int(c, "sws_flags", flags, 0);
	av_opt_set_int(c, "src_h_chr_pos", 0, 0);
	av_opt_set_int(c, "src_v_chr_pos", 128, 0);
	if (sws_init_context(c, NULL, NULL) < 0) {
		sws_freeContext(c);
		return NULL;
	}
	const int *coef = sws_getCoefficients(bt709 ? SWS_CS_ITU709 : SWS_CS_ITU601);
	sws_setColorspaceDetails(c, coef, 0, coef, 1, 0, 1 << 16, 1 << 16);
	return c;
}

// sp_scale converts one whole picture; the planes are passed one by one so
// that no Go pointer is stored in memory C sees.
static int sp_scale(struct SwsContext *c, const uint8_t *y, const uint8_t *u, const uint8_t *v,
		int strideY, int strideC, int h, uint8_t *dst, int dstStride) {
	const uint8_t *src[4] = {y, u, v, NULL};
	const int srcStride[4] = {strideY, strideC, strideC, 0};
	uint8_t *const out[4] = {dst, NULL, NULL, NULL};
	const int outStride[4] = {dstStride, 0, 0, 0};
	return sws_scale(c, src, srcStride, 0, h, out, outStride);
}
*/
import "C"

import (
	"fmt"
	"unsafe"

	"smartplay/player/media"
)

// flags: bilinear scaling, the cheapest filter that does not alias when a
// 1080p picture is shrunk to a window (fast_bilinear measured ~20% cheaper
// but shimmers on the burned-in text). Full chroma interpolation would cost
// more than the conversion itself and is invisible at video sizes.
const flags = C.SWS_BILINEAR

// Scaler converts frames to RGBA at a chosen size; it keeps one libswscale
// context and rebuilds it when the source or target changes. Not safe for
// concurrent use; Close frees it.
//
// The picture is written to C memory, not the Go heap: it is 6.7 MB in a
// 1728x972 window, and the window binary's collector keeps its heap at
// +25% of what is live, so a Go buffer cost its size and a quarter more,
// and made every collection's target larger.
type Scaler struct {
	ctx    *C.struct_SwsContext
	key    key
	pix    unsafe.Pointer // C memory (av_malloc), pixLen bytes
	pixLen int
}

type key struct {
	sw, sh, dw, dh int
	bt709          bool
}

// Scale converts f to a dw×dh RGBA picture (4 bytes a pixel, rows of 4×dw
// bytes) and returns its pixels, valid until the next call of Scale or
// Close (they are C memory the Scaler owns: copy what must outlive them). The samples
// are limited range (what media.VideoFrame carries); bt709 picks the
// BT.709 matrix, else BT.601.
func (s *Scaler) Scale(f *media.VideoFrame, dw, dh int, bt709 bool) ([]byte, error) {
	if f == nil || f.Width <= 0 || f.Height <= 0 || dw <= 0 || dh <= 0 {
		return nil, fmt.Errorf("%w: %v → %dx%d", ErrSize, frameSize(f), dw, dh)
	}
	if len(f.Y) < f.StrideY*(f.Height-1)+f.Width || len(f.U) < f.StrideC*((f.Height+1)/2-1)+(f.Width+1)/2 || len(f.V) < len(f.U) {
		return nil, fmt.Errorf("%w: %dx%d with strides %d/%d", ErrPlanes, f.Width, f.Height, f.StrideY, f.StrideC)
	}
	k := key{f.Width, f.Height, dw, dh, bt709}
	if s.ctx == nil || k != s.key {
		s.freeContext()
		s.ctx = C.sp_context(C.int(k.sw), C.int(k.sh), C.int(dw), C.int(dh), cbool(bt709), flags)
		if s.ctx == nil {
			return nil, fmt.Errorf("%w: %dx%d → %dx%d", ErrContext, k.sw, k.sh, dw, dh)
		}
		s.key = k
	}
	n := 4 * dw * dh
	if s.pixLen < n {
		s.freePix()
		s.pix = C.av_malloc(C.size_t(n))
		if s.pix == nil {
			return nil, fmt.Errorf("%w: %d bytes for %dx%d", ErrMemory, n, dw, dh)
		}
		s.pixLen = n
	}
	rows := C.sp_scale(s.ctx, (*C.uint8_t)(&f.Y[0]), (*C.uint8_t)(&f.U[0]), (*C.uint8_t)(&f.V[0]),
		C.int(f.StrideY), C.int(f.StrideC), C.int(f.Height), (*C.uint8_t)(s.pix), C.int(4*dw))
	if int(rows) != dh {
		return nil, fmt.Errorf("%w: %d of %d rows", ErrScale, int(rows), dh)
	}
	return unsafe.Slice((*byte)(s.pix), n), nil
}

// Close frees the libswscale context and the picture; the Scaler can be
// used again.
func (s *Scaler) Close() {
	s.freeContext()
	s.freePix()
}

func (s *Scaler) freeContext() {
	if s.ctx != nil {
		C.sws_freeContext(s.ctx)
		s.ctx = nil
	}
}

func (s *Scaler) freePix() {
	if s.pix != nil {
		C.av_free(s.pix)
		s.pix, s.pixLen = nil, 0
	}
}

func cbool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

func frameSize(f *media.VideoFrame) string {
	if f == nil {
		return "no frame"
	}
	return fmt.Sprintf("%dx%d", f.Width, f.Height)
}
