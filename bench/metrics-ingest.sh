#!/usr/bin/env bash
# Metric store: samples/s into 10,000 series, query latency, bytes per series, and the same updates through
# Debian's rrdtool with the ratio (issue 5's target: at least 5x rrdtool; a host's week grid under 100 ms).
# Usage: bench/metrics-ingest.sh [SERIES=10000] [ROUNDS=30]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v rrdtool >/dev/null || { echo "needs Debian's rrdtool (apt-get install rrdtool)" >&2; exit 1; }
bench_java 2g dev.vigil.bench.MetricsIngest "${1:-10000}" "${2:-30}"
