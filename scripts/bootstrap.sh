# Shared by scripts/run and scripts/test: a virtualenv in .venv with the project installed.
# Sourced, not run. Uses $PYTHON if set, else the newest python3.1x found, else python3.

_as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi
}

# Debian/Ubuntu: the libraries Qt needs even offscreen, and venv support, when missing.
_system_packages() {
  command -v dpkg >/dev/null || return 0
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "instalando pacotes do sistema: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  _as_root apt-get install -y -q "${missing[@]}" >/dev/null 2>&1 \
    || { _as_root apt-get update -q >/dev/null 2>&1 && _as_root apt-get install -y -q "${missing[@]}" >/dev/null; } \
    || echo "aviso: não foi possível instalar ${missing[*]} (instale-os como administrador)" >&2
}

_pick_python() {
  if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"; return; fi
  for candidate in python3.13 python3.12 python3; do
    if "$candidate" -c 'import sys; assert sys.version_info >= (3, 11)' >/dev/null 2>&1; then
      echo "$candidate"; return
    fi
  done
  echo "python3"
}

bootstrap() {
  # $1: the pip extra to install ("" or "[test]")
  _system_packages libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  if [ ! -x .venv/bin/python ]; then
    local py
    py=$(_pick_python)
    if ! "$py" -m venv .venv >/dev/null 2>&1; then
      rm -rf .venv
      _system_packages python3-venv
      "$py" -m venv .venv
    fi
  fi
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".$1"
}
