#!/usr/bin/env bash
# Events through the notification pipeline to a local webhook (issue 4's target: 10,000 events/s through
# routing and grouping, p99 under 1 s for an ungrouped CRITICAL).
# Usage: bench/notify-pipeline.sh [RATE=10000] [SECONDS=30]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$here/scripts/java-home.sh"
[[ -n "${JAVA_HOME:-}" ]] || { echo "needs a JDK 21+" >&2; exit 1; }
(cd "$here" && mvn -q -B -ntp -DskipTests package) >&2
exec "$JAVA_HOME/bin/java" -Xmx1g --enable-native-access=ALL-UNNAMED -cp "$here/vigil-bench/target/vigil-bench.jar" \
  dev.vigil.bench.NotifyThroughput "${1:-10000}" "${2:-30}"
