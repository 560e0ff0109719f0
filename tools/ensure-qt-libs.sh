#!/usr/bin/env bash
# Makes sure the system libraries Qt's X11 (xcb) platform plugin needs are present (Debian/Ubuntu).
# Installs the missing ones when run as root (or with sudo); otherwise prints the command to run.
set -u
declare -A needed=(
  [libxcb-cursor.so.0]=libxcb-cursor0 [libxkbcommon-x11.so.0]=libxkbcommon-x11-0 [libxcb-icccm.so.4]=libxcb-icccm4
  [libxcb-keysyms.so.1]=libxcb-keysyms1 [libxcb-image.so.0]=libxcb-image0 [libxcb-render-util.so.0]=libxcb-render-util0
  [libxcb-randr.so.0]=libxcb-randr0 [libxcb-shape.so.0]=libxcb-shape0 [libxcb-xinerama.so.0]=libxcb-xinerama0
  [libEGL.so.1]=libegl1 [libfontconfig.so.1]=libfontconfig1 [libdbus-1.so.3]=libdbus-1-3
)
missing=()
for lib in "${!needed[@]}"; do
  ldconfig -p 2>/dev/null | grep -q "$lib" || missing+=("${needed[$lib]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Qt needs these system libraries (Debian names): ${missing[*]}; install them with your package manager." >&2
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
elif command -v sudo >/dev/null 2>&1; then
  sudo apt-get install -y "${missing[@]}"
else
  echo "Qt needs: sudo apt-get install ${missing[*]}" >&2
fi
