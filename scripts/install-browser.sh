#!/usr/bin/env bash
# Installs the headless browser the browser tests drive: Debian's chromium package, at
# /usr/bin/chromium. Idempotent: does nothing when it is already there. Needs root (CI and the
# development machines run as root); elsewhere it says what to install and fails.
set -euo pipefail

BROWSER=/usr/bin/chromium

if [ -x "$BROWSER" ]; then
  echo "install-browser: $("$BROWSER" --version 2>/dev/null || echo chromium) is already installed"
  exit 0
fi

if [ "$(id -u)" != "0" ]; then
  echo "install-browser: $BROWSER is missing; install Debian's 'chromium' package (apt-get install chromium) as root" >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: $BROWSER is missing and apt-get is not available; install Chromium at $BROWSER" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-browser: installing Debian's chromium"
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
"$BROWSER" --version
