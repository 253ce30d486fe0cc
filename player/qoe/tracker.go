package qoe

import "time"

// HDHeight is the height from which a rendition counts as HD (720p+).
const HDHeight = 720

// Rendition is what the tracker needs to know of a variant.
type Rendition struct {
	Label   string
	Bitrate int64 // bits per second
	Height  int
}

// Tracker accumulates one session's figures.
type Tracker struct {
	renditions []Rendition
	perVariant []time.Duration
	started    bool
	startup    time.Duration
	current    int
	last       time.Duration
	stalls     int
	stallTime  time.Duration
	up, down   int
	dropped    int
}

// NewTracker tracks a session over the given renditions (index = variant).
func NewTracker(r []Rendition) *Tracker {
	return &Tracker{renditions: r, perVariant: make([]time.Duration, len(r)), current: -1}
}

// Start records the first frame: shown after startup, at media position
// pos, from rendition variant.
func (t *Tracker) Start(startup, pos time.Duration, variant int) {
	if t.started {
		return
	}
	t.started, t.startup, t.last, t.current = true, startup, pos, variant
}

// Advance credits the media played since the last call to the current
// rendition. Positions that go backwards are ignored (use Seek).
func (t *Tracker) Advance(pos time.Duration) {
	if !t.started || pos <= t.last {
		return
	}
	if t.current >= 0 && t.current < len(t.perVariant) {
		t.perVariant[t.current] += pos - t.last
	}
	t.last = pos
}

// Switch records that rendition to is shown from media position pos on.
func (t *Tracker) Switch(pos time.Duration, to int) {
	t.Advance(pos)
	if to == t.current {
		return
	}
	if t.current >= 0 && to >= 0 && to < len(t.renditions) && t.current < len(t.renditions) {
		if t.renditions[to].Bitrate > t.renditions[t.current].Bitrate {
			t.up++
		} else {
			t.down++
		}
	}
	t.current = to
}

// Seek moves the position without crediting any play time.
func (t *Tracker) Seek(to time.Duration) { t.last = to }

// Stall records one stall of length d.
func (t *Tracker) Stall(d time.Duration) {
	t.stalls++
	t.stallTime += d
}

// Dropped records n video frames dropped for lateness.
func (t *Tracker) Dropped(n int) { t.dropped += n }

// RenditionTime is the media time played at one rendition.
type RenditionTime struct {
	Index   int     `json:"index"`
	Label   string  `json:"label"`
	Seconds float64 `json:"seconds"`
}

// Summary is the QoE of a session, as logged in session_end and printed by
// the simulator.
type Summary struct {
	StartupDelay    float64         `json:"startup_delay_s"`
	PlayTime        float64         `json:"play_s"`
	StallCount      int             `json:"stall_count"`
	StallTime       float64         `json:"stall_s"`
	StallRatio      float64         `json:"stall_ratio"`
	HDShare         float64         `json:"hd_share"`
	MeanBitrateKbps float64         `json:"mean_bitrate_kbps"`
	Switches        int             `json:"switches"`
	SwitchesUp      int             `json:"switches_up"`
	SwitchesDown    int             `json:"switches_down"`
	DroppedFrames   int             `json:"dropped_frames"`
	PerRendition    []RenditionTime `json:"per_rendition"`
}

// Summary returns the figures so far.
func (t *Tracker) Summary() Summary {
	s := Summary{
		StartupDelay: sec(t.startup), StallCount: t.stalls, StallTime: sec(t.stallTime),
		Switches: t.up + t.down, SwitchesUp: t.up, SwitchesDown: t.down, DroppedFrames: t.dropped,
	}
	var play, hd time.Duration
	var bits float64
	for i, d := range t.perVariant {
		play += d
		r := t.renditions[i]
		if r.Height >= HDHeight {
			hd += d
		}
		bits += float64(r.Bitrate) * d.Seconds()
		s.PerRendition = append(s.PerRendition, RenditionTime{Index: i, Label: r.Label, Seconds: sec(d)})
	}
	s.PlayTime = sec(play)
	if play > 0 {
		s.HDShare = round(float64(hd)/float64(play), 1e4)
		s.MeanBitrateKbps = round(bits/play.Seconds()/1000, 10)
	}
	if total := play + t.stallTime; total > 0 {
		s.StallRatio = round(float64(t.stallTime)/float64(total), 1e4)
	}
	return s
}

func sec(d time.Duration) float64 { return round(d.Seconds(), 1000) }

func round(f, scale float64) float64 { return float64(int64(f*scale+0.5)) / scale }
