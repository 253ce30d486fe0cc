// Package netinfo tells what kind of network the machine reaches the
// internet over, for the startup decision (abr.NetworkHint): the interface
// of the default route, its type (Wi-Fi, cellular, Ethernet) and, for
// Wi-Fi, the signal on the 0-4 scale of the --signal flag.
//
// On Linux it reads /proc/net/route (/proc/net/ipv6_route when there is
// no IPv4 default route), /sys/class/net/<if>/{wireless,phy80211,uevent,
// tun_flags,operstate,carrier} and /proc/net/wireless. Elsewhere, or when
// nothing can be read, the answer is "unknown" with an unknown signal.
//
//	info := netinfo.Detect()               // this machine
//	info, err := netinfo.DetectFS(fsys)    // a tree laid out like / (tests)
package netinfo
