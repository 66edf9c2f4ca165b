# Eight `mlgate promote` processes at once into one dir: registry: all succeed, and the
# registry holds versions 1..8, each with its own artifact.
# shellcheck shell=bash
mlgate=$(mlgate_bin)
copy_example "$tmp/project"
cd "$tmp/project" || exit 1
for i in 1 2 3 4 5 6 7 8; do
  mkdir -p "job$i/model"
  printf '{"weights": %d}\n' "$i" >"job$i/model/model.json"
  "$mlgate" check --quiet --no-reports --artifact "job$i/model/model.json" --attest "job$i/attestation.json" >/dev/null
done
pids=()
for i in 1 2 3 4 5 6 7 8; do
  "$mlgate" promote --attestation "job$i/attestation.json" --artifact "job$i/model/model.json" --to dir:registry --model loans --alias champion >"$tmp/p$i.out" 2>&1 &
  pids+=($!)
done
codes=0
for pid in "${pids[@]}"; do wait "$pid" || codes=$((codes + 1)); done
expect_status 0 "$codes" "eight concurrent promotions all succeed"
check "eight versions 1..8, each holding its own artifact" python3 "$suite/dir_registry.py" registry loans 8
