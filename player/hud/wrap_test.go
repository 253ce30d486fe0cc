package hud

import (
	"slices"
	"testing"
)

func TestWrap(t *testing.T) {
	tests := []struct {
		s           string
		width, maxL int
		want        []string
	}{
		{"", 10, 3, nil},
		{"short", 10, 3, []string{"short"}},
		{"one two three four", 9, 3, []string{"one two", "three", "four"}},
		{"exactly10c next", 10, 3, []string{"exactly10c", "next"}},
		{"averyveryverylongword ok", 8, 5, []string{"averyver", "yverylon", "gword ok"}},
		{"a b c d e f g h", 3, 2, []string{"a b", "c …"}},
		{"abcdef ghijkl", 6, 1, []string{"abcde…"}},
		{"x", 1, 1, nil}, // too narrow to say anything
	}
	for _, tt := range tests {
		if got := Wrap(tt.s, tt.width, tt.maxL); !slices.Equal(got, tt.want) {
			t.Errorf("Wrap(%q, %d, %d) = %q, want %q", tt.s, tt.width, tt.maxL, got, tt.want)
		}
	}
}
