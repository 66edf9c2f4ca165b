# ci-templates/Dockerfile's build: the Swift runtime and Foundation linked in, only system
# libraries (libxml2, OpenSSL, libc) loaded at start; libcurl only when a request is sent.
# No Docker daemon here, so its build command runs directly.
# shellcheck shell=bash
image_build=(swift build -c release --product mlgate --static-swift-stdlib)
grep -q -- "--static-swift-stdlib" ci-templates/Dockerfile ||
  die "ci-templates/Dockerfile no longer builds with --static-swift-stdlib: update this test"
"${image_build[@]}" >/dev/null
image_binary="$("${image_build[@]}" --show-bin-path)/mlgate"
if ldd "$image_binary" | grep -E "libswift|libFoundation|libdispatch|libBlocksRuntime"; then
  fail "the Dockerfile's mlgate loads the Swift runtime dynamically"
else
  pass "the Dockerfile's build loads no Swift library, only the system's ($(ldd "$image_binary" | wc -l) libraries: libc, libxml2, OpenSSL and theirs)"
fi
if ldd "$image_binary" | grep -E "libcurl"; then
  fail "the Dockerfile's mlgate links libcurl: every run would map it (it is to be loaded on the first request)"
else
  pass "the Dockerfile's mlgate does not link libcurl (loaded on the first HTTP request)"
fi
status=$(status_of "$tmp/out" "$image_binary" check --config Examples/loans/mlgate.yml --no-reports --quiet)
expect_status 0 "$status" "the Dockerfile's mlgate runs the example"
