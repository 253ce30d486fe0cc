package cli

import (
	"strings"
	"testing"

	"smartplay/player/abr"
	"smartplay/player/netinfo"
)

func TestNetworkHint(t *testing.T) {
	wifi := func() netinfo.Info { return netinfo.Info{Interface: "wlan0", Type: abr.NetworkWiFi, Signal: 2} }
	tests := []struct {
		network string
		signal  int
		want    abr.NetworkHint
		err     string
	}{
		{"auto", -1, abr.NetworkHint{Type: abr.NetworkWiFi, Signal: 2}, ""},
		{"auto", 4, abr.NetworkHint{Type: abr.NetworkWiFi, Signal: 4}, ""}, // --signal wins
		{"Cellular", 1, abr.NetworkHint{Type: abr.NetworkCellular, Signal: 1}, ""},
		{"ethernet", -1, abr.NetworkHint{Type: abr.NetworkEthernet, Signal: -1}, ""},
		{"unknown", -1, abr.NetworkHint{Signal: -1}, ""}, // no detection
		{"5g", -1, abr.NetworkHint{}, `--network "5g"`},
		{"wifi", 7, abr.NetworkHint{}, "--signal 7"},
	}
	for _, tc := range tests {
		got, err := networkHint(tc.network, tc.signal, wifi)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s/%d: err %v, want %q", tc.network, tc.signal, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("%s/%d: %+v, %v; want %+v", tc.network, tc.signal, got, err, tc.want)
		}
	}
}

func TestDataFlags(t *testing.T) {
	tests := []struct {
		args      []string
		cap, bud  int64
		wantError string
	}{
		{[]string{"--cellular-cap", "1500", "--data-budget", "250.5"}, 1_500_000, 250_500_000, ""},
		{nil, 0, 0, ""},
		{[]string{"--cellular-cap", "-1"}, 0, 0, "--cellular-cap -1"},
		{[]string{"--data-budget", "NaN"}, 0, 0, "--data-budget NaN"},
	}
	for _, tc := range tests {
		var f playFlags
		var stderr strings.Builder
		fs := newPlayFlagSet(&stderr, &f)
		if err := fs.Parse(append(tc.args, "--network", "unknown")); err != nil {
			t.Fatal(err)
		}
		cfg, err := f.config(&stderr)
		if tc.wantError != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantError) {
				t.Errorf("%v: err %v, want %q", tc.args, err, tc.wantError)
			}
			continue
		}
		if err != nil || cfg.CellularCap != tc.cap || cfg.DataBudget != tc.bud {
			t.Errorf("%v: cap %d budget %d err %v; want %d %d", tc.args, cfg.CellularCap, cfg.DataBudget, err, tc.cap, tc.bud)
		}
	}
}
