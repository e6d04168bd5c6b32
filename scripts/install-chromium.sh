#!/usr/bin/env bash
# Installs Debian's chromium (and CJK fonts, for Chinese text) for the test that opens the HTML
# review in a real headless browser. Idempotent and quiet: nothing to do when /usr/bin/chromium
# is there; apt's output is shown only if the installation fails.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "install-chromium: apt-get could not install chromium (output above)" >&2
  exit 1
fi
