package netinfo

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"strconv"
	"strings"

	"smartplay/player/abr"
)

// Info is what Detect found.
type Info struct {
	// Interface carries the default route ("" when none was found).
	Interface string
	// Type of that interface's link; NetworkUnknown when it cannot tell
	// (a VPN tunnel hides the link beneath it).
	Type abr.NetworkType
	// Signal is 0 (none) … 4 (full) for Wi-Fi, -1 when unknown.
	Signal int
}

// Hint is Info as an abr.NetworkHint (RTT unknown).
func (i Info) Hint() abr.NetworkHint { return abr.NetworkHint{Type: i.Type, Signal: i.Signal} }

// cellularPrefixes name modem interfaces on Linux and Android kernels
// (wwan: ModemManager/MBIM; rmnet: Qualcomm; ccmni: MediaTek).
var cellularPrefixes = []string{"wwan", "rmnet", "ccmni"}

// Link quality scales of /proc/net/wireless: most drivers (iwlwifi,
// ath9k, mac80211's default) report quality out of 70; a few out of 100.
const (
	qualityMax70  = 70
	qualityMax100 = 100
	signalLevels  = 4 // the --signal scale is 0..4
)

// Detect looks at this machine. It never fails: what cannot be read is
// unknown.
func Detect() Info {
	if runtime.GOOS != "linux" {
		return Info{Signal: -1}
	}
	info, _ := DetectFS(os.DirFS("/"))
	return info
}

// DetectFS reads a tree laid out like / (proc/net/route, sys/class/net,
// …). The error says why the default route's interface was not found;
// Info is then unknown.
func DetectFS(fsys fs.FS) (Info, error) {
	info := Info{Signal: -1}
	iface, err := defaultInterface(fsys)
	if err != nil {
		return info, err
	}
	info.Interface = iface
	info.Type = linkType(fsys, iface)
	if info.Type == abr.NetworkWiFi {
		info.Signal = wifiSignal(fsys, iface)
	}
	return info, nil
}

// defaultInterface is the interface of the IPv4 default route with the
// lowest metric, else of the IPv6 default route.
func defaultInterface(fsys fs.FS) (string, error) {
	best, bestMetric := "", -1
	lines(fsys, "proc/net/route", func(f []string) {
		// Iface Destination Gateway Flags RefCnt Use Metric Mask …, hex.
		if len(f) < 8 || f[1] != "00000000" || f[7] != "00000000" {
			return
		}
		flags, err1 := strconv.ParseUint(f[3], 16, 32)
		metric, err2 := strconv.Atoi(f[6])
		const rtfUp = 0x1
		if err1 != nil || err2 != nil || flags&rtfUp == 0 {
			return
		}
		if bestMetric < 0 || metric < bestMetric {
			best, bestMetric = f[0], metric
		}
	})
	if best != "" {
		return best, nil
	}
	lines(fsys, "proc/net/ipv6_route", func(f []string) {
		// dest prefixlen src srclen nexthop metric refcnt use flags iface
		if len(f) < 10 || best != "" || f[1] != "00" || strings.Trim(f[0], "0") != "" || f[9] == "lo" {
			return
		}
		metric, err := strconv.ParseUint(f[5], 16, 32)
		const unreachableMetric = 0xffffffff // the kernel's "no route" entry
		if err == nil && metric != unreachableMetric {
			best = f[9]
		}
	})
	if best == "" {
		return "", ErrNoDefaultRoute
	}
	return best, nil
}

// linkType classifies an interface.
func linkType(fsys fs.FS, iface string) abr.NetworkType {
	dir := "sys/class/net/" + iface
	if exists(fsys, dir+"/wireless") || exists(fsys, dir+"/phy80211") {
		return abr.NetworkWiFi
	}
	devtype := ""
	lines(fsys, dir+"/uevent", func(f []string) {
		if len(f) == 1 && strings.HasPrefix(f[0], "DEVTYPE=") {
			devtype = strings.TrimPrefix(f[0], "DEVTYPE=")
		}
	})
	switch devtype {
	case "wlan":
		return abr.NetworkWiFi
	case "wwan":
		return abr.NetworkCellular
	case "wireguard":
		return abr.NetworkUnknown // a VPN: the real link is beneath it
	}
	for _, p := range cellularPrefixes {
		if strings.HasPrefix(iface, p) {
			return abr.NetworkCellular
		}
	}
	if exists(fsys, dir+"/tun_flags") {
		return abr.NetworkUnknown // a VPN (tun/tap)
	}
	if first(fsys, dir+"/operstate") == "up" && first(fsys, dir+"/carrier") == "1" {
		return abr.NetworkEthernet
	}
	return abr.NetworkUnknown
}

// wifiSignal maps the link quality in /proc/net/wireless to 0..4; -1 when
// the interface is not listed.
func wifiSignal(fsys fs.FS, iface string) int {
	signal := -1
	lines(fsys, "proc/net/wireless", func(f []string) {
		// "wlan0: 0000   54.  -56.  -256 …": interface, status, link quality.
		if len(f) < 3 || strings.TrimSuffix(f[0], ":") != iface {
			return
		}
		q, err := strconv.ParseFloat(strings.TrimSuffix(f[2], "."), 64)
		if err != nil || q < 0 {
			return
		}
		scale := float64(qualityMax70)
		if q > qualityMax70 {
			scale = qualityMax100
		}
		signal = min(int(q/scale*signalLevels+0.5), signalLevels)
	})
	return signal
}

// maxFileBytes: every file read here is a few lines; a routing table of a
// router can be long, but not this long.
const maxFileBytes = 1 << 20

// lines calls fn with the fields of each line of name (nothing when it
// cannot be read).
func lines(fsys fs.FS, name string, fn func(fields []string)) {
	f, err := fsys.Open(name)
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(&limited{f, maxFileBytes})
	for sc.Scan() {
		fn(strings.Fields(sc.Text()))
	}
}

func first(fsys fs.FS, name string) string {
	b, err := fs.ReadFile(fsys, name)
	if err != nil || len(b) > maxFileBytes {
		return ""
	}
	return strings.TrimSpace(string(b))
}

func exists(fsys fs.FS, name string) bool {
	_, err := fs.Stat(fsys, name)
	return err == nil
}

// limited stops reading after n bytes.
type limited struct {
	f fs.File
	n int
}

func (l *limited) Read(p []byte) (int, error) {
	if l.n <= 0 {
		return 0, fmt.Errorf("netinfo: file larger than %d bytes", maxFileBytes)
	}
	if len(p) > l.n {
		p = p[:l.n]
	}
	n, err := l.f.Read(p)
	l.n -= n
	return n, err
}
