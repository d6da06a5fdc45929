#!/usr/bin/env bash
# Load run: Vigil's engine running N http checks per minute against a local page (real scheduler,
# virtual threads, SQLite store), then the same through Debian's check_http via exec (the Nagios way:
# one process per check). Prints checks/min, CPU-seconds per 1,000 checks, p99 lateness, and the ratio.
# Usage: bench/http-checks.sh [RATE_PER_MIN=50000] [MEASURE=60s] [EXEC_RATE=3000]
set -euo pipefail
rate="${1:-50000}"; measure="${2:-60s}"; exec_rate="${3:-3000}"
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
port=18099
"$JAVA_HOME/bin/java" -Xmx256m -cp "$jar" dev.vigil.bench.HttpTarget "$port" &
target=$!
trap 'kill $target 2>/dev/null || true' EXIT
sleep 1
echo "== Vigil built-in http check, $rate checks/min =="
out="$(mktemp)"
bench_java 1g dev.vigil.bench.CheckThroughput "$rate" "http://127.0.0.1:$port/" builtin 20s "$measure" 10s >"$out"
cat "$out"; builtin="$(grep '^RESULT' "$out")"
echo "== check_http through exec (Nagios-style fork per check), $exec_rate checks/min =="
bench_java 512m dev.vigil.bench.CheckThroughput "$exec_rate" "http://127.0.0.1:$port/" exec 10s "$measure" 10s >"$out"
cat "$out"; peer="$(grep '^RESULT' "$out")"; rm -f "$out"
cpu_b="$(sed -E 's/.*cpu_per_1000=([0-9.]+).*/\1/' <<<"$builtin")"
cpu_e="$(sed -E 's/.*cpu_per_1000=([0-9.]+).*/\1/' <<<"$peer")"
echo "CPU per 1000 checks: built-in $cpu_b s, check_http via exec $cpu_e s (both include forked plugins' CPU)"
awk -v b="$cpu_b" -v e="$cpu_e" 'BEGIN { printf "ratio: check_http via exec costs %.1fx the CPU of the built-in http check\n", e / b }'
