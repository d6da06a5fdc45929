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

aide_conf() {  # aide_conf WORKDIR TREE: an AIDE config comparing what vigil fim compares (p u g s m i sha256 ftype l)
  cat > "$1/aide.conf" <<CONF
database_in=file:$1/aide.db
database_out=file:$1/aide.db.new
report_url=stdout
VigilRule = p+u+g+s+m+i+sha256+ftype+l
$2 VigilRule
CONF
}
