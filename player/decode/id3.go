package decode

import (
	"bytes"
	"encoding/binary"
)

// HLS packed audio (ADTS, MP3, AC-3 segments) carries no container
// timestamps: the first is given by an ID3v2 PRIV frame whose owner is
// this, followed by 8 bytes holding a 33-bit MPEG-TS timestamp (RFC 8216,
// section 3.4). FFmpeg's raw demuxers skip the tag, so it is read here.
var transportStreamTimestampOwner = []byte("com.apple.streaming.transportStreamTimestamp\x00")

const (
	id3HeaderBytes      = 10 // "ID3", version, revision, flags, syncsafe size
	id3FrameHeaderBytes = 10 // ID, size, flags
	// id3ExtendedHeaderFlag marks a tag with an extended header.
	id3ExtendedHeaderFlag = 0x40
	mpegtsTimestampMask   = 1<<33 - 1
)

// packedAudioTimestamp returns the MPEG-TS timestamp (90 kHz ticks) of the
// ID3 tag at the start of a packed audio segment, if it has one. Every
// length is checked against the data: a hostile tag yields false, never a
// panic.
func packedAudioTimestamp(data []byte) (int64, bool) {
	if len(data) < id3HeaderBytes || !bytes.HasPrefix(data, []byte("ID3")) {
		return 0, false
	}
	version, flags := data[3], data[5]
	size, ok := syncsafe(data[6:10])
	if !ok || (version != 3 && version != 4) {
		return 0, false
	}
	tag := data[id3HeaderBytes:min(len(data), id3HeaderBytes+size)]
	if flags&id3ExtendedHeaderFlag != 0 { // skip it: its size is the first 4 bytes
		if len(tag) < 4 {
			return 0, false
		}
		n := int(binary.BigEndian.Uint32(tag))
		if version == 4 {
			if n, ok = syncsafe(tag[:4]); !ok {
				return 0, false
			}
		} else {
			n += 4 // v2.3 does not count the size field itself
		}
		if n < 0 || n > len(tag) {
			return 0, false
		}
		tag = tag[n:]
	}
	for len(tag) >= id3FrameHeaderBytes && tag[0] != 0 {
		id := string(tag[:4])
		n := int(binary.BigEndian.Uint32(tag[4:8]))
		if version == 4 {
			if n, ok = syncsafe(tag[4:8]); !ok {
				return 0, false
			}
		}
		body := tag[id3FrameHeaderBytes:]
		if n < 0 || n > len(body) {
			return 0, false
		}
		body = body[:n]
		if id == "PRIV" && bytes.HasPrefix(body, transportStreamTimestampOwner) {
			ts := body[len(transportStreamTimestampOwner):]
			if len(ts) < 8 {
				return 0, false
			}
			return int64(binary.BigEndian.Uint64(ts) & mpegtsTimestampMask), true
		}
		tag = tag[id3FrameHeaderBytes+n:]
	}
	return 0, false
}

// syncsafe decodes a 4-byte ID3 syncsafe integer (7 bits a byte).
func syncsafe(b []byte) (int, bool) {
	n := 0
	for _, c := range b {
		if c&0x80 != 0 {
			return 0, false
		}
		n = n<<7 | int(c)
	}
	return n, true
}
