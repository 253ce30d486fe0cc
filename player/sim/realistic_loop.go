package sim

import (
	"fmt"
	"math"

	"smartplay/player/abr"
	"smartplay/player/qoe"
	"smartplay/player/source"
)

// runRealistic is RunRealistic on an integrated trace (shared read-only by
// the sessions of a run) with the given memory; it also returns what the
// session leaves for the next one.
func runRealistic(st abr.Strategy, l *Link, trace string, v *Video, cfg RealisticConfig, offset float64, last *abr.SessionMemory) (*Session, *abr.SessionMemory, error) {
	cfg = cfg.withDefaults(v)
	if r, ok := st.(abr.Resetter); ok {
		r.Reset()
	}
	obs, _ := st.(abr.SegmentObserver)
	link := realLink{l: l, offset: offset, latency: (cfg.RTT + cfg.TTFB).Seconds()}
	seg := v.SegmentDuration.Seconds()
	sess := &Session{Strategy: st.Name(), Trace: trace, Offset: offset, SegmentDuration: seg,
		MaxBuffer: cfg.MaxBuffer.Seconds(), Renditions: v.renditions()}

	pb := &playback{stalledAt: -1}
	pl := float64(cfg.PlaylistBytes)
	master := link.get(0, pl, 0)
	media := link.get(master.end, pl*float64(len(v.Variants)), 0)
	pb.t = media.end
	hint := cfg.Network
	if hint.RTT == 0 {
		hint.RTT = secDuration(master.ttfb)
	}
	if hint.Throughput == 0 {
		n := float64(len(v.Variants))
		hint.Throughput = pl * (1 + n) * 8 / (master.end + n*(media.end-master.end))
	}
	var used int64 // bytes downloaded: segments and aborted attempts
	var samples []abr.Sample
	var rates []float64 // of the samples, bit/s
	current := -1
	var lastBitrate int64
	for i := 0; i < v.Segments; i++ {
		if pb.started {
			limit := math.Max(cfg.MaxBuffer.Seconds()-seg, seg)
			if level := pb.end - pb.pos; level > limit {
				pb.advance(pb.t + level - limit)
			}
		}
		thr := measuredThroughput(rates)
		snap := abr.Snapshot{
			Now: secDuration(pb.t), Buffer: secDuration(pb.end - pb.pos), Playing: pb.started && pb.stalledAt < 0,
			Variants: v.Variants, Samples: samples, Current: current, SegmentIndex: i, SegmentCount: v.Segments,
			SegmentDuration: v.SegmentDuration, MaxBuffer: cfg.MaxBuffer, Network: hint,
			CellularCap: cfg.CellularCap, DataBudget: cfg.DataBudget, DataUsed: used,
		}
		if last != nil {
			m := *last
			snap.Last = &m
		}
		if cfg.KnownSizes {
			snap.NextSizes = make([][]int64, len(v.Sizes))
			for q, s := range v.Sizes {
				snap.NextSizes[q] = s[i:min(i+nextSizesAhead, v.Segments)]
			}
		}
		d := st.Decide(snap)
		q := max(0, min(d.Variant, len(v.Variants)-1))
		deadline := max(d.Deadline, 0).Seconds()
		c := Chunk{Index: i, Decided: d.Variant, BufferBefore: pb.end - pb.pos, Throughput: thr, Reason: d.Reason, Requested: pb.t}
		for {
			size := float64(v.Sizes[q][i])
			if q == 0 {
				deadline = 0
			}
			start := pb.t
			f := link.get(start, size, deadline)
			pb.advance(f.end)
			s := abr.Sample{Variant: q, Segment: i, Bytes: int64(f.got), TTFB: secDuration(f.ttfb),
				Duration: secDuration(f.end - start), Aborted: f.aborted}
			samples = append(samples, s)
			rates = append(rates, s.Throughput())
			used += s.Bytes
			if obs != nil {
				obs.Observe(s)
			}
			if f.aborted {
				c.Aborts++
				c.Wasted += int64(f.got)
				var sizes []int64 // what the player knows of this segment's sizes
				if cfg.KnownSizes {
					sizes = make([]int64, len(v.Sizes))
					for r := range sizes {
						sizes[r] = v.Sizes[r][i]
					}
				}
				q = source.EmergencyVariant(v.Variants, sizes, q, s, secDuration(pb.end-pb.pos), v.SegmentDuration)
				deadline = 0
				continue
			}
			c.Bytes, c.Delay, c.Arrived = int64(size), (f.end-start)*1000, f.end
			break
		}
		c.Variant, c.Kbps, c.Height = q, v.Kbps(q), v.Variants[q].Height
		c.Rebuffer = pb.arrive(seg)
		bitrate := v.Variants[q].Bitrate()
		if i == 0 {
			c.Rebuffer, sess.Startup, lastBitrate = pb.t, pb.t, bitrate
		}
		c.Buffer = pb.end - pb.pos
		c.Reward = qoe.Reward(bitrate, lastBitrate, c.Rebuffer)
		sess.Chunks = append(sess.Chunks, c)
		lastBitrate, current = bitrate, q
	}
	sess.Stalls, sess.StallTime = pb.stalls, pb.stallTime
	if len(sess.Chunks) != v.Segments {
		return nil, nil, fmt.Errorf("%w: %s: %d of %d segments", ErrConfig, trace, len(sess.Chunks), v.Segments)
	}
	mem := &abr.SessionMemory{Variant: current}
	if bps, ok := abr.EstimateSamples(samples, 0, 0); ok {
		mem.Throughput = bps
	}
	return sess, mem, nil
}
