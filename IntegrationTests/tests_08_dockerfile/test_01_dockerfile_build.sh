# ci-templates/Dockerfile's build: the Swift runtime and Foundation linked in, only system
# libraries (libxml2, libcurl, libc) loaded at run time. No Docker daemon here, so its
# build command runs directly (it links libcurl, so it needs libcurl4-openssl-dev, as the
# Dockerfile's build stage installs).
# shellcheck shell=bash
image_build=(swift build -c release --product mlgate --static-swift-stdlib)
grep -q -- "--static-swift-stdlib" ci-templates/Dockerfile ||
  die "ci-templates/Dockerfile no longer builds with --static-swift-stdlib: update this test"
"${image_build[@]}" >/dev/null
image_binary="$("${image_build[@]}" --show-bin-path)/mlgate"
if ldd "$image_binary" | grep -E "libswift|libFoundation|libdispatch|libBlocksRuntime"; then
  fail "the Dockerfile's mlgate loads the Swift runtime dynamically"
else
  pass "the Dockerfile's build loads no Swift library, only the system's ($(ldd "$image_binary" | wc -l) libraries: libc, libxml2, libcurl and theirs)"
fi
status=$(status_of "$tmp/out" "$image_binary" check --config Examples/loans/mlgate.yml --no-reports --quiet)
expect_status 0 "$status" "the Dockerfile's mlgate runs the example"
