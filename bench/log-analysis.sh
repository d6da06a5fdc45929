#!/usr/bin/env bash
# Log analysis: lines per CPU-second on one core through decoding and OSSEC's full default ruleset, on the
# deterministic sample shared/bench/loggen.py writes, with the ratio to OSSEC 4.2's analyzer (4.6 CPU-s for
# 200,000 lines). Issue 6's target: 220,000 lines/s per core (5x OSSEC).
# Usage: bench/log-analysis.sh [LINES=200000]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
shared="$(cd "$here/../shared" && pwd)"
sample="$(mktemp)"
trap 'rm -f "$sample"' EXIT
python3 "$shared/bench/loggen.py" "${1:-200000}" > "$sample"
# Second argument: the ruleset under ../shared/rulesets to run (ossec, the default, or wazuh).
bench_java 1g dev.vigil.bench.LogAnalysis "$sample" "$shared/rulesets/${2:-ossec}" 3
