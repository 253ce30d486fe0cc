package render

import (
	"smartplay/player/media"
)

// maxTextureSide bounds the packed image's sides: 4096 texels, which every
// GL driver Ebiten runs on supports (Mesa llvmpipe allows 16384); a
// 7680×4320 frame still fits (4096×3038 texels).
const maxTextureSide = 4096

// packLayout describes how a frame's Y, U and V bytes lie in the RGBA
// texels of one image: byte i of the buffer is component i%4 of texel i/4,
// texels in rows of TexW. The shader addresses the planes linearly.
type packLayout struct {
	W, H             int // frame size in pixels
	TexW, TexH       int // image size in texels
	StrideY, StrideC int // bytes between rows of the planes in the buffer
	OffU, OffV       int // byte offsets of the U and V planes
}

// bytes is the buffer length WritePixels needs.
func (l packLayout) bytes() int { return l.TexW * l.TexH * 4 }

// texSize picks the texture shape for n bytes: rows of about a luma row.
func texSize(n, strideY int) (w, h int) {
	texels := (n + 3) / 4
	w = max((strideY+3)/4, 1)
	if w > maxTextureSide {
		w = maxTextureSide
	}
	h = (texels + w - 1) / w
	if h > maxTextureSide { // very tall: use wider rows
		w = maxTextureSide
		h = (texels + w - 1) / w
	}
	return w, h
}

// packFrame returns the bytes to upload for f and their layout. When the
// planes already lie back to back in one allocation with room for the
// whole image (as media.NewVideoFrame makes them, for widths that are a
// multiple of 4), the frame's own memory is returned: no copy. Otherwise the
// planes are copied tightly into scratch (grown as needed). ok is false when
// the frame cannot fit in a texture.
func packFrame(f *media.VideoFrame, scratch []byte) (pix []byte, l packLayout, newScratch []byte, ok bool) {
	w, h := f.Width, f.Height
	cw, ch := (w+1)/2, (h+1)/2
	l = packLayout{W: w, H: h}
	if full := f.Y[:cap(f.Y)]; len(f.Y) < len(full) && len(f.U) > 0 && len(f.V) > 0 {
		offU := len(f.Y)
		offV := offU + len(f.U)
		if offV < len(full) && &full[offU] == &f.U[0] && &full[offV] == &f.V[0] {
			l.StrideY, l.StrideC, l.OffU, l.OffV = f.StrideY, f.StrideC, offU, offV
			l.TexW, l.TexH = texSize(offV+len(f.V), f.StrideY)
			if l.TexW <= maxTextureSide && l.TexH <= maxTextureSide && l.bytes() <= len(full) {
				return full[:l.bytes()], l, scratch, true
			}
		}
	}
	l.StrideY, l.StrideC = w, cw
	l.OffU = w * h
	l.OffV = l.OffU + cw*ch
	l.TexW, l.TexH = texSize(l.OffV+cw*ch, w)
	if l.TexW > maxTextureSide || l.TexH > maxTextureSide {
		return nil, l, scratch, false
	}
	if cap(scratch) < l.bytes() {
		scratch = make([]byte, l.bytes())
	}
	pix = scratch[:l.bytes()]
	copyPlane(pix[:l.OffU], f.Y, w, h, f.StrideY)
	copyPlane(pix[l.OffU:l.OffV], f.U, cw, ch, f.StrideC)
	copyPlane(pix[l.OffV:], f.V, cw, ch, f.StrideC)
	return pix, l, scratch, true
}

// copyPlane copies rows of w bytes from src (rows stride apart) to dst
// (rows w apart).
func copyPlane(dst, src []byte, w, h, stride int) {
	if stride == w {
		copy(dst[:w*h], src[:w*h])
		return
	}
	for y := range h {
		copy(dst[y*w:(y+1)*w], src[y*stride:y*stride+w])
	}
}

// yuvShaderSrc converts the packed planes to RGB. srcPos carries the
// position in frame pixels (plus the image's origin); luma and chroma are
// sampled bilinearly by hand, as the image's texels hold bytes, not colours.
// Chroma is sited as in H.264 by default (left, between rows).
var yuvShaderSrc = []byte(`//kage:unit pixels

package main

var TexW float
var StrideY float
var StrideC float
var OffU float
var OffV float
var Size vec2
var Coef vec4

func byteAt(i float) float {
	t := floor(i / 4)
	row := floor((t + 0.5) / TexW)
	col := t - row*TexW
	c := imageSrc0UnsafeAt(imageSrc0Origin() + vec2(col, row) + 0.5)
	k := i - t*4
	sel := vec4(1) - step(vec4(0.5), abs(vec4(k)-vec4(0, 1, 2, 3)))
	return dot(c, sel)
}

func lumaAt(x, y float) float {
	return byteAt(y*StrideY + x)
}

func bilinearY(p vec2) float {
	q := p - 0.5
	i := floor(q)
	f := q - i
	x0 := clamp(i.x, 0, Size.x-1)
	x1 := clamp(i.x+1, 0, Size.x-1)
	y0 := clamp(i.y, 0, Size.y-1)
	y1 := clamp(i.y+1, 0, Size.y-1)
	a := mix(lumaAt(x0, y0), lumaAt(x1, y0), f.x)
	b := mix(lumaAt(x0, y1), lumaAt(x1, y1), f.x)
	return mix(a, b, f.y)
}

func bilinearUV(p vec2) vec2 {
	csize := floor((Size + 1) / 2)
	q := vec2((p.x-0.5)/2, (p.y-1)/2)
	i := floor(q)
	f := q - i
	x0 := clamp(i.x, 0, csize.x-1)
	x1 := clamp(i.x+1, 0, csize.x-1)
	y0 := clamp(i.y, 0, csize.y-1)
	y1 := clamp(i.y+1, 0, csize.y-1)
	i00 := y0*StrideC + x0
	i10 := y0*StrideC + x1
	i01 := y1*StrideC + x0
	i11 := y1*StrideC + x1
	u := mix(mix(byteAt(OffU+i00), byteAt(OffU+i10), f.x), mix(byteAt(OffU+i01), byteAt(OffU+i11), f.x), f.y)
	v := mix(mix(byteAt(OffV+i00), byteAt(OffV+i10), f.x), mix(byteAt(OffV+i01), byteAt(OffV+i11), f.x), f.y)
	return vec2(u, v)
}

func Fragment(dstPos vec4, srcPos vec2, color vec4) vec4 {
	p := srcPos - imageSrc0Origin()
	y := (bilinearY(p)*255 - 16) / 219
	uv := (bilinearUV(p)*255 - 128) / 224
	r := y + Coef.x*uv.y
	g := y - Coef.y*uv.x - Coef.z*uv.y
	b := y + Coef.w*uv.x
	return vec4(clamp(vec3(r, g, b), 0, 1), 1)
}
`)
