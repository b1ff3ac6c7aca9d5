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
