package hud

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// Readings are the live values the event log does not carry, read by the
// caller when the HUD is redrawn.
type Readings struct {
	// Buffer is the forward buffer ahead of the playhead; MaxBuffer its
	// limit (0: unknown, the bar is then scaled to DefaultMaxBuffer).
	Buffer, MaxBuffer time.Duration
	// AV is the A/V offset of the last frame shown: when it was shown
	// minus its due time on the audio clock (positive: video late).
	// HasAV says whether a frame was measured.
	AV    time.Duration
	HasAV bool
	// DataUsed is the bytes downloaded (init sections included) when the
	// caller knows them; the Model's own count from the log (segments and
	// aborted attempts) is used when larger.
	DataUsed int64
}

// DefaultMaxBuffer scales the buffer bar when the limit is unknown: the
// player's default forward buffer.
const DefaultMaxBuffer = 30 * time.Second

// keyWidth is the width of the key column ("decision  "), in characters.
const keyWidth = 10

// maxReasonLines bounds the decision's reason on the HUD: three lines
// hold every reason the strategies give at 44 columns; a longer one is
// trimmed with "…".
const maxReasonLines = 3

// MinColumns is the narrowest HUD that still reads (key column + ~20).
const MinColumns = 30

// Graph is the throughput graph's content over [From, To].
type Graph struct {
	From, To time.Duration // since the session opened
	TopKbps  float64       // the y axis' top
	// Throughput is the measured rate of each download, at its end.
	Throughput []Point
	// Chosen is the chosen rendition's bitrate from each At on (a step
	// line); the first point is at From when a choice was in effect then.
	Chosen   []Point
	Switches []Mark
	Stalls   []Span // a stall in progress ends at To
}

// View is what the HUD shows at one moment.
type View struct {
	// Head: the rendition on screen, the mode, the latest decision and its
	// reason (wrapped), the last switch.
	Head []string
	// BufferText is the buffer line's text; the bar shows Buffer of
	// MaxBuffer beside it.
	BufferText        string
	Buffer, MaxBuffer time.Duration
	// Net and Chosen are the graph's two lines' latest values: the last
	// download's throughput and the bitrate chosen ("—" before any).
	Net, Chosen string
	Graph       Graph
	// Foot: stalls, dropped frames, A/V offset; data and trace.
	Foot []string
}

// Lines is every text line in drawing order (the bar and graph aside).
func (v View) Lines() []string {
	out := slices.Clone(v.Head)
	out = append(out, v.BufferText, v.Legend())
	return append(out, v.Foot...)
}

// Legend is the graph's legend line.
func (v View) Legend() string {
	return fmt.Sprintf("%s%s  %s%s  (%s)", legendNet, v.Net, legendChosen, v.Chosen, spanText(v.Graph.To-v.Graph.From))
}

// The legend's words, coloured as the lines they name.
const (
	legendNet    = "net "
	legendChosen = "chosen "
)

// spanText says the graph's span: "60 s".
func spanText(d time.Duration) string { return fmt.Sprintf("%.0f s", d.Seconds()) }

// View builds the HUD for now (the injected clock) with the caller's
// readings, wrapping the reason to cols characters (at least MinColumns).
func (m *Model) View(r Readings, cols int) View {
	m.mu.Lock()
	defer m.mu.Unlock()
	cols = max(cols, MinColumns)
	now := m.elapsed()
	var v View
	key := func(k, s string) string { return fmt.Sprintf("%-*s%s", keyWidth, k, s) }

	rend := "starting"
	if m.shown >= 0 && m.shown < len(m.rends) {
		r := m.rends[m.shown]
		rend = r.Label
		if r.Width > 0 && r.Height > 0 {
			rend += fmt.Sprintf("  %d×%d", r.Width, r.Height)
		}
		if k := m.kbps(m.shown); k > 0 { // a local file declares none
			rend += "  " + rate(k)
		}
	}
	v.Head = append(v.Head, key("playing", rend))
	mode := "auto"
	if m.strategy != "" {
		mode += " (" + m.strategy + ")"
	}
	if m.quality != "" && m.quality != "auto" {
		mode = "fixed " + m.quality
	}
	v.Head = append(v.Head, key("mode", mode))
	var reason []string
	if m.hasDec {
		d := fmt.Sprintf("seg %d → %s", m.dec.seg, m.label(m.dec.rend))
		k := "decision"
		if m.dec.emergency {
			k = "emergency"
		} else {
			d += fmt.Sprintf(", buffer %.1f s", m.dec.buffer)
		}
		v.Head = append(v.Head, key(k, d))
		reason = Wrap(m.dec.reason, cols-keyWidth, maxReasonLines)
	} else {
		v.Head = append(v.Head, key("decision", "—"))
	}
	// Always maxReasonLines lines: the panel keeps its height as reasons
	// come and go, so nothing under it jumps.
	for i := range maxReasonLines {
		k, l := "", ""
		if i == 0 {
			k = "why"
		}
		if i < len(reason) {
			l = reason[i]
		}
		v.Head = append(v.Head, strings.TrimRight(key(k, l), " "))
	}
	if m.hasSw {
		v.Head = append(v.Head, key("switch", fmt.Sprintf("%s at %s", m.lastSw.Label, clock(seconds(m.lastSwPos)))))
	} else {
		v.Head = append(v.Head, key("switch", "none yet"))
	}

	v.Buffer, v.MaxBuffer = max(r.Buffer, 0), r.MaxBuffer
	if v.MaxBuffer <= 0 {
		v.MaxBuffer = DefaultMaxBuffer
	}
	v.BufferText = key("buffer", fmt.Sprintf("%4.1f s", v.Buffer.Seconds()))

	v.Graph = m.graph(now)
	v.Net, v.Chosen = "—", "—"
	if n := len(m.tput); n > 0 {
		v.Net = rate(m.tput[n-1].Kbps)
	}
	if n := len(m.chosen); n > 0 {
		v.Chosen = rate(m.chosen[n-1].Kbps)
	}

	stalled := m.stalled
	if m.stalling {
		stalled += max(now-m.stallAt, 0)
	}
	av := "—"
	if r.HasAV {
		av = fmt.Sprintf("%+d ms", r.AV.Milliseconds())
	}
	v.Foot = append(v.Foot, key("stalls", fmt.Sprintf("%d (%.1f s)   dropped %d   A/V %s", m.nStalls, stalled.Seconds(), m.dropped, av)))
	data := key("data", megabytes(max(m.bytes, r.DataUsed)))
	if m.cfg.Trace != "" {
		data += "   trace " + m.cfg.Trace
	}
	v.Foot = append(v.Foot, data)
	return v
}

// graph gathers the graph's points over the span ending at now.
func (m *Model) graph(now time.Duration) Graph {
	g := Graph{From: now - m.cfg.Span, To: now}
	top := 0.0
	for i := range m.rends {
		top = max(top, m.kbps(i))
	}
	ladderTop := top
	for _, p := range m.tput {
		if p.At >= g.From && p.At <= now {
			g.Throughput = append(g.Throughput, p)
			top = max(top, p.Kbps)
		}
	}
	for i, p := range m.chosen {
		switch {
		case p.At > now:
		case p.At >= g.From:
			g.Chosen = append(g.Chosen, p)
		case i+1 == len(m.chosen) || m.chosen[i+1].At > g.From:
			g.Chosen = append(g.Chosen, Point{At: g.From, Kbps: p.Kbps}) // in effect at the left edge
		}
	}
	for _, s := range m.switches {
		if s.At >= g.From && s.At <= now {
			g.Switches = append(g.Switches, s)
		}
	}
	for _, s := range m.stalls {
		if s.To >= g.From {
			g.Stalls = append(g.Stalls, Span{From: max(s.From, g.From), To: s.To})
		}
	}
	if m.stalling {
		g.Stalls = append(g.Stalls, Span{From: max(m.stallAt, g.From), To: now})
	}
	g.TopKbps = niceCeil(top)
	if ladderTop > 0 {
		// A loopback or LAN link measures hundreds of Mbit/s: the ladder
		// must stay readable, so the axis stops at graphHeadroom × its top
		// and faster downloads are drawn at the top edge.
		g.TopKbps = min(g.TopKbps, niceCeil(ladderTop*graphHeadroom))
	}
	return g
}

// graphHeadroom caps the graph's y axis at this many times the ladder's
// top bitrate.
const graphHeadroom = 2.5

// niceCeil rounds kbps up to 1, 2 or 5 × a power of ten (at least 1000).
func niceCeil(kbps float64) float64 {
	if !(kbps > 1000) {
		return 1000
	}
	p := math.Pow(10, math.Floor(math.Log10(kbps)))
	for _, f := range []float64{1, 2, 5, 10} {
		if kbps <= f*p {
			return f * p
		}
	}
	return 10 * p
}

// rate formats kbit/s for reading: "750 kbit/s", "2.85 Mbit/s", "12.3 Mbit/s".
func rate(kbps float64) string {
	switch {
	case kbps < 1000:
		return fmt.Sprintf("%.0f kbit/s", kbps)
	case kbps < 10000:
		return fmt.Sprintf("%.2f Mbit/s", kbps/1000)
	}
	return fmt.Sprintf("%.1f Mbit/s", kbps/1000)
}

// megabytes formats a byte count in MB (10^6 bytes, as --data-budget).
func megabytes(b int64) string { return fmt.Sprintf("%.1f MB", float64(b)/1e6) }

// clock formats a media time as m:ss.
func clock(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}
