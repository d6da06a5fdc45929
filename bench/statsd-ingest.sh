#!/usr/bin/env bash
# StatsD lines through the intake (issue 19's target: at least 500,000 lines/s per core), measured as lines taken per
# CPU-second of the receiving thread. No peer is compared: Etsy's statsd daemon is not packaged here.
# Usage: bench/statsd-ingest.sh [SECONDS=20]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
bench_java 1g dev.vigil.bench.StatsdIngest "${1:-20}" 2>&1 | tee "$out"
grep -q "complete: true" "$out" || { echo "the intake took nothing or refused lines: these are not figures"; exit 1; }
