#!/usr/bin/env bash
# Install the Debian packages attnlab needs, only those missing. As root it runs apt-get; otherwise it
# prints the exact apt-get line to run and fails. Cheap when nothing is missing (one dpkg-query).
set -euo pipefail

packages=(
  python3-venv                   # the .venv
  libcairo2-dev libpango1.0-dev pkg-config  # pycairo and manimpango build from source
  ffmpeg                         # Manim movies, WebM/MP4/GIF conversion
  texlive-latex-base texlive-latex-extra texlive-fonts-recommended dvisvgm cm-super-minimal  # MathTex
  fonts-dejavu-core              # the one font family figures use
  chromium                       # browser tests and page screenshots
  nodejs npm                     # KaTeX and reveal.js from the npm registry
)

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null | grep -qx installed || missing+=("$pkg")
done
# node and npm may come from elsewhere than Debian (as on machines with a preinstalled Node.js)
if ((${#missing[@]})) && command -v npm >/dev/null; then
  kept=(); for pkg in "${missing[@]}"; do [[ $pkg == nodejs || $pkg == npm ]] || kept+=("$pkg"); done
  missing=("${kept[@]+"${kept[@]}"}")
fi
# a python3 that already has venv (as pyenv builds do) needs no python3-venv
if ((${#missing[@]})) && python3 -c 'import venv, ensurepip' 2>/dev/null; then
  kept=(); for pkg in "${missing[@]}"; do [[ $pkg == python3-venv ]] || kept+=("$pkg"); done
  missing=("${kept[@]+"${kept[@]}"}")
fi
((${#missing[@]})) || exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
  echo "attnlab needs Debian packages that are missing. Run as root:" >&2
  echo "  apt-get update && $line" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
$line
