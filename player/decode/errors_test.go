package decode

import (
	"context"
	"errors"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"smartplay/assets"
	"smartplay/player/media"
)

// TestBadSegments feeds segments that cannot be (fully) decoded: each must
// return the expected error, emit at most what decodes, and not panic.
func TestBadSegments(t *testing.T) {
	tsSeg := segments(t, ladder(t, assets.TS), "180p")[0]
	fmSeg := segments(t, ladder(t, assets.FMP4), "180p")[0]
	rng := rand.New(rand.NewPCG(1, 2))
	garbage := make([]byte, 200_000)
	for i := range garbage {
		garbage[i] = byte(rng.Uint32())
	}
	// A playlist handed over as a segment: the HLS demuxer would open the
	// URLs it lists; it is not on the whitelist.
	playlist := []byte("#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n")
	ffv1 := readFile(t, filepath.Join(fixture(t, "ffv1", "-f", "lavfi", "-i", "testsrc2=s=160x90:r=30:d=1", "-c:v", "ffv1", "{}/v.mkv"), "v.mkv"))
	tests := []struct {
		name          string
		init, data    []byte
		want          error
		minV, maxV    int // frames emitted
		wantCodecName string
	}{
		{"empty", nil, nil, ErrEmptyInput, 0, 0, ""},
		{"garbage", nil, garbage, ErrOpenInput, 0, 0, ""},
		{"playlist text", nil, playlist, ErrOpenInput, 0, 0, ""},
		{"TS cut at 40%", nil, tsSeg.Data[:len(tsSeg.Data)*2/5], ErrCorrupt, 1, 299, ""},
		{"TS cut at a packet boundary", nil, tsSeg.Data[:len(tsSeg.Data)/2/188*188], ErrCorrupt, 1, 299, ""},
		{"TS with garbage in the middle", nil, splice(tsSeg.Data, garbage[:50_000]), ErrCorrupt, 1, 300, ""},
		{"fMP4 cut at 40%", fmSeg.Init, fmSeg.Data[:len(fmSeg.Data)*2/5], ErrCorrupt, 0, 299, ""},
		{"fMP4 without its init section", nil, fmSeg.Data, ErrOpenInput, 0, 0, ""},
		{"unsupported video codec", nil, ffv1, ErrUnsupportedCodec, 0, 0, "ffv1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := New(Options{})
			defer d.Close()
			var c collector
			seg := &media.Segment{Index: 0, Start: 0, Duration: 10 * time.Second, Init: tt.init, Data: tt.data, Last: true}
			err := d.Decode(context.Background(), seg, &c)
			if tt.want == nil && err != nil || tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if err != nil {
				t.Logf("error: %v", err)
			}
			var uc *UnsupportedCodecError
			if tt.wantCodecName != "" && (!errors.As(err, &uc) || uc.Codec != tt.wantCodecName) {
				t.Errorf("err = %v, want an UnsupportedCodecError naming %q", err, tt.wantCodecName)
			}
			if n := len(c.video); n < tt.minV || n > tt.maxV {
				t.Errorf("%d frames, want %d..%d", n, tt.minV, tt.maxV)
			}
			// The decoder stays usable: a good segment decodes after.
			var c2 collector
			good := *tsSeg
			good.Last = true
			if err := d.Decode(context.Background(), &good, &c2); err != nil || len(c2.video) != 300 {
				t.Errorf("after the bad segment: %d frames, err %v", len(c2.video), err)
			}
		})
	}
}

// splice returns a copy of b with junk written over its middle.
func splice(b, junk []byte) []byte {
	out := append([]byte(nil), b...)
	copy(out[len(out)/2:], junk)
	return out
}

func TestUnsupportedCodecFile(t *testing.T) {
	dir := fixture(t, "ffv1", "-f", "lavfi", "-i", "testsrc2=s=160x90:r=30:d=1", "-c:v", "ffv1", "{}/v.mkv")
	var c collector
	_, err := DecodeFile(context.Background(), filepath.Join(dir, "v.mkv"), 0, &c)
	var uc *UnsupportedCodecError
	if !errors.As(err, &uc) || uc.Codec != "ffv1" || uc.Media != "video" || !errors.Is(err, ErrUnsupportedCodec) {
		t.Fatalf("err = %v, want unsupported video codec ffv1", err)
	}
	t.Log(err)
}

// cancelSink cancels the context after n frames, as a player closing.
type cancelSink struct {
	collector
	n      int
	cancel context.CancelFunc
}

func (s *cancelSink) Video(ctx context.Context, f *media.VideoFrame) error {
	if len(s.video) == s.n {
		s.cancel()
	}
	return s.collector.Video(ctx, f)
}

func TestCancel(t *testing.T) {
	seg := segments(t, ladder(t, assets.TS), "1080p")[0]
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := &cancelSink{n: 5, cancel: cancel}
	d := New(Options{})
	defer d.Close()
	start := time.Now()
	err := d.Decode(ctx, seg, s)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if len(s.video) > 6 {
		t.Errorf("%d frames emitted after cancel at 5", len(s.video))
	}
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("cancel took %v", el)
	}
	if err := d.Decode(context.Background(), nil, s); !errors.Is(err, ErrNilSegment) {
		t.Errorf("nil segment: %v", err)
	}
	d.Close()
	if err := d.Decode(context.Background(), seg, s); !errors.Is(err, ErrClosed) {
		t.Errorf("after Close: %v", err)
	}
}
