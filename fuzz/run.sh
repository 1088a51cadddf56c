#!/usr/bin/env bash
# Builds the libFuzzer harnesses (clang, ASan + UBSan) in build-fuzz/ and runs each for N seconds
# on a copy of its seed corpus (fuzz/corpus/<target>/; the repository is never written).
# Every target runs; the script fails when any of them crashed, leaked, timed out or ran out of
# memory (the inputs are kept in build-fuzz/fuzz-findings/). Prints each target's exec count.
# Usage: fuzz/run.sh [seconds-per-target]   (default 60; CI passes 20)
# Environment: FUZZ_TARGETS="fuzz_csv fuzz_nlp" runs a subset; FUZZ_JOBS (default 2) build jobs;
#   FUZZ_BUILD_DIR (default build-fuzz).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "usage: $0 [seconds-per-target]" >&2; exit 2; }
build="${FUZZ_BUILD_DIR:-build-fuzz}"
targets=(${FUZZ_TARGETS:-fuzz_http fuzz_messenger fuzz_line fuzz_nlp fuzz_csv fuzz_config})

command -v clang++ >/dev/null || { echo "fuzz/run.sh: clang++ is missing: scripts/install-packages build test" >&2; exit 1; }
start=$SECONDS
if [ ! -f "$build/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DMADOGUCHI_FUZZ=ON \
    -DMADOGUCHI_BUILD_TESTS=OFF -DCMAKE_BUILD_TYPE=Fuzz -DCMAKE_CXX_FLAGS_FUZZ="-O1 -g1" >/dev/null
fi
cmake --build "$build" -j "${FUZZ_JOBS:-2}" --target "${targets[@]}"
echo "== fuzz targets built in $((SECONDS - start)) s"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}:abort_on_error=1"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}:halt_on_error=1"
failed=()
for target in "${targets[@]}"; do
  corpus="$work/$target"
  mkdir -p "$corpus" "$work/artifacts-$target"
  cp -r "fuzz/corpus/$target/." "$corpus/"
  log="$work/$target.log"
  echo "== $target: ${seconds} s"
  if "$build/fuzz/$target" -max_total_time="$seconds" -max_len=4096 -timeout=10 \
      -rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix="$work/artifacts-$target/" \
      "$corpus" >"$log" 2>&1; then
    grep -E '^#[0-9]+.*DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb' "$log" || true
  else
    tail -n 60 "$log"
    mkdir -p "$build/fuzz-findings"
    cp -r "$work/artifacts-$target/." "$build/fuzz-findings/" 2>/dev/null || true
    echo "== $target FAILED; the input is in $build/fuzz-findings/ (reproduce: $build/fuzz/$target FILE)" >&2
    failed+=("$target")
  fi
done
[ ${#failed[@]} -eq 0 ] || { echo "== fuzzing found problems in: ${failed[*]}" >&2; exit 1; }
echo "== fuzzing done in $((SECONDS - start)) s"
