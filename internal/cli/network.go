package cli

import (
	"fmt"
	"strings"

	"smartplay/player/abr"
	"smartplay/player/netinfo"
)

// Bounds of the cellular data flags: beyond them the value is a typo.
const (
	// maxCellularCapKbps: 1 Gbit/s caps nothing a phone plan knows.
	maxCellularCapKbps = 1_000_000
	// maxDataBudgetMB: 1 TB per session is no budget.
	maxDataBudgetMB = 1_000_000
)

// networkHint turns --network and --signal into the first decision's
// hint. "auto" asks detect; an explicit --signal wins over the detected
// one.
func networkHint(network string, signal int, detect func() netinfo.Info) (abr.NetworkHint, error) {
	if signal < -1 || signal > 4 {
		return abr.NetworkHint{}, fmt.Errorf("--signal %d: want 0-4 (or -1 unknown)", signal)
	}
	h := abr.NetworkHint{Signal: signal}
	switch nt := abr.NetworkType(strings.ToLower(strings.TrimSpace(network))); nt {
	case "auto":
		d := detect().Hint()
		h.Type = d.Type
		if signal < 0 {
			h.Signal = d.Signal
		}
	case "unknown":
	case abr.NetworkWiFi, abr.NetworkCellular, abr.NetworkEthernet:
		h.Type = nt
	default:
		return h, fmt.Errorf("--network %q: want wifi, cellular, ethernet, unknown or auto", network)
	}
	return h, nil
}
