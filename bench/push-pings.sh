#!/usr/bin/env bash
# Push monitors' pings under load (issue 18's target: 5,000 pings/s accepted with p99 under 50 ms), each stored before
# it is answered. No figures when a ping failed.
# Usage: bench/push-pings.sh [RATE=5000] [SECONDS=20] [MONITORS=100]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
bench_java 1g dev.vigil.bench.PushLoad "${1:-5000}" "${2:-20}" "${3:-100}" 2>&1 | tee "$out"
grep -q "complete: true" "$out" || { echo "pings failed: these are not figures"; exit 1; }
