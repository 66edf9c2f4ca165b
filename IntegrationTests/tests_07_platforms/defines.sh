# Shared by the platform tests (sourced). Each platform's SDK (PyPI, pinned) lives in a venv
# of its own, .build/venv-NAME, made once and kept while its pinned requirements are the
# same (a stamp file); uv (from PyPI) installs it. Sets `mlgate` (the built executable,
# exported as MLGATE for ci-templates/platforms/mlgate_step.py) and `platforms`
# (ci-templates/platforms, on the PYTHONPATH).
# shellcheck shell=bash
# shellcheck disable=SC2034 # platforms: the tests'
mlgate=$(mlgate_bin)
export MLGATE=$mlgate
platforms="$root/ci-templates/platforms"
export PYTHONPATH="$platforms${PYTHONPATH:+:$PYTHONPATH}"
# No telemetry, update checks or usage pings from any SDK (the machine has no network
# beyond the package registries).
export DO_NOT_TRACK=1 METAFLOW_DISABLE_TRACING=1 WANDB_SILENT=true FLYTE_SDK_LOGGING_LEVEL=40 USERNAME=ci

uv_version=0.13.8

# platform_venv NAME REQUIREMENT...: makes .build/venv-NAME with exactly these pinned
# requirements (once: kept while they are the same); prints its bin/.
platform_venv() {
  local name=$1 venv="$root/.build/venv-$1" stamp want start=$SECONDS
  shift
  stamp="$venv/.mlgate-reqs"
  want=$(printf '%s\n' "uv==$uv_version" "$@")
  if [ ! -x "$venv/bin/python" ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "installing into .build/venv-$name: $*" >&2
    rm -rf "$venv"
    python3 -m venv "$venv"
    if ! { "$venv/bin/python" -m pip install -q --disable-pip-version-check "uv==$uv_version" >&2 &&
      "$venv/bin/uv" pip install -q --python "$venv/bin/python" "$@" >&2; }; then
      echo "uv failed; installing with pip instead (slower)" >&2
      "$venv/bin/python" -m pip install -q --disable-pip-version-check "$@" >&2
    fi
    printf '%s\n' "$want" >"$stamp"
    echo "installed in $((SECONDS - start)) s" >&2
  fi
  printf '%s\n' "$venv/bin"
}

# failing_example DEST: the bundled example with the candidate's ROC AUC required to
# reach 0.99 (it is 0.81): the model gate fails, exit 1.
failing_example() {
  copy_example "$1"
  sed -i 's/^        min: 0.7$/        min: 0.99/' "$1/mlgate.yml"
  grep -q '^        min: 0.99$' "$1/mlgate.yml" || die "failing_example: the roc_auc threshold was not found in mlgate.yml"
}

# expect_reports DIR DESCRIPTION: every report mlgate_step.py writes is in DIR.
expect_reports() {
  local name missing=()
  for name in report.json junit.xml summary.md metrics.txt report.html attestation.json; do
    [ -s "$1/$name" ] || missing+=("$name")
  done
  if [ ${#missing[@]} -eq 0 ]; then pass "$2"; else fail "$2: missing in $1: ${missing[*]}"; find "$1" -maxdepth 1 2>&1 | indent; fi
}

# read_back OUT WHAT COMMAND...: runs a reader of what a platform recorded (its output into
# OUT); a reader that fails is a failed check, its output shown.
read_back() {
  local out=$1 what=$2
  shift 2
  if ! "$@" >"$out" 2>&1; then indent "$out"; fail "$what could not be read back"; fi
}
