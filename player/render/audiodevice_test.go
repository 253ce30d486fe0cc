package render

import (
	"os"
	"testing"
)

func TestSoundSystemPresent(t *testing.T) {
	noFile := func(string) ([]byte, error) { return nil, os.ErrNotExist }
	cards := func(s string) func(string) ([]byte, error) {
		return func(string) ([]byte, error) { return []byte(s), nil }
	}
	none := func(string) bool { return false }
	only := func(p string) func(string) bool { return func(q string) bool { return q == p } }
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	tests := []struct {
		name   string
		env    map[string]string
		exists func(string) bool
		read   func(string) ([]byte, error)
		want   bool
	}{
		{"container with nothing", nil, none, cards("--- no soundcards ---\n"), false},
		{"no /proc/asound at all", nil, none, noFile, false},
		{"a card", nil, none, cards(" 0 [PCH ]: HDA-Intel - HDA Intel PCH\n"), true},
		{"pulse socket in XDG_RUNTIME_DIR", map[string]string{"XDG_RUNTIME_DIR": "/tmp/xdg"}, only("/tmp/xdg/pulse/native"), noFile, true},
		{"pipewire socket", map[string]string{"XDG_RUNTIME_DIR": "/tmp/xdg"}, only("/tmp/xdg/pipewire-0"), noFile, true},
		{"system-wide pulse", nil, only("/var/run/pulse/native"), noFile, true},
		{"root's pulse runtime dir", map[string]string{"HOME": "/root"}, only("/root/.config/pulse/*-runtime/native"), noFile, true},
		{"PULSE_SERVER set", map[string]string{"PULSE_SERVER": "tcp:host"}, none, noFile, true},
	}
	for _, tc := range tests {
		if got := soundSystemPresent(env(tc.env), tc.exists, tc.read); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
