#!/usr/bin/env bash
# Builds the libFuzzer binary (the MLGate library and Fuzz/Targets compiled together,
# with -sanitize=fuzzer,address) and runs every target for SECONDS each, starting from
# its committed seed corpus (Fuzz/corpus/TARGET). Fails on any crash, hang (an input
# taking over 10 s), leak or out-of-memory (2 GiB); the input that did it is kept in
# Fuzz/.build/artifacts/TARGET/ and printed. Prints the executions run per target.
#
#   Fuzz/run.sh 60            every target, 60 s each
#   Fuzz/run.sh 60 csv gzip   only these
#
# Needs the package's dependencies built (`swift build`, done here if missing). The
# fuzzer is built at -Onone (about 2.5 minutes on 2 cores; MLGATE_FUZZ_OPT=-O: about 8
# minutes, and two to three times the executions per second).
set -euo pipefail
seconds=${1:?usage: Fuzz/run.sh SECONDS [TARGET...]}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(csv jsonl gzip config schema dialect profile attestation pem report parquet api detect postgres pgbinary aws arrow spark number pushdown)

swift build --product mlgate >/dev/null
bin=$(swift build --show-bin-path)
out=Fuzz/.build
mkdir -p "$out"
fuzzer=$out/mlgate-fuzz

# The dependencies' objects (Yams, swift-crypto and their C parts) and our C shim's
# (CMLGateCurl), as SwiftPM built them.
objects=()
for target in CMLGateCurl Yams CYaml Crypto CryptoBoringWrapper CCryptoBoringSSL CCryptoBoringSSLShims CXKCP CXKCPShims; do
    [ -d "$bin/$target.build" ] || continue
    while IFS= read -r -d '' object; do objects+=("$object"); done < <(find "$bin/$target.build" -name '*.o' -print0)
done
maps=()
for map in Sources/CLibXML2/module.modulemap Sources/CZlib/module.modulemap Sources/CZstd/module.modulemap Sources/CBrotli/module.modulemap Sources/COpenSSL/module.modulemap Sources/CMLGateCurl/include/module.modulemap \
    .build/checkouts/Yams/Sources/CYaml/include/module.modulemap \
    .build/checkouts/swift-crypto/Sources/{CXKCPShims,CXKCP,CCryptoBoringSSLShims,CCryptoBoringSSL}/include/module.modulemap; do
    [ -f "$map" ] && maps+=(-Xcc "-fmodule-map-file=$map" -Xcc -I -Xcc "$(dirname "$map")")
done

sources=$(find Sources/MLGate Fuzz/Targets -name '*.swift' | sort)
if [ ! -x "$fuzzer" ] || [ -n "$(find Sources/MLGate Fuzz/Targets -name '*.swift' -newer "$fuzzer")" ]; then
    echo "fuzz: building $fuzzer" >&2
    start=$(date +%s)
    # shellcheck disable=SC2086
    swiftc -sanitize=fuzzer,address -parse-as-library -module-name MLGate -swift-version 6 ${MLGATE_FUZZ_OPT:--Onone} -wmo \
        -I "$bin/Modules" -I /usr/include/libxml2 "${maps[@]}" \
        $sources "${objects[@]}" -lxml2 -lz -lzstd -lbrotlidec -lbrotlicommon -lssl -lcrypto -o "$fuzzer" 2> >(grep -v "ld.gold: warning: Cannot export local symbol" >&2)
    echo "fuzz: built in $(( $(date +%s) - start )) s" >&2
fi

status=0
# The parquet target writes each input to a file in the temporary folder: one of ours,
# emptied after every target, rather than files left in /tmp.
scratch=$root/$out/tmp
for target in "${targets[@]}"; do
    rm -rf "$scratch"
    mkdir -p "$scratch"
    corpus=$out/corpus/$target
    artifacts=$out/artifacts/$target
    mkdir -p "$corpus" "$artifacts"
    log=$out/$target.log
    set +e
    TMPDIR=$scratch MLGATE_FUZZ_TARGET=$target MLGATE_FUZZ_SEEDS=Fuzz/corpus/$target ASAN_OPTIONS=detect_leaks=1 \
        LSAN_OPTIONS="suppressions=$root/Fuzz/lsan.supp:print_suppressions=0" "$fuzzer" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$artifacts/" "$corpus" "Fuzz/corpus/$target" >"$log" 2>&1
    code=$?
    set -e
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    if [ $code -eq 0 ]; then
        echo "fuzz: $target: $runs executions in ${seconds} s, no crash, hang or leak"
    else
        status=1
        echo "fuzz: $target: FAILED (exit $code) after $runs executions; the input is in $artifacts/" >&2
        grep -E "ERROR|SUMMARY|Fatal error|fatal error|==[0-9]+==|Test unit written" "$log" | head -20 >&2
    fi
done
rm -rf "$scratch"
exit $status
