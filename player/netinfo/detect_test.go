package netinfo

import (
	"testing"
	"testing/fstest"

	"smartplay/player/abr"
)

const routeHeader = "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"

// route is a /proc/net/route line.
func route(iface, dest, flags, metric, mask string) string {
	return iface + "\t" + dest + "\t010200C0\t" + flags + "\t0\t0\t" + metric + "\t" + mask + "\t0\t0\t0\n"
}

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

func TestDetectFS(t *testing.T) {
	wireless := "Inter-| sta-|   Quality        |   Discarded packets               | Missed | WE\n" +
		" face | tus | link level noise |  nwid  crypt   frag  retry   misc | beacon | 22\n"
	tests := []struct {
		name  string
		files fstest.MapFS
		want  Info
		err   bool
	}{
		{
			name: "ethernet with a carrier (this container)",
			files: fstest.MapFS{
				"proc/net/route":            file(routeHeader + route("eth0", "00000000", "0003", "0", "00000000") + route("eth0", "000200C0", "0001", "0", "00FFFFFF")),
				"sys/class/net/eth0/uevent": file("INTERFACE=eth0\nIFINDEX=4\n"), "sys/class/net/eth0/operstate": file("up\n"),
				"sys/class/net/eth0/carrier": file("1\n"),
			},
			want: Info{Interface: "eth0", Type: abr.NetworkEthernet, Signal: -1},
		},
		{
			name: "ethernet without a carrier is unknown",
			files: fstest.MapFS{
				"proc/net/route":               file(routeHeader + route("eth0", "00000000", "0003", "0", "00000000")),
				"sys/class/net/eth0/operstate": file("down\n"), "sys/class/net/eth0/carrier": file("0\n"),
			},
			want: Info{Interface: "eth0", Type: abr.NetworkUnknown, Signal: -1},
		},
		{
			// Two default routes: the lower metric wins (Wi-Fi over a
			// docked Ethernet with a worse metric); 54/70 → 3.
			name: "wifi by the wireless directory, signal from link quality",
			files: fstest.MapFS{
				"proc/net/route": file(routeHeader + route("enp3s0", "00000000", "0003", "600", "00000000") +
					route("wlp2s0", "00000000", "0003", "100", "00000000")),
				"sys/class/net/wlp2s0/wireless/.keep": file(""),
				"proc/net/wireless":                   file(wireless + "wlp2s0: 0000   54.  -56.  -256        0      0      0      0      0        0\n"),
			},
			want: Info{Interface: "wlp2s0", Type: abr.NetworkWiFi, Signal: 3},
		},
		{
			name: "wifi by DEVTYPE, quality out of 100",
			files: fstest.MapFS{
				"proc/net/route":             file(routeHeader + route("wlan0", "00000000", "0003", "0", "00000000")),
				"sys/class/net/wlan0/uevent": file("DEVTYPE=wlan\nINTERFACE=wlan0\n"),
				"proc/net/wireless":          file(wireless + "wlan0: 0000   80.  -70.  -256        0      0      0      0      0        0\n"),
			},
			want: Info{Interface: "wlan0", Type: abr.NetworkWiFi, Signal: 3},
		},
		{
			name: "wifi not in /proc/net/wireless: signal unknown",
			files: fstest.MapFS{
				"proc/net/route":               file(routeHeader + route("wlan0", "00000000", "0003", "0", "00000000")),
				"sys/class/net/wlan0/phy80211": file(""),
			},
			want: Info{Interface: "wlan0", Type: abr.NetworkWiFi, Signal: -1},
		},
		{
			name: "cellular by DEVTYPE",
			files: fstest.MapFS{
				"proc/net/route":             file(routeHeader + route("mbim0", "00000000", "0003", "0", "00000000")),
				"sys/class/net/mbim0/uevent": file("DEVTYPE=wwan\n"),
			},
			want: Info{Interface: "mbim0", Type: abr.NetworkCellular, Signal: -1},
		},
		{
			name:  "cellular by name",
			files: fstest.MapFS{"proc/net/route": file(routeHeader + route("rmnet_data0", "00000000", "0003", "0", "00000000"))},
			want:  Info{Interface: "rmnet_data0", Type: abr.NetworkCellular, Signal: -1},
		},
		{
			name: "a VPN tunnel hides the link",
			files: fstest.MapFS{
				"proc/net/route":               file(routeHeader + route("tun0", "00000000", "0003", "0", "00000000")),
				"sys/class/net/tun0/tun_flags": file("0x1001\n"), "sys/class/net/tun0/operstate": file("up\n"),
				"sys/class/net/tun0/carrier": file("1\n"),
			},
			want: Info{Interface: "tun0", Type: abr.NetworkUnknown, Signal: -1},
		},
		{
			name: "a default route that is down does not count; IPv6 then",
			files: fstest.MapFS{
				"proc/net/route": file(routeHeader + route("eth0", "00000000", "0002", "0", "00000000")),
				"proc/net/ipv6_route": file("00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo\n" +
					"00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000001 00000000 00450003    wlan0\n"),
				"sys/class/net/wlan0/uevent": file("DEVTYPE=wlan\n"),
			},
			want: Info{Interface: "wlan0", Type: abr.NetworkWiFi, Signal: -1},
		},
		{
			name:  "no route at all",
			files: fstest.MapFS{"proc/net/route": file(routeHeader + route("eth0", "000200C0", "0001", "0", "00FFFFFF"))},
			want:  Info{Signal: -1},
			err:   true,
		},
		{name: "nothing readable", files: fstest.MapFS{}, want: Info{Signal: -1}, err: true},
		{
			name:  "garbage lines are skipped",
			files: fstest.MapFS{"proc/net/route": file("eth0 00000000\n\x00\xff garbage\n" + route("eth1", "00000000", "zz", "0", "00000000"))},
			want:  Info{Signal: -1},
			err:   true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := DetectFS(tc.files)
			if got != tc.want || (err != nil) != tc.err {
				t.Fatalf("DetectFS = %+v, %v; want %+v (error %v)", got, err, tc.want, tc.err)
			}
		})
	}
}

// Detect on this machine never fails and gives a valid hint.
func TestDetectHere(t *testing.T) {
	info := Detect()
	switch info.Type {
	case abr.NetworkUnknown, abr.NetworkWiFi, abr.NetworkCellular, abr.NetworkEthernet:
	default:
		t.Fatalf("type %q", info.Type)
	}
	if info.Signal < -1 || info.Signal > 4 || (info.Type != abr.NetworkWiFi && info.Signal != -1) {
		t.Fatalf("signal %d for %q", info.Signal, info.Type)
	}
	t.Logf("this machine: %+v", info)
}
