# Sourced by ./vigil, ./run-tests, .ci/run and bench scripts: sets JAVA_HOME to a JDK 21 or newer.
# Looks at $JAVA_HOME, Temurin's and Debian's JDKs under /usr/lib/jvm, then the javac on PATH.
vigil_java_major() { "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'; }

vigil_find_jdk() {
  local home
  for home in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/*; do
    if [[ -n "$home" && -x "$home/bin/java" && -x "$home/bin/javac" ]] && (( $(vigil_java_major "$home") >= 21 )); then
      echo "$home"; return 0
    fi
  done
  if command -v javac >/dev/null 2>&1; then
    home="$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")"
    if (( $(vigil_java_major "$home") >= 21 )); then echo "$home"; return 0; fi
  fi
  return 1
}

if JAVA_HOME="$(vigil_find_jdk)"; then
  export JAVA_HOME
  export PATH="$JAVA_HOME/bin:$PATH"
else
  unset JAVA_HOME
fi
