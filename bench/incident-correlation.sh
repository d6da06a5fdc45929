#!/usr/bin/env bash
# What correlation costs (issue 16's target: at most 10 % more CPU): the notification pipeline benchmark at RATE
# events/s, once without and once with the correlator reading every event and the pipeline grouping by incident.
# Prints both process CPU times and the ratio; no ratio when either run did not route every event.
# Usage: bench/incident-correlation.sh [RATE=10000] [SECONDS=30]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
rate="${1:-10000}"; seconds="${2:-30}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
bench_java 1g dev.vigil.bench.NotifyThroughput "$rate" "$seconds" false | tee "$work/off"
bench_java 1g dev.vigil.bench.NotifyThroughput "$rate" "$seconds" true | tee "$work/on"
for run in off on; do
  grep -q "all routed: true" "$work/$run" || { echo "the run with correlation $run did not route every event: no ratio"; exit 1; }
done
cpu() { sed -n 's/^process CPU: \([0-9.]*\) s.*/\1/p' "$1"; }
off=$(cpu "$work/off"); on=$(cpu "$work/on")
echo "$(nproc) cores; CPU without correlation $off s, with $on s: correlation adds $(python3 -c "print(round(($on/$off-1)*100, 1))") %"
