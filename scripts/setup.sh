#!/usr/bin/env bash
# Set up a checkout on a fresh Debian/Ubuntu machine: the system libraries and tools handouts and
# its tests use, then a virtual environment with handouts installed (editable) and its test extras.
#
#   bash scripts/setup.sh            # as root, or with sudo available for apt-get
#   SKIP_APT=1 bash scripts/setup.sh # only the virtual environment (system packages already there)
set -euo pipefail
cd "$(dirname "$0")/.."

# One line per need; each is checked before anything is installed, so a ready machine is untouched.
packages=()
need() { packages+=("$1"); }
ldconfig -p | grep -q 'libpango-1.0' || need libpango-1.0-0
ldconfig -p | grep -q 'libpangoft2-1.0' || need libpangoft2-1.0-0
# HarfBuzz's subsetter: without it WeasyPrint falls back to fontTools (see `handouts doctor`).
ldconfig -p | grep -q libharfbuzz-subset || need libharfbuzz-subset0
command -v pdftoppm >/dev/null || need poppler-utils
command -v qpdf >/dev/null || need qpdf
command -v gs >/dev/null || need ghostscript
# Press files embed Ghostscript's CMYK ICC profile as their output intent.
[ -f /usr/share/color/icc/ghostscript/default_cmyk.icc ] || need libgs-common
# Browser tests of the web front drive Debian's Chromium; database tests start a PostgreSQL.
command -v chromium >/dev/null || need chromium
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need postgresql

if [ ${#packages[@]} -gt 0 ] && [ -z "${SKIP_APT:-}" ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "+ apt-get install ${packages[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${packages[@]}" >/dev/null
fi

python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -e ".[test]"
