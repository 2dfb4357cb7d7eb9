#!/bin/sh
# Installs everything jobdesc needs on a Debian machine (run as root), then jobdesc itself.
#   fonts-noto-cjk       the CJK faces (SC/TC/HK) every PDF embeds
#   fonts-noto-core      Latin faces for English labels
#   libpango*, harfbuzz  WeasyPrint's text layout; without libharfbuzz-subset0 it is ~30x slower
#   poppler-utils        pdftotext/pdffonts/pdftoppm, used by the tests to read the PDFs back
set -eu
cd "$(dirname "$0")/.."
PACKAGES="fonts-noto-cjk fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils"
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing
fi
python3 -m pip install -q --disable-pip-version-check -e ".${1:-}"
# Under pyenv a new console script needs a shim; pip usually triggers this, make sure.
if command -v pyenv >/dev/null 2>&1; then pyenv rehash; fi
