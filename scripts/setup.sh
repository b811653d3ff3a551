#!/usr/bin/env bash
# Install everything nianbao needs on a fresh Debian machine: the system tools
# (Debian chromium for Playwright, Tesseract with chi_sim, LibreOffice, antiword,
# poppler, CJK fonts) and a virtual environment with the Python packages.
# Idempotent: a second run checks and installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
"$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
  || { echo "setup: Python 3.11 or newer is needed (found $("$PY" --version 2>&1))" >&2; exit 1; }

need=()
command -v chromium >/dev/null || need+=(chromium)
command -v tesseract >/dev/null || need+=(tesseract-ocr)
ls /usr/share/tesseract-ocr/*/tessdata/chi_sim.traineddata >/dev/null 2>&1 || need+=(tesseract-ocr-chi-sim)
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
[ -e /usr/lib/libreoffice/program/libsclo.so ] || need+=(libreoffice-calc-nogui)
command -v antiword >/dev/null || need+=(antiword)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
[ -x /usr/bin/time ] || need+=(time)  # the hostile-input tests measure peak memory with it
ls /usr/share/fonts/opentype/noto/NotoSansCJK* >/dev/null 2>&1 || need+=(fonts-noto-cjk)
command -v npm >/dev/null || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${need[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
fi

if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.nianbao-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "setup: installing Python packages into .venv" >&2
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[dev]'
  touch "$stamp"
fi
# The replay tools the tests check the archive with, in a venv of their own: pywb pins
# older Werkzeug, cryptography and more than the project's .venv needs.
replay_pins="pywb==2.10.0 wacz==0.6.0 cdxj-indexer==1.5.0"
if [ ! -x .venv-replay/bin/python ]; then
  "$PY" -m venv .venv-replay
fi
if [ "$(cat .venv-replay/.nianbao-installed 2>/dev/null)" != "$replay_pins" ]; then
  echo "setup: installing the replay tools into .venv-replay ($replay_pins)" >&2
  .venv-replay/bin/python -m pip install -q --upgrade pip
  # shellcheck disable=SC2086 (one word per pin)
  .venv-replay/bin/python -m pip install -q $replay_pins
  echo "$replay_pins" > .venv-replay/.nianbao-installed
fi
# ReplayWeb.page's built viewer (ui.js, sw.js; its dependencies are bundled in them),
# unpacked from the npm registry's package into .replayweb/package
replayweb=replaywebpage@2.5.3
if [ ! -f .replayweb/package/sw.js ] || [ "$(cat .replayweb/.version 2>/dev/null)" != "$replayweb" ]; then
  echo "setup: fetching $replayweb into .replayweb" >&2
  rm -rf .replayweb && mkdir -p .replayweb
  (cd .replayweb && tarball=$(npm pack --silent "$replayweb") && tar xzf "$tarball" && rm "$tarball")
  echo "$replayweb" > .replayweb/.version
fi
echo "setup: ready (.venv, $(/usr/bin/chromium --version 2>/dev/null | head -1))" >&2
