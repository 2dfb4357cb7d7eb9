#!/bin/sh
# Installs everything jobdesc needs on a Debian machine (run as root), then jobdesc itself.
#
#   ./scripts/install.sh            jobdesc and its system packages
#   ./scripts/install.sh "[test]"   the same, plus what the test suite needs
#
# System packages:
#   fonts-noto-cjk       the CJK faces (SC/TC/HK) every PDF embeds
#   fonts-noto-core      Latin faces for English labels
#   libpango*, harfbuzz  WeasyPrint's text layout; without libharfbuzz-subset0 it is ~30x slower
#   poppler-utils        pdftotext/pdffonts/pdftoppm, used by the tests to read the PDFs back
#   python3-venv         only when python3 cannot make a virtual environment (Debian's own python3)
#   libreoffice-writer-nogui  lays out handbook.docx so the build can write the real page numbers
#                        into its contents and index (and the tests open the Word files in it)
#   python3-uno          the build keeps one LibreOffice for all of that layout and asks it over
#                        UNO (handbook/office_helper.py runs with Debian's /usr/bin/python3, not
#                        the venv); without it, one `soffice --convert-to` per layout, ~1 s more each.
#                        The Word round-trip tests (tests/lo_edit.py) use it too
#   git                  with "[test]" only: the tests of `jobdesc diff REV:PATH` make repositories
#   libreoffice-calc-nogui  with "[test]" only: the tests recalculate raci.xlsx in Calc and
#                        compare its results with the values the workbook stores
#   chromium             with "[test]" only: the website's browser tests (Playwright drives Debian's
#                        chromium by its path; `playwright install` is never run)
#   libatomic1           with "[test]" only: the node binary inside the playwright wheel needs it
#
# jobdesc goes into its own virtual environment, .venv in this repository: Debian's python3
# refuses `pip install` into the system interpreter (PEP 668), and a venv keeps jobdesc's
# libraries from mixing with whatever else the machine has. `jobdesc` is then linked into
# /usr/local/bin (on root's PATH on Debian), so the command works without activating anything.
# The tests run with .venv/bin/python.
set -eu
cd "$(dirname "$0")/.."
REPO=$(pwd)
VENV="$REPO/.venv"
EXTRAS="${1:-}"
case "$EXTRAS" in
  ""|"[test]") ;;
  *) echo "install.sh: unknown extra '$EXTRAS' (use nothing or \"[test]\")" >&2; exit 2 ;;
esac

PACKAGES="fonts-noto-cjk fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils libreoffice-writer-nogui python3-uno"
if [ "$EXTRAS" = "[test]" ]; then
  PACKAGES="$PACKAGES git chromium libatomic1 libreoffice-calc-nogui"
fi
if ! command -v python3 >/dev/null 2>&1; then
  PACKAGES="$PACKAGES python3"
fi
if [ ! -x "$VENV/bin/python" ] && ! python3 -c 'import ensurepip, venv' >/dev/null 2>&1; then
  # Debian ships venv's pip bootstrap separately; python3-venv pulls the one for its python3.
  PACKAGES="$PACKAGES python3-venv"
fi
missing=""
for p in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "install.sh: these Debian packages are missing:$missing; run this script as root" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing
fi

# A venv made by another python (say, pyenv's, before the machine switched to Debian's) or half
# made by an interrupted run is made again rather than trusted.
if [ -x "$VENV/bin/python" ] && ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.prefix == sys.base_prefix)' >/dev/null 2>&1; then
  rm -rf "$VENV"
fi
if [ ! -x "$VENV/bin/python" ]; then
  rm -rf "$VENV"
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".$EXTRAS"
# jobdesc used to depend on opencc-python-reimplemented, which installs the same module `opencc` as
# OpenCC's own library (the dependency now): in a venv from then, drop the old package and put
# the library's files back whole.
if "$VENV/bin/python" -m pip show -q opencc-python-reimplemented >/dev/null 2>&1; then
  "$VENV/bin/python" -m pip uninstall -q -y opencc-python-reimplemented
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "opencc>=1.1.9"
fi

# Put `jobdesc` on PATH. /usr/local/bin is on PATH for root on Debian; without root, ~/.local/bin.
if [ -w /usr/local/bin ]; then
  BIN=/usr/local/bin
else
  BIN="$HOME/.local/bin"
  mkdir -p "$BIN"
fi
ln -sf "$VENV/bin/jobdesc" "$BIN/jobdesc"
found=$(command -v jobdesc 2>/dev/null || true)
if [ "$found" != "$BIN/jobdesc" ]; then
  # Another jobdesc earlier on PATH (an older install) would hide this one.
  echo "install.sh: warning: 'jobdesc' on PATH is ${found:-nothing}, not $BIN/jobdesc;" \
       "put $BIN first on PATH or remove the other install" >&2
fi
echo "jobdesc installed in $VENV (command: $BIN/jobdesc)" >&2
