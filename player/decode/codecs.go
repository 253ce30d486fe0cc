package decode

import (
	"strings"

	"github.com/asticode/go-astiav"
)

// Codecs are allow-listed: the decoder only feeds FFmpeg's decoders for
// formats a video player meets, which keeps the rarely exercised parsers of
// FFmpeg's long tail away from bytes that came off the network.
var (
	videoCodecs = map[string]bool{
		"h264": true, "hevc": true, "vp8": true, "vp9": true, "av1": true,
		"mpeg2video": true, "mpeg4": true,
	}
	audioCodecs = map[string]bool{
		"aac": true, "aac_latm": true, "mp3": true, "mp2": true, "ac3": true,
		"eac3": true, "opus": true, "vorbis": true, "flac": true, "alac": true,
	}
	// stillImageCodecs are cover art in audio files (attached pictures),
	// not video: such streams are ignored rather than refused.
	stillImageCodecs = map[string]bool{
		"mjpeg": true, "png": true, "bmp": true, "gif": true, "webp": true, "tiff": true,
	}
	// preferredDecoders: FFmpeg 5.1's native "av1" decoder only drives
	// hardware; software AV1 needs libdav1d (or libaom).
	preferredDecoders = map[string][]string{
		"av1": {"libdav1d", "libaom-av1"},
	}
)

// audioCodecAllowed accepts the listed codecs and plain PCM.
func audioCodecAllowed(name string) bool {
	return audioCodecs[name] || strings.HasPrefix(name, "pcm_")
}

// findDecoder returns FFmpeg's decoder for an allowed codec, or an
// *UnsupportedCodecError.
func findDecoder(id astiav.CodecID, mediaType string) (*astiav.Codec, error) {
	name := id.Name()
	allowed := videoCodecs[name]
	if mediaType == "audio" {
		allowed = audioCodecAllowed(name)
	}
	if !allowed {
		return nil, &UnsupportedCodecError{Media: mediaType, Codec: name}
	}
	names, special := preferredDecoders[name]
	if !special {
		// FFmpeg's own decoder carries the codec's name; hardware
		// wrappers (h264_cuvid, ...) do not.
		names = []string{name}
	}
	for _, n := range names {
		if c := astiav.FindDecoderByName(n); c != nil {
			return c, nil
		}
	}
	if !special {
		if c := astiav.FindDecoder(id); c != nil {
			return c, nil
		}
	}
	return nil, &UnsupportedCodecError{Media: mediaType, Codec: name}
}
