# Shared by scripts/serve, scripts/test, scripts/check and scripts/lock: make (or reuse) a
# virtual environment in $1 with the given Python ($2), install the pinned dependency set of the
# lock file $3 into it, then the project itself (editable, its dependencies already there).
set -euo pipefail

# What a venv was installed from: a lock file and pyproject.toml (the project's entry points and
# metadata; the project is installed editable, so source changes need no reinstall).
install_inputs_hash() {
  cat "$1" pyproject.toml | sha256sum | cut -d' ' -f1
}

# The pins of a lock file, one a line (its comments left out).
lock_pins() {
  grep -E '^[A-Za-z0-9]' "$1" | LC_ALL=C sort
}

make_venv() {
  local venv="$1" python="$2" lock="$3"
  local stamp="$venv/.installed-from" other
  if [ ! -x "$venv/bin/python" ]; then
    rm -f "$stamp" # a new interpreter has nothing installed, whatever a stale stamp says
    "$python" -m venv "$venv"
  fi
  # A warm venv skips pip, which takes tens of seconds even when nothing changes. The stamp
  # holds the hash of every lock file the venv satisfies, written only after the installs
  # succeeded, so an interrupted install is redone.
  if [ -f "$stamp" ] && grep -qxF "$(install_inputs_hash "$lock")" "$stamp"; then
    return 0
  fi
  rm -f "$stamp"
  "$venv/bin/python" -m pip install --quiet --upgrade pip
  "$venv/bin/python" -m pip install --quiet -r "$lock"
  "$venv/bin/python" -m pip install --quiet --no-deps -e .
  # requirements.lock holds every pin of requirements-runtime.lock: installing it satisfies
  # both, so scripts/serve after scripts/test does not install again.
  for other in requirements*.lock; do
    if [ "$other" = "$lock" ] || [ -z "$(LC_ALL=C comm -23 <(lock_pins "$other") <(lock_pins "$lock"))" ]; then
      install_inputs_hash "$other" >>"$stamp"
    fi
  done
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

# A Python >= 3.13 for the wire test tier (mongoeco needs it): RELATIONSHIPS_PYTHON_313 when
# set (and then only that one), else on PATH, else from pyenv.
find_python_313() {
  local candidate
  if [ -n "${RELATIONSHIPS_PYTHON_313:-}" ]; then
    set -- "$RELATIONSHIPS_PYTHON_313"
  else
    set -- python3.13 python3.14 \
      "$(pyenv prefix 3.13 2>/dev/null | head -n1)/bin/python" \
      "$(pyenv prefix 3.14 2>/dev/null | head -n1)/bin/python"
  fi
  for candidate in "$@"; do
    if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 13))' >/dev/null 2>&1; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

# Write requirements.lock (runtime + test + wire extras) and requirements-runtime.lock (runtime
# only, within the first one's pins) from pyproject.toml, in directory $1 (the repository, or a
# scratch copy of it), with uv from .venv; extra arguments go to uv (--upgrade moves every pin to
# the newest release pyproject.toml allows, --offline uses only uv's cache). One universal
# resolution serves every platform and every Python >= 3.11: markers say where a pin applies
# (mongoeco and what it needs only on >= 3.13). Pins already in the files are kept while
# pyproject.toml admits them, so a new upstream release changes nothing by itself.
compile_locks() {
  local dir="$1"
  shift
  local compile=("$PWD/.venv/bin/uv" pip compile --quiet --universal --python-version 3.11
    --custom-compile-command scripts/lock "$@" pyproject.toml)
  # Chained, so that a failure stops here even where a caller's `if` suspends `set -e`.
  (cd "$dir" &&
    "${compile[@]}" --extra test --extra wire -o requirements.lock &&
    "${compile[@]}" -c requirements.lock -o requirements-runtime.lock)
}

# Write the OpenAPI snapshot and the client generated from it under the folder $1 (the
# checkout, or a scratch copy that scripts/test compares with the checkout).
generate_client() {
  local root="$1"
  mkdir -p "$root/clients/python"
  .venv/bin/relationships openapi >"$root/openapi.json"
  # It warns that the NDJSON export has no typed answer (the client hands back the raw one).
  .venv/bin/openapi-python-client generate --path "$root/openapi.json" \
    --output-path "$root/clients/python/relationships_client" --meta none --overwrite \
    --config clients/python/generator.yaml >"$root/.client-generator.log" 2>&1 ||
    { cat "$root/.client-generator.log" >&2; return 1; }
  rm -f "$root/.client-generator.log"
}
