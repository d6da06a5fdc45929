# Sourced by bench scripts: finds a JDK 21+ the same way ./vigil does.
for home in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 /usr/lib/jvm/*; do
  if [[ -n "$home" && -x "$home/bin/javac" ]]; then
    major="$("$home/bin/java" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print v[1]; exit}')"
    if (( major >= 21 )); then export JAVA_HOME="$home"; break; fi
  fi
done
[[ -x "${JAVA_HOME:-}/bin/java" ]] || { echo "needs a JDK 21+" >&2; exit 1; }
