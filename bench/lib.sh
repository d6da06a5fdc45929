# Sourced by the bench scripts: finds a JDK 21+, builds the jars, and runs a main class of vigil-bench.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$here/scripts/java-home.sh"
[[ -n "${JAVA_HOME:-}" ]] || { echo "needs a JDK 21+" >&2; exit 1; }
(cd "$here" && mvn -q -B -ntp -DskipTests package) >&2
jar="$here/vigil-bench/target/vigil-bench.jar"

bench_java() {  # bench_java HEAP MAIN_CLASS ARGS...
  local heap="$1"; shift
  "$JAVA_HOME/bin/java" "-Xmx$heap" --enable-native-access=ALL-UNNAMED -cp "$jar" "$@"
}
