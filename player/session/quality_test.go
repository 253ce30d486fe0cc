package session

import (
	"errors"
	"testing"

	"smartplay/player/abr"
)

func TestParseQuality(t *testing.T) {
	vs := []abr.Variant{{Height: 360}, {Height: 720, Bandwidth: 2e6}, {Height: 720, Bandwidth: 3e6}, {Height: 1080}}
	tests := []struct {
		in      string
		want    int
		wantErr bool
	}{
		{"auto", Auto, false}, {"", Auto, false}, {" AUTO ", Auto, false},
		{"360p", 0, false}, {"720p", 2, false}, {"1080P", 3, false},
		{"1", 0, false}, {"4", 3, false},
		{"0", 0, true}, {"5", 0, true}, {"480p", 0, true}, {"hd", 0, true}, {"p", 0, true}, {"-1", 0, true},
	}
	for _, tc := range tests {
		got, err := ParseQuality(tc.in, vs)
		if (err != nil) != tc.wantErr || (err == nil && got != tc.want) {
			t.Errorf("ParseQuality(%q) = %d, %v; want %d, error %v", tc.in, got, err, tc.want, tc.wantErr)
		}
		if err != nil && !errors.Is(err, ErrBadQuality) {
			t.Errorf("ParseQuality(%q) error %v is not ErrBadQuality", tc.in, err)
		}
	}
}
