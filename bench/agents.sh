#!/usr/bin/env bash
# The server receiving from many agents (issue 17's target: 200 agents x 100 log lines/s and 50 series each every
# 10 s on 2 cores, line-to-searchable p99 under 2 s, no loss). Starts a server on loopback, enrolls AGENTS simulated
# agents from one process (each its own key and client certificate, mutual TLS as the real agent), sends for SECONDS,
# then counts every line in search and reads the server's CPU and RSS. No figures when a batch failed or lines
# went missing or came twice.
# Usage: bench/agents.sh [AGENTS=200] [LINES_PER_SECOND=100] [SECONDS=60]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
agents="${1:-200}"; lines="${2:-100}"; seconds="${3:-60}"
work="$(mktemp -d)"
cleanup() { kill "${server:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
api=$((20000 + RANDOM % 10000)); port=$((api + 1))
cat > "$work/vigil.yml" <<YML
server: {listen: "127.0.0.1:$api", data: "$work/data"}
agents: {listen: "127.0.0.1:$port"}
YML
"$here/vigil" --config "$work/vigil.yml" > "$work/server.out" 2>&1 & server=$!
for _ in $(seq 1 120); do grep -q "Agents: https://" "$work/server.out" && break; sleep 1; done
grep -q "Agents: https://" "$work/server.out" || { echo "the server did not start: no figures"; cat "$work/server.out"; exit 1; }
pid=$(pgrep -f "vigil.jar --config $work/vigil.yml" | head -1)
admin=$("$here/vigil" token create --name bench --scope admin --data "$work/data" | tail -1)
join=$("$here/vigil" agent-token create --data "$work/data" | tail -1)
bench_java 1g dev.vigil.bench.AgentFleet "https://127.0.0.1:$port" "http://127.0.0.1:$api" "$admin" "$join" \
  "$work/data/ca/ca.crt" "$pid" "$agents" "$lines" "$seconds" 2>&1 | tee "$work/out" || true
if ! grep -q "complete: true" "$work/out"; then
  echo "the run lost, repeated or failed something: these are not figures; the server said:"
  grep -v "^\s*at " "$work/server.out" | tail -20
  exit 1
fi
echo "$(nproc) cores; server: ./vigil (its launcher's JVM options)"
