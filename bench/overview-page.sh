#!/usr/bin/env bash
# Overview page server time with 1,000 hosts and 20,000 services in the store (issue 3's target: median < 50 ms).
# Usage: bench/overview-page.sh [HOSTS=1000] [SERVICES_PER_HOST=20] [REQUESTS=200]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$here/scripts/java-home.sh"
[[ -n "${JAVA_HOME:-}" ]] || { echo "needs a JDK 21+" >&2; exit 1; }
(cd "$here" && mvn -q -B -ntp -DskipTests package) >&2
exec "$JAVA_HOME/bin/java" -Xmx1g --enable-native-access=ALL-UNNAMED -cp "$here/vigil-bench/target/vigil-bench.jar" \
  dev.vigil.bench.OverviewPage "${1:-1000}" "${2:-20}" "${3:-200}"
