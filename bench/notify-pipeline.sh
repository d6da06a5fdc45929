#!/usr/bin/env bash
# Events through the notification pipeline to a local webhook (issue 4's target: 10,000 events/s through
# routing and grouping, p99 under 1 s for an ungrouped CRITICAL).
# Usage: bench/notify-pipeline.sh [RATE=10000] [SECONDS=30]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_java 1g dev.vigil.bench.NotifyThroughput "${1:-10000}" "${2:-30}"
