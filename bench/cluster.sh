#!/usr/bin/env bash
# Several Vigil servers on one PostgreSQL (issue 20): checks run per minute with 1, 2 and 3 servers sharing the same
# configuration, and the takeover time after kill -9 of one of three (how long until the others run all its checks).
# On this 2-core machine the servers, the database and the checks' target share the cores: the point is correctness
# and takeover time, not a speed-up. PostgreSQL is Debian's, made by this script in a temporary directory.
# Usage: bench/cluster.sh [CHECKS=500] [INTERVAL_SECONDS=6] [MINUTE_SECONDS=60]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
checks="${1:-500}"
interval="${2:-6}"
window="${3:-60}"
work="$(mktemp -d)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  [[ -n "${pg_pid:-}" ]] && kill -QUIT "$pg_pid" 2>/dev/null || true
  sleep 1
  rm -rf "$work"
}
trap cleanup EXIT

bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
[[ -x "$bin/postgres" ]] || { echo "no PostgreSQL (Debian's postgresql package): no figures"; exit 1; }
as=()
if [[ "$(id -u)" == 0 ]]; then as=(runuser -u postgres --); chown postgres: "$work"; fi
pg_port=$(( 20000 + RANDOM % 20000 ))
"${as[@]}" "$bin/initdb" -D "$work/pg" -A trust -U vigil -E UTF8 --locale=C --no-sync >/dev/null
"${as[@]}" "$bin/postgres" -D "$work/pg" -p "$pg_port" -k "$work" -c listen_addresses=127.0.0.1 -c max_connections=200 \
  >"$work/pg.log" 2>&1 &
for _ in $(seq 1 100); do
  "$bin/pg_isready" -h 127.0.0.1 -p "$pg_port" -q && break
  sleep 0.2
done
"$bin/psql" -h 127.0.0.1 -p "$pg_port" -U vigil -d postgres -qc "CREATE DATABASE vigil" >/dev/null
url="jdbc:postgresql://127.0.0.1:$pg_port/vigil"
sql() { "$bin/psql" -h 127.0.0.1 -p "$pg_port" -U vigil -d vigil -tAc "$1"; }

# The checks' target: PostgreSQL's own port, by tcp (connect and close), so only Vigil's work is measured.
{
  echo "store: {type: postgres, url: \"$url\", user: vigil, heartbeat: 1s, dead_after: 5s}"
  echo "hosts:"
  echo "  - {name: db, address: 127.0.0.1}"
  echo "services:"
  for i in $(seq 1 "$checks"); do
    echo "  - {name: port$i, host: db, type: tcp, port: $pg_port, interval: ${interval}s}"
  done
} >"$work/vigil.yml"

"$here/vigil" config validate "$work/vigil.yml" >/dev/null
token="$("$here/vigil" token create --name bench --scope read --config "$work/vigil.yml" | tail -1)"

start_server() { # N: listens on 127.0.0.1:1808N, data in $work/dN
  mkdir -p "$work/d$1"
  VIGIL_COMMAND=vigil "$here/vigil" server --config "$work/vigil.yml" --data "$work/d$1" --listen "127.0.0.1:1808$1" \
    >"$work/server$1.log" 2>&1 &
  pids+=($!)
  disown "$!"   # its kill -9 is the point, not news
  for _ in $(seq 1 150); do
    curl -fs -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:1808$1/api/v1/cluster" && return 0
    sleep 0.2
  done
  echo "server $1 did not start: no figures"; tail -5 "$work/server$1.log"; exit 1
}
members() { curl -fs -H "Authorization: Bearer $token" "http://127.0.0.1:1808$1/api/v1/cluster" \
  | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["members"]), sum(m["checks"] for m in d["members"]), " ".join(str(m["checks"]) for m in d["members"]))'; }
per_minute() { # results stored over the window, scaled to a minute
  local from; from=$(( $(date +%s%3N) ))
  sleep "$window"
  local n; n=$(sql "SELECT count(*) FROM results WHERE at > $from")
  echo $(( n * 60 / window ))
}
rss_mb() { local total=0; for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || continue
  local r; r=$(awk '/VmRSS/ {print $2}' /proc/"$(pgrep -P "$p" java || echo "$p")"/status 2>/dev/null || echo 0); total=$(( total + r )); done
  echo $(( total / 1024 )); }

expected=$(( checks * 60 / interval ))
echo "cluster bench: $checks tcp checks every ${interval}s (${expected} a minute wanted), PostgreSQL $(basename "$(dirname "$bin")"), $(nproc) cores"
for n in 1 2 3; do
  start_server "$n"
  for _ in $(seq 1 60); do
    read -r m total split < <(members 1)
    [[ "$m" == "$n" && "$total" == "$checks" ]] && break
    sleep 0.5
  done
  sleep "$interval"
  got=$(per_minute)
  echo "servers: $n  split: $split  checks run per minute: $got  (RSS of the servers: $(rss_mb) MB)"
done

# kill -9 server 1; how long until the others run all 500 between them.
killed_at=$(date +%s%3N)
kill -9 "${pids[0]}" 2>/dev/null || true
pkill -9 -P "${pids[0]}" java 2>/dev/null || true
took=""
for _ in $(seq 1 600); do
  read -r m total split < <(members 2)
  if [[ "$m" == 2 && "$total" == "$checks" ]]; then took=$(( $(date +%s%3N) - killed_at )); break; fi
  sleep 0.1
done
[[ -n "$took" ]] || { echo "the others never took over: no takeover figure"; exit 1; }
echo "takeover after kill -9 of one of three: ${took} ms (dead_after 5s, heartbeat 1s; the target is two intervals, $(( 2 * interval )) s)"
got=$(per_minute)
echo "after the takeover, 2 servers: checks run per minute: $got (split: $split)"
