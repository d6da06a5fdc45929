#!/usr/bin/env bash
# The agent's footprint (issue 17's target: idle RSS at most 64 MB, under 1 % of one core while tailing 50 lines/s
# and sampling metrics every 10 s), measured on the agent as ./vigil starts it (the launcher's JVM options for
# `agent`), from /proc over SECONDS after a minute's warm-up. Starts a server on loopback for it to send to.
# Usage: bench/agent-footprint.sh [SECONDS=600] [LINES_PER_SECOND=50]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-600}"; rate="${2:-50}"
work="$(mktemp -d)"
cleanup() { kill "${writer:-}" "${agent:-}" "${server:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
api=$((20000 + RANDOM % 10000)); port=$((api + 1))
cat > "$work/vigil.yml" <<YML
server: {listen: "127.0.0.1:$api", data: "$work/data"}
agents:
  listen: "127.0.0.1:$port"
  plans: [{interval: 10s, logs: ["$work/app.log"]}]
YML
: > "$work/app.log"
"$here/vigil" --config "$work/vigil.yml" > "$work/server.out" 2>&1 & server=$!
for _ in $(seq 1 120); do grep -q "Agents: https://" "$work/server.out" && break; sleep 1; done
grep -q "Agents: https://" "$work/server.out" || { echo "the server did not start: no figures"; cat "$work/server.out"; exit 1; }
token=$("$here/vigil" agent-token create --data "$work/data" | tail -1)
# A first run enrolls and, at its exit, lays out the agent's class archive (as after any agent's first restart).
"$here/vigil" agent --server "https://127.0.0.1:$port" --join "$token" --data "$work/agent" > "$work/agent.out" 2>&1 & agent=$!
sleep 20; kill -TERM "$agent"; wait "$agent" 2>/dev/null || true
"$here/vigil" agent --data "$work/agent" >> "$work/agent.out" 2>&1 & agent=$!
python3 - "$work/app.log" "$rate" <<'PY' & writer=$!
import sys, time
path, rate = sys.argv[1], int(sys.argv[2])
n = 0
with open(path, "a", buffering=1) as f:
    while True:
        start = time.time()
        for _ in range(rate):
            f.write(f"Dec  3 10:00:00 app1 app[42]: request {n} served in 12 ms\n"); n += 1
        time.sleep(max(0, 1 - (time.time() - start)))
PY
sleep 60
pid=$(pgrep -f "dev.vigil.server.Main agent|vigil.jar agent" | head -1)
[[ -n "$pid" ]] || { echo "the agent is not running: no figures"; cat "$work/agent.out"; exit 1; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
hz=$(getconf CLK_TCK)
t0=$(ticks "$pid"); max=0; sum=0; k=0
for _ in $(seq 1 $((seconds / 10))); do
  sleep 10
  kill -0 "$pid" 2>/dev/null || { echo "the agent died: no figures"; cat "$work/agent.out"; exit 1; }
  r=$(rss "$pid"); sum=$((sum + r)); k=$((k + 1)); (( r > max )) && max=$r
done
t1=$(ticks "$pid")
cpu=$(python3 -c "print(round(($t1 - $t0) / $hz / $seconds * 100, 2))")
sent=$(grep -c . "$work/app.log")
echo "$(nproc) cores; agent JVM options: $(tr '\0' ' ' < /proc/$pid/cmdline | grep -o -- '-XX:+UseSerialGC.* -jar' | sed 's/ -jar$//')"
echo "agent over ${seconds}s tailing ${rate} lines/s, metrics every 10s: CPU ${cpu} % of one core; RSS mean $((sum / k / 1024)) MB, max $((max / 1024)) MB ($sent lines written)"
