#!/usr/bin/env bash
# Spans through OTLP/HTTP protobuf into the figures and the tail sampler (issue 19's target: at least 100,000 spans/s
# per core), per CPU-second of the server, with its RSS over the run (flat memory; the heap bounded as the launcher bounds
# the server's). The OpenTelemetry Collector is
# not compared: it is not in the package registries this machine reaches (no Debian package, no Maven artifact).
# Usage: bench/otlp-ingest.sh [SECONDS=60] [SENDERS=2]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
bench_java 384m dev.vigil.bench.OtlpIngest "${1:-60}" "${2:-2}" 2>&1 | grep -v WARNING | tee "$out"
grep -q "complete: true" "$out" || { echo "exports failed or nothing was kept: these are not figures"; exit 1; }
