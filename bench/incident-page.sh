#!/usr/bin/env bash
# An incident's page server time with 500 events and 10 series (issue 16's target: under 200 ms).
# Usage: bench/incident-page.sh [EVENTS=500] [SERIES=10] [REQUESTS=100]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bench_java 1g dev.vigil.bench.IncidentPage "${1:-500}" "${2:-10}" "${3:-100}"
