#!/usr/bin/env bash
# The public status page under a burst (issue 18's target: 1,000 requests/s on loopback with 50 components and 90 days
# of history, the dashboard's overview p95 under 100 ms meanwhile). No figures when requests failed.
# Usage: bench/status-page.sh [RATE=1000] [SECONDS=30]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
bench_java 1g dev.vigil.bench.StatusPageLoad "${1:-1000}" "${2:-30}" 2>&1 | tee "$out"
grep -q "complete: true" "$out" || { echo "requests failed: these are not figures"; exit 1; }
