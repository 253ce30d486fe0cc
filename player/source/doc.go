// Package source turns an HLS URL (or a local playlist path) into a stream
// of downloaded segments for the decoder, choosing the rendition of each
// segment through an abr.Strategy.
//
// It owns four things:
//
//   - Playlists: Open loads a master or media playlist (MPEG-TS or fMP4 with
//     EXT-X-MAP, BYTERANGE, DISCONTINUITY, VOD or live) with
//     github.com/grafov/m3u8 and returns a validated Presentation whose
//     variants are sorted by ascending bandwidth. Everything read is bounded
//     (see limits.go); a remote playlist may only point at http(s) URLs,
//     while a local playlist may also reference local files next to it.
//   - Fetcher: whole downloads into memory over net/http (or from local
//     files) with a size limit, byte ranges, a redirect limit, bounded
//     retries with backoff, a stall timeout, and per-request TTFB and total
//     time measured on an injectable clock.
//   - Buffer: the forward buffer between download and decode, bounded in
//     seconds ahead of the playhead and in bytes.
//   - Controller: the download loop. Before each segment it builds an
//     abr.Snapshot (buffer, samples, sizes, the network hint with the
//     playlist requests' RTT and rate, the last session's memory, the
//     cellular data policy and the data used), asks the strategy (or the
//     pinned rendition), and downloads the segment within the decision's
//     deadline. A miss aborts the download (reported with the bytes
//     wasted) and refetches the same segment at once, without a deadline,
//     at the highest lower rendition that the aborted attempt's rate can
//     bring in within the remaining buffer (EmergencyVariant; the lowest
//     when none can): the "emergency downgrade". The lowest rendition
//     never has a deadline. A failed download is refetched one rung lower.
//   - Separate audio (EXT-X-MEDIA TYPE=AUDIO, audio.go, audioload.go,
//     audiofetch.go): each variant's audio rendition and its alternatives
//     are loaded at Open; every video segment carries the audio segments
//     overlapping it, a failed one fetched from an alternative, else
//     handed as lost (silence).
//
// Typical use:
//
//	f := source.NewFetcher(source.FetcherConfig{})
//	p, err := source.Open(ctx, f, "http://127.0.0.1:8080/master.m3u8")
//	c := source.NewController(p, f, source.Config{Strategy: abr.NewThroughput(abr.ThroughputConfig{})})
//	go c.Run(ctx)           // returns nil after the last segment of a VOD
//	for { seg, err := c.Next(ctx); if err == io.EOF { break } ... }
package source
