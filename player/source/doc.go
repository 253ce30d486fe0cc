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
//     abr.Snapshot, asks the strategy (or the pinned rendition), downloads
//     the segment within the decision's deadline, falls back one rung lower
//     on a miss ("emergency downgrade"), and queues the segment for Next.
//
// Typical use:
//
//	f := source.NewFetcher(source.FetcherConfig{})
//	p, err := source.Open(ctx, f, "http://127.0.0.1:8080/master.m3u8")
//	c := source.NewController(p, f, source.Config{Strategy: abr.NewThroughput(abr.ThroughputConfig{})})
//	go c.Run(ctx)           // returns nil after the last segment of a VOD
//	for { seg, err := c.Next(ctx); if err == io.EOF { break } ... }
package source
