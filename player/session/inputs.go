package session

import (
	"encoding/json"
	"time"

	"smartplay/player/abr"
)

// Inputs is a decision's Snapshot as the event log carries it (the
// decision event's "inputs"): durations in integer nanoseconds so they
// replay exactly, and only the samples added since the previous decision
// (the replay appends them and keeps the last N, as the controller does).
// Variants come from session_start.
type Inputs struct {
	Now       int64 `json:"now"` // Snapshot.Now, ns
	Buffer    int64 `json:"buf"` // Snapshot.Buffer, ns
	Playing   bool  `json:"playing,omitempty"`
	Current   int   `json:"cur"`             // Snapshot.Current
	Segment   int   `json:"seg"`             // Snapshot.SegmentIndex
	Count     int   `json:"count,omitempty"` // Snapshot.SegmentCount
	Duration  int64 `json:"dur"`             // Snapshot.SegmentDuration, ns
	MaxBuffer int64 `json:"max"`             // Snapshot.MaxBuffer, ns
	// N is len(Snapshot.Samples); New are the samples since the previous
	// decision, oldest first, each [variant, segment, bytes, TTFB ns,
	// duration ns, aborted 0|1].
	N     int         `json:"n"`
	New   [][6]int64  `json:"new,omitempty"`
	Sizes [][]int64   `json:"sizes,omitempty"` // Snapshot.NextSizes
	Net   NetInputs   `json:"net"`
	Last  *LastInputs `json:"last,omitempty"`
	// Cap, Budget and Used are CellularCap (bps), DataBudget and DataUsed (bytes).
	Cap    int64 `json:"cap,omitempty"`
	Budget int64 `json:"budget,omitempty"`
	Used   int64 `json:"used,omitempty"`
	// Pinned: the user's pin decided, not the strategy (a replay skips it).
	Pinned bool `json:"pinned,omitempty"`
}

// NetInputs is Snapshot.Network.
type NetInputs struct {
	Type       string  `json:"type,omitempty"`
	Signal     int     `json:"signal"`
	RTT        int64   `json:"rtt,omitempty"` // ns
	Throughput float64 `json:"bps,omitempty"`
}

// LastInputs is Snapshot.Last.
type LastInputs struct {
	Variant    int     `json:"variant"`
	Throughput float64 `json:"bps"`
	Age        int64   `json:"age"` // ns
}

// encodeSample is a sample in the [6]int64 form of Inputs.New.
func encodeSample(s abr.Sample) [6]int64 {
	var aborted int64
	if s.Aborted {
		aborted = 1
	}
	return [6]int64{int64(s.Variant), int64(s.Segment), s.Bytes, int64(s.TTFB), int64(s.Duration), aborted}
}

func decodeSample(a [6]int64) abr.Sample {
	return abr.Sample{Variant: int(a[0]), Segment: int(a[1]), Bytes: a[2], TTFB: time.Duration(a[3]),
		Duration: time.Duration(a[4]), Aborted: a[5] != 0}
}

// newInputs encodes snap; fresh are the samples added since the previous
// decision.
func newInputs(snap abr.Snapshot, fresh []abr.Sample, pinned bool) Inputs {
	in := Inputs{Now: int64(snap.Now), Buffer: int64(snap.Buffer), Playing: snap.Playing, Current: snap.Current,
		Segment: snap.SegmentIndex, Count: snap.SegmentCount, Duration: int64(snap.SegmentDuration),
		MaxBuffer: int64(snap.MaxBuffer), N: len(snap.Samples), Sizes: snap.NextSizes,
		Net: NetInputs{Type: string(snap.Network.Type), Signal: snap.Network.Signal, RTT: int64(snap.Network.RTT),
			Throughput: snap.Network.Throughput},
		Cap: snap.CellularCap, Budget: snap.DataBudget, Used: snap.DataUsed, Pinned: pinned}
	for _, s := range fresh {
		in.New = append(in.New, encodeSample(s))
	}
	if m := snap.Last; m != nil {
		in.Last = &LastInputs{Variant: m.Variant, Throughput: m.Throughput, Age: int64(m.Age)}
	}
	return in
}

// snapshot rebuilds the Snapshot, given the variants and the samples seen
// before (which it extends with New and trims to N, returning them).
func (in Inputs) snapshot(variants []abr.Variant, samples []abr.Sample) (abr.Snapshot, []abr.Sample) {
	for _, a := range in.New {
		samples = append(samples, decodeSample(a))
	}
	if n := max(in.N, 0); len(samples) > n {
		samples = samples[len(samples)-n:]
	}
	s := abr.Snapshot{Now: time.Duration(in.Now), Buffer: time.Duration(in.Buffer), Playing: in.Playing,
		Variants: append([]abr.Variant(nil), variants...), NextSizes: in.Sizes, Current: in.Current,
		SegmentIndex: in.Segment, SegmentCount: in.Count, SegmentDuration: time.Duration(in.Duration),
		MaxBuffer: time.Duration(in.MaxBuffer),
		Network: abr.NetworkHint{Type: abr.NetworkType(in.Net.Type), Signal: in.Net.Signal, RTT: time.Duration(in.Net.RTT),
			Throughput: in.Net.Throughput},
		CellularCap: in.Cap, DataBudget: in.Budget, DataUsed: in.Used}
	if len(samples) > 0 {
		s.Samples = append([]abr.Sample(nil), samples...)
	}
	if m := in.Last; m != nil {
		s.Last = &abr.SessionMemory{Variant: m.Variant, Throughput: m.Throughput, Age: time.Duration(m.Age)}
	}
	return s, samples
}

func (in Inputs) marshal() json.RawMessage {
	b, err := json.Marshal(in)
	if err != nil {
		return nil // plain numbers and strings: cannot fail
	}
	return b
}
