// Package decode turns media bytes into pictures and sound: HLS segments
// (MPEG-TS, fMP4) held in memory, or a local media file, become
// *media.VideoFrame values (planar YUV 4:2:0, 8-bit; the planes are the
// decoder's own pictures, referenced, not copied) and
// *media.AudioChunk values (s16le stereo 48 kHz), in presentation order,
// with timestamps on the playlist's timeline.
//
// It owns FFmpeg (through go-astiav v0.16): demuxing through a custom IO
// context so that FFmpeg only reads the bytes it is given and never opens a
// URL or path (format and protocol whitelists), decoding (H.264, HEVC, VP9,
// AV1 via libdav1d, AAC, ...; other codecs fail with
// *UnsupportedCodecError), pixel format conversion (swscale) and audio
// conversion (a libavfilter aformat graph).
//
// Use:
//
//	d := decode.New(decode.Options{})
//	defer d.Close()
//	for seg := range segments {
//		err := d.Decode(ctx, seg, sink) // errors.Is(err, decode.ErrCorrupt): go on
//	}
//	d.Flush(ctx, sink) // end of stream (a segment with Last flushes too)
//
// A Decoder keeps its decoders across segments while the codec parameters
// stay the same, and drains and reopens them when they change (a rendition
// switch to another resolution, SPS or init segment): no frame is lost or
// emitted twice. One timestamp mapping, media = pts + offset, is kept across
// segments and recomputed only at the first segment, after a discontinuity
// or after a jump of more than a second, so video stays continuous and audio
// gapless across switches (small audio overlaps are trimmed and small gaps
// filled with silence). Call Reset before decoding from a new position.
//
// A segment with SeparateAudio takes its audio from Segment.Audio, the
// parts of a separate audio rendition (MPEG-TS, fMP4 or ADTS) that overlap
// it: each is demuxed through its own custom IO context, its packets
// retimed with the video's mapping (packed audio such as ADTS, which has
// no container timestamps, by its ID3 PRIV transportStreamTimestamp; a part
// with none, or with timestamps a second or more off, at its playlist time)
// and
// decoded interleaved with the video packets. Only audio packets that start
// inside the segment and were not played yet are decoded, so a part handed
// with two segments plays once; a part without data plays as silence.
//
// Frames and chunks belong to the sink once handed over (it must Release
// every VideoFrame). Errors matching ErrCorrupt mean the segment was
// damaged but what decoded was emitted; playback can go on.
//
// DecodeFile decodes a local file from a start time (seeking to the
// keyframe before it); ProbeFile reports a file's streams without
// decoding. SetFFmpegLogger routes FFmpeg's own messages (process-wide).
package decode
