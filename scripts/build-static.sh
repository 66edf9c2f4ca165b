#!/usr/bin/env bash
# Builds one self-contained Linux executable of mlgate: no Swift runtime, Foundation,
# ICU or libxml2 needed on the machine that runs it (any glibc-free CI image, an empty
# chroot). Statically linked against the toolchain's static SDK libraries and libxml2's
# static archive (libxml2-dev), with its own dependencies (ICU, zlib, liblzma), and
# libzstd's and libbrotli's (libzstd-dev and libbrotli-dev, for ZSTD and BROTLI Parquet
# pages).
#
#   scripts/build-static.sh [OUTPUT]     default OUTPUT: .build/static/mlgate
#
# Without the two --undefined flags, libxml2 crashes in xmlNewRMutex: its weak pthread
# symbols would resolve to null in a static link. Built with MLGATE_NO_NETWORKING: mlgate
# loads libcurl (a shared library) when it first sends a request, which a static executable
# cannot do, so it has no HTTP client: no MLflow or SageMaker registry, no comment (`promote --to mlflow:` says so; dir: registries, the
# gates, verify and attestations all work). ci-templates/Dockerfile has the full build. Needs swift (6.x), libxml2-dev and the
# static ICU/zlib/lzma archives (libicu-dev, zlib1g-dev, liblzma-dev on Debian).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
output=${1:-$root/.build/static/mlgate}
scratch=$root/.build/static-build
cd "$root"
flags=(
  -c release --product mlgate --scratch-path "$scratch"
  -Xswiftc -static-executable -Xswiftc -DMLGATE_NO_NETWORKING
  -Xlinker -licuuc -Xlinker -licudata -Xlinker -lz -Xlinker -llzma -Xlinker -lstdc++ -Xlinker -lm
  -Xlinker --undefined=pthread_cond_init -Xlinker --undefined=pthread_equal
)
swift build "${flags[@]}" >&2
built="$(swift build "${flags[@]}" --show-bin-path)/mlgate"
mkdir -p "$(dirname "$output")"
cp "$built" "$output"
strip "$output" 2>/dev/null || true
if ldd "$output" >/dev/null 2>&1; then
  echo "build-static: $output is dynamically linked:" >&2
  ldd "$output" >&2
  exit 1
fi
echo "$output"
