#!/usr/bin/env bash
# Overview page server time with 1,000 hosts and 20,000 services in the store (issue 3's target: median < 50 ms).
# Usage: bench/overview-page.sh [HOSTS=1000] [SERVICES_PER_HOST=20] [REQUESTS=200]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_java 1g dev.vigil.bench.OverviewPage "${1:-1000}" "${2:-20}" "${3:-200}"
