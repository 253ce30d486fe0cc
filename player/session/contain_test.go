package session

import (
	"errors"
	"fmt"
	"testing"

	"smartplay/player/decode"
)

func TestDecodeGuard(t *testing.T) {
	corrupt := fmt.Errorf("decode: segment 1: %w", decode.ErrCorrupt)
	garbage := fmt.Errorf("decode: segment 2: %w", decode.ErrOpenInput)
	empty := fmt.Errorf("decode: segment 2: %w", decode.ErrEmptyInput)
	codec := &decode.UnsupportedCodecError{Media: "video", Codec: "ffv1"}
	other := errors.New("sink closed")
	for _, c := range []struct {
		name string
		errs []error
		want []bool // contained, per segment
	}{
		{"good segments", []error{nil, nil}, []bool{false, false}},
		{"corrupt data is always contained", []error{corrupt, corrupt, corrupt, corrupt}, []bool{true, true, true, true}},
		{"undecodable first: not known to play", []error{garbage}, []bool{false}},
		{"undecodable after a good one", []error{nil, garbage, empty, nil, garbage}, []bool{false, true, true, false, true}},
		{"three in a row end it", []error{nil, garbage, garbage, garbage}, []bool{false, true, true, false}},
		{"a corrupt one breaks the row", []error{corrupt, garbage, garbage, corrupt, garbage, garbage}, []bool{true, true, true, true, true, true}},
		{"an unsupported codec never", []error{nil, codec}, []bool{false, false}},
		{"other errors never", []error{nil, other}, []bool{false, false}},
	} {
		var g decodeGuard
		var got []bool
		for _, err := range c.errs {
			got = append(got, g.contain(err))
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s: contained %v, want %v", c.name, got, c.want)
		}
	}
}
