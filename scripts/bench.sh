#!/usr/bin/env bash
# make bench: smartplay (window and headless) against ffplay and mpv on the
# same 1080p30 and 720p30 clips under Xvfb -- CPU seconds per second played,
# peak RSS, dropped frames -- and time to first frame from a loopback HLS
# server. Medians of 3 runs; about 10 minutes on 2 cores. The tables go to
# stdout and into docs/BENCHMARKS.md (between its benchplayers markers).
#
# Usage: scripts/bench.sh [benchplayers run flags], e.g.
#   scripts/bench.sh --reps 1 --heights 720 --players ffplay,mpv-x11
# (`make bench` runs `make build` first, so bin/smartplay is fresh.)
set -euo pipefail
cd "$(dirname "$0")/.."

# The peers: mpv is not among smartplay's own dependencies; ffplay comes
# with the ffmpeg package that deps.sh already installs.
scripts/deps.sh mpv

GO="${GO:-go}"
"$GO" build -o bin/benchplayers ./cmd/benchplayers
write=(--write docs/BENCHMARKS.md)
cmd="make bench"
if [ $# -gt 0 ]; then
  cmd="scripts/bench.sh $*"
fi
exec bin/benchplayers run --smartplay bin/smartplay "${write[@]}" --command "$cmd" "$@"
