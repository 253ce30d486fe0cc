// Package netem is smartplay's emulated origin: an HTTP server over an HLS
// directory that shapes each client session's downlink by a real bandwidth
// trace, adds a round-trip time to every request, and injects faults from
// a small spec language, deterministically for a seed. `smartplay serve`,
// the built-in demo (`smartplay` with no URL) and the integration tests of
// other packages all use it.
//
//	tr, _ := netem.LoadTrace("bus.log")              // Pensieve or Mahimahi, detected
//	faults, _ := netem.ParseFaults("500:p=0.05, stall=8s@seg=5")
//	srv, _ := netem.Start(ctx, netem.Config{Dir: dir, Trace: tr, RTT: 80 * time.Millisecond, Faults: faults, Seed: 1})
//	defer srv.Close()
//	play(srv.URL())                                  // http://127.0.0.1:PORT/master.m3u8
//
// # Sessions
//
// Every URL of a session is under /s/<id>/. A request for any other path
// (the entry URL that Server.URL returns) is redirected (302) to the same
// path under a new id, so two players that open the same URL get a link
// each, although Go's HTTP client pools their connections; relative URIs
// in the playlists keep each player on its own link. Server.SessionURL
// names a session explicitly (clients given one id share its link).
//
// # Link model
//
// A session's link starts with the session: the trace's time 0 is the
// session's first request. Traces loop. The link hands out bytes in
// chunks of at most 10 ms of its capacity, first come first served, each
// written when the trace says the link has carried it; concurrent
// requests of the session therefore share its rate like flows on one
// bottleneck. An idle link banks no capacity. Each request waits the RTT
// before its first byte, which then needs one chunk of link time, as
// behind a real bottleneck. Without a trace the link does not limit the
// rate (RTT and faults still apply).
//
// Trace formats, detected from the first data line (ParseTrace):
//   - Pensieve: "seconds Mbit/s" per line; row i's rate holds from row
//     i-1's time to its own (row 0's rate is never used); the loop period
//     is the last time.
//   - Mahimahi: one millisecond timestamp per line, each a 1500-byte
//     delivery opportunity (repeats: several in that millisecond); the
//     loop period is the last timestamp.
//
// # Faults
//
// A spec is a comma-separated list of faults. A fault is a head followed
// by conditions, each introduced by '@' or ':' (the two are the same):
//
//	spec   = fault { "," fault }
//	fault  = head { ("@" | ":") cond }
//	head   = STATUS          an HTTP status 400-599 instead of the segment
//	       | "reset"         TCP reset (RST) after P% of the body (default 50%)
//	       | "truncate"      connection closed after P% of the body (default 50%);
//	                         the Content-Length promised the whole body
//	       | "stall=" DUR    the body pauses for DUR after P% of it (default 50%)
//	       | "corrupt" ["=" N]  N bytes of the body (default 64), at offsets
//	                         drawn from the seed, inverted (XOR 0xFF); length unchanged
//	       | "ttfb=" DUR     the first byte comes DUR later (on top of the RTT)
//	       | "playlist-404"  playlists (.m3u8, master included) answer 404
//	       | "outage=" DUR   the link delivers nothing for DUR from @t= on
//	cond   = "seg=" N ["-" M]  segments with media sequence number N (to M);
//	                         in a VOD playlist that is the 0-based position
//	       | "rend=" NAME    only rendition NAME: its media playlist's directory
//	                         (720p for 720p/stream.m3u8), or file name without .m3u8
//	       | "p=" PROB       strikes with probability PROB (0 < PROB ≤ 1) per request
//	       | "t=" DUR        active from DUR after the session's start (default 0)
//	       | "for=" DUR      active for DUR (default: for good)
//	       | "n=" COUNT      strikes at most COUNT times per session
//	       | P "%"           where in the body reset, truncate and stall strike
//	DUR    = a Go duration: 8s, 500ms, 1m30s
//
// Every fault but playlist-404 and outage acts on media segments only
// (files listed after #EXTINF in a media playlist; not init sections, not
// playlists). A fault without seg=, rend= or p= strikes every request it
// applies to: "404@seg=3" answers 404 for segment 3 of every rendition
// and every retry; "404@seg=3:rend=720p:n=1" once, for 720p only. When
// several faults strike one request, the first status wins, TTFB delays
// add up, the earliest cut wins, and stalls and corruptions all apply.
//
// Probabilities are drawn from a hash of the seed, the fault, the path
// and how many times the session asked for that path before: a given
// seed gives a player the same faults on every run, and a retry draws
// afresh. outage takes only @t=; playlist-404 takes t=, for=, rend=, p=
// and n=.
//
// Examples: 404@seg=3, 500:p=0.05, reset@50%, stall=8s@seg=5,
// truncate@seg=7, corrupt@seg=9, ttfb=3s:p=0.1, playlist-404:for=10s,
// outage=6s@t=40s.
package netem
