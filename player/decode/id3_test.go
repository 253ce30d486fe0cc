package decode

import (
	"encoding/binary"
	"testing"
)

// id3Tag builds an ID3v2 tag of version v holding frames (id, body).
func id3Tag(v byte, flags byte, ext []byte, frames ...[2][]byte) []byte {
	size := func(n int) []byte {
		if v == 4 {
			return []byte{byte(n >> 21 & 0x7f), byte(n >> 14 & 0x7f), byte(n >> 7 & 0x7f), byte(n & 0x7f)}
		}
		return binary.BigEndian.AppendUint32(nil, uint32(n))
	}
	body := append([]byte{}, ext...)
	for _, f := range frames {
		body = append(body, f[0]...)
		body = append(body, size(len(f[1]))...)
		body = append(body, 0, 0)
		body = append(body, f[1]...)
	}
	n := len(body)
	head := []byte{'I', 'D', '3', v, 0, flags, byte(n >> 21 & 0x7f), byte(n >> 14 & 0x7f), byte(n >> 7 & 0x7f), byte(n & 0x7f)}
	return append(head, body...)
}

func priv(owner string, ts uint64) [2][]byte {
	return [2][]byte{[]byte("PRIV"), binary.BigEndian.AppendUint64([]byte(owner+"\x00"), ts)}
}

func TestPackedAudioTimestamp(t *testing.T) {
	const owner = "com.apple.streaming.transportStreamTimestamp"
	text := [2][]byte{[]byte("TXXX"), []byte("\x00comment\x00hello")}
	for _, c := range []struct {
		name string
		data []byte
		want int64
		ok   bool
	}{
		{"v2.4", id3Tag(4, 0, nil, priv(owner, 900000)), 900000, true},
		{"v2.3 after another frame", id3Tag(3, 0, nil, text, priv(owner, 126000)), 126000, true},
		{"33 bits kept", id3Tag(4, 0, nil, priv(owner, 1<<33|5)), 5, true},
		{"v2.3 extended header", id3Tag(3, id3ExtendedHeaderFlag, []byte{0, 0, 0, 6, 0, 0, 0, 0, 0, 0}, priv(owner, 7)), 7, true},
		{"v2.4 extended header", id3Tag(4, id3ExtendedHeaderFlag, []byte{0, 0, 0, 6, 1, 0}, priv(owner, 8)), 8, true},
		{"other owner", id3Tag(4, 0, nil, priv("com.example.other", 1)), 0, false},
		{"no tag", []byte{0xff, 0xf1, 0x50, 0x80}, 0, false},
		{"empty", nil, 0, false},
		{"v2.2", id3Tag(2, 0, nil, priv(owner, 1)), 0, false},
		{"truncated timestamp", id3Tag(4, 0, nil, [2][]byte{[]byte("PRIV"), []byte(owner + "\x00\x01\x02")}), 0, false},
		{"frame longer than the tag", append(id3Tag(4, 0, nil, priv(owner, 1))[:20], 0xff), 0, false},
		{"bad syncsafe size", []byte{'I', 'D', '3', 4, 0, 0, 0x80, 0, 0, 0}, 0, false},
		{"extended header too long", id3Tag(3, id3ExtendedHeaderFlag, []byte{0x7f, 0, 0, 0}), 0, false},
	} {
		got, ok := packedAudioTimestamp(c.data)
		if got != c.want || ok != c.ok {
			t.Errorf("%s: %d, %v; want %d, %v", c.name, got, ok, c.want, c.ok)
		}
	}
}

func FuzzPackedAudioTimestamp(f *testing.F) {
	f.Add(id3Tag(4, 0, nil, priv("com.apple.streaming.transportStreamTimestamp", 900000)))
	f.Add(id3Tag(3, id3ExtendedHeaderFlag, []byte{0, 0, 0, 6, 0, 0, 0, 0, 0, 0}))
	f.Fuzz(func(t *testing.T, data []byte) {
		if ts, ok := packedAudioTimestamp(data); ok && (ts < 0 || ts > mpegtsTimestampMask) {
			t.Fatalf("timestamp %d out of 33 bits", ts)
		}
	})
}
