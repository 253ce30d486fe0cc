package swscale

/*
#cgo pkg-config: libswscale libavutil
#include <libswscale/swscale.h>
#include <stddef.h>
#include <libavutil/frame.h>
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

static void sp_keep(void *opaque, uint8_t *data) {}

// sp_scale_rows converts rows [y0, y0+rows) of the scaled picture into dst
// (rows of dstStride bytes). The planes are passed one by one so that no
// Go pointer outlives the call in memory C sees: the frames and buffer
// references made here are freed before it returns.
//
// libswscale's frame API converts a band of the output from the whole
// input (sws_receive_slice); it writes output row y at
// frame->data[0] + y*linesize, so the frame's data pointer is set y0 rows
// before dst (libswscale itself offsets pointers this way).
static int sp_scale_rows(struct SwsContext *c, const uint8_t *y, const uint8_t *u, const uint8_t *v,
		int strideY, int strideC, int sw, int sh, int dw, int dh, int y0, int rows,
		uint8_t *dst, int dstStride) {
	int ret = AVERROR(ENOMEM);
	AVFrame *in = av_frame_alloc(), *out = av_frame_alloc();
	if (!in || !out) goto done;
	// Reference-counted frames: sws_frame_start would copy the planes of
	// a frame without buffers, and allocate an output picture for one.
	in->buf[0] = av_buffer_create((uint8_t *)y, 1, sp_keep, NULL, AV_BUFFER_FLAG_READONLY);
	out->buf[0] = av_buffer_create(dst, 1, sp_keep, NULL, 0);
	if (!in->buf[0] || !out->buf[0]) goto done;
	in->format = AV_PIX_FMT_YUV420P;
	in->width = sw;
	in->height = sh;
	in->data[0] = (uint8_t *)y;
	in->data[1] = (uint8_t *)u;
	in->data[2] = (uint8_t *)v;
	in->linesize[0] = strideY;
	in->linesize[1] = strideC;
	in->linesize[2] = strideC;
	out->format = AV_PIX_FMT_RGBA;
	out->width = dw;
	out->height = dh;
	out->data[0] = dst - (ptrdiff_t)y0 * dstStride;
	out->linesize[0] = dstStride;
	if ((ret = sws_frame_start(c, out, in)) < 0) goto done;
	if ((ret = sws_send_slice(c, 0, sh)) >= 0)
		ret = sws_receive_slice(c, y0, rows);
	sws_frame_end(c);
done:
	av_frame_free(&in);
	av_frame_free(&out);
	return ret;
}

static int sp_row_alignment(struct SwsContext *c) {
	return (int)sws_receive_slice_alignment(c);
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
// The picture is written to C memory, not the Go heap: the window
// binary's collector lets its heap grow by a share of what is live
// (GOGC), so a Go buffer would cost its size and that share more.
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
// bytes) and returns its pixels, valid until the next call of Scale,
// ScaleRows or Close (they are C memory the Scaler owns: copy what must
// outlive them). The samples are limited range (what media.VideoFrame
// carries); bt709 picks the BT.709 matrix, else BT.601.
func (s *Scaler) Scale(f *media.VideoFrame, dw, dh int, bt709 bool) ([]byte, error) {
	return s.ScaleRows(f, dw, dh, bt709, 0, dh)
}

// ScaleRows is Scale for rows y0 to y0+rows of the dw×dh picture: the
// same pixels as those rows of Scale's picture, in a buffer of that band
// only. A window converts the picture band by band so that no whole RGBA
// picture is held besides the one the GPU side takes. y0 must be a
// multiple of RowAlignment.
func (s *Scaler) ScaleRows(f *media.VideoFrame, dw, dh int, bt709 bool, y0, rows int) ([]byte, error) {
	if f == nil || f.Width <= 0 || f.Height <= 0 || dw <= 0 || dh <= 0 {
		return nil, fmt.Errorf("%w: %v → %dx%d", ErrSize, frameSize(f), dw, dh)
	}
	if y0 < 0 || rows <= 0 || y0+rows > dh {
		return nil, fmt.Errorf("%w: rows %d..%d of %d", ErrSize, y0, y0+rows, dh)
	}
	if len(f.Y) < f.StrideY*(f.Height-1)+f.Width || len(f.U) < f.StrideC*((f.Height+1)/2-1)+(f.Width+1)/2 || len(f.V) < len(f.U) {
		return nil, fmt.Errorf("%w: %dx%d with strides %d/%d", ErrPlanes, f.Width, f.Height, f.StrideY, f.StrideC)
	}
	if err := s.prepare(key{f.Width, f.Height, dw, dh, bt709}); err != nil {
		return nil, err
	}
	if a := s.RowAlignment(); y0%a != 0 || (rows%a != 0 && y0+rows != dh) {
		return nil, fmt.Errorf("%w: rows %d..%d not aligned to %d", ErrSize, y0, y0+rows, a)
	}
	n := 4 * dw * rows
	if s.pixLen < n {
		s.freePix()
		s.pix = C.av_malloc(C.size_t(n))
		if s.pix == nil {
			return nil, fmt.Errorf("%w: %d bytes for %dx%d", ErrMemory, n, dw, rows)
		}
		s.pixLen = n
	}
	got := C.sp_scale_rows(s.ctx, (*C.uint8_t)(&f.Y[0]), (*C.uint8_t)(&f.U[0]), (*C.uint8_t)(&f.V[0]),
		C.int(f.StrideY), C.int(f.StrideC), C.int(f.Width), C.int(f.Height), C.int(dw), C.int(dh),
		C.int(y0), C.int(rows), (*C.uint8_t)(s.pix), C.int(4*dw))
	if int(got) != rows {
		return nil, fmt.Errorf("%w: %d of rows %d..%d", ErrScale, int(got), y0, y0+rows)
	}
	return unsafe.Slice((*byte)(s.pix), n), nil
}

// RowAlignment is what ScaleRows' first row must be a multiple of for the
// conversion last prepared (1 for RGBA output; libswscale may ask more).
func (s *Scaler) RowAlignment() int {
	if s.ctx == nil {
		return 1
	}
	return max(int(C.sp_row_alignment(s.ctx)), 1)
}

// prepare makes the libswscale context for k, unless it has it.
func (s *Scaler) prepare(k key) error {
	if s.ctx != nil && k == s.key {
		return nil
	}
	s.freeContext()
	s.ctx = C.sp_context(C.int(k.sw), C.int(k.sh), C.int(k.dw), C.int(k.dh), cbool(k.bt709), flags)
	if s.ctx == nil {
		return fmt.Errorf("%w: %dx%d → %dx%d", ErrContext, k.sw, k.sh, k.dw, k.dh)
	}
	s.key = k
	return nil
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
