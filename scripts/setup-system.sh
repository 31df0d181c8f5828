#!/usr/bin/env bash
# Install the Debian packages the tests need (no download at test time): Chromium and a Japanese font for
# the browser test, LibreOffice Writer (headless) for the fixture script that prints Word files to PDF.
# Does nothing when they are all present; needs root or sudo otherwise.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# fc-list (package fontconfig) is what finds the font; a minimal image lacks it, and without it the check
# would fail on every run after the font is installed.
command -v fc-list >/dev/null 2>&1 || missing+=(fontconfig)
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || missing+=(fonts-noto-cjk)  # grep -q would end the pipe early (pipefail)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "[setup-system] installing ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
