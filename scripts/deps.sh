#!/usr/bin/env bash
# Installs what smartplay needs on Debian 12, only what is missing.
# Usage: scripts/deps.sh [extra package ...]
set -euo pipefail

pkgs=(
  # FFmpeg 5.1 development libraries for go-astiav (cgo), and the ffmpeg
  # CLI that generates the built-in test stream.
  pkg-config gcc libavcodec-dev libavformat-dev libavutil-dev libswscale-dev
  libswresample-dev libavfilter-dev libavdevice-dev ffmpeg fonts-dejavu-core
  # Ebiten (X11 + GL) and oto (ALSA).
  libx11-dev libxrandr-dev libxcursor-dev libxinerama-dev libxi-dev
  libxxf86vm-dev libgl1-mesa-dev libasound2-dev
  # glxinfo: Ebiten runs it to choose GLX over EGL on X11 (it falls back
  # to EGL without it). Under Mesa's software GL, GLX presents each frame
  # through X shared memory and EGL through the X socket: with GLX, Xvfb
  # used 4x less CPU, and the 1080p clip dropped 0, 0 and 2 frames against
  # 11, 14 and 31 with EGL (docs/BENCHMARKS.md).
  mesa-utils
  # A virtual display for headless machines and the window tests.
  xvfb xauth
  "$@"
)

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v go >/dev/null 2>&1; then
  for d in /usr/local/go/bin /usr/lib/go/bin; do
    [ -x "$d/go" ] && echo "go is in $d but not on PATH: export PATH=\$PATH:$d" >&2 && exit 1
  done
  echo "Go 1.26 or newer is required (https://go.dev/doc/install); Debian 12's golang-go is too old." >&2
  exit 1
fi
