// Package malloctune sets glibc's malloc up for a player, as the program
// loads (before Go's runtime and every C library start their threads).
// Import it for its effect: import _ "smartplay/internal/malloctune".
//
// One malloc arena: by default glibc gives threads that contend for the
// allocator arenas of their own (up to 8 per core), and the decoder's,
// Mesa's and cgo's threads each kept freed picture-sized blocks in theirs.
// Measured with the 15 s 1080p30 clip in the window under Xvfb (2 cores,
// machine loaded, four runs each, alternating): peak RSS 233.6-246.0 MiB
// by default, 233.0-234.0 MiB with one arena, CPU the same. The user's
// MALLOC_ARENA_MAX or GLIBC_TUNABLES, when set, are left alone.
package malloctune
