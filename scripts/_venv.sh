# Shared by scripts/serve and scripts/test: make (or reuse) a virtual environment in $1 with
# the given Python ($2) and install the project into it with the extras in $3.
set -euo pipefail

make_venv() {
  local venv="$1" python="$2" extras="$3"
  if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
  fi
  "$venv/bin/python" -m pip install --quiet --upgrade pip
  "$venv/bin/python" -m pip install --quiet -e ".${extras}"
}

# The project's minimum Python (3.11), or any newer python3.
find_python() {
  for candidate in python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
      echo "$candidate"
      return 0
    fi
  done
  echo "Python >= 3.11 is needed" >&2
  return 1
}

# A Python >= 3.13 for the wire test tier (mongoeco needs it): on PATH, or from pyenv.
find_python_313() {
  local candidate
  for candidate in python3.13 python3.14 \
    "$(pyenv prefix 3.13 2>/dev/null | head -n1)/bin/python" \
    "$(pyenv prefix 3.14 2>/dev/null | head -n1)/bin/python"; do
    if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 13))' >/dev/null 2>&1; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}
