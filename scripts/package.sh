#!/usr/bin/env bash
# Builds a Debian package of Vigil with its own Java runtime (jlink), so the target needs no JDK:
#   /usr/bin/vigil, /usr/lib/vigil/{vigil.jar,runtime/}, /lib/systemd/system/vigil.service,
#   /etc/vigil/vigil.yml.example, the 'vigil' system user and /var/lib/vigil (made by postinst).
# Usage: scripts/package.sh [OUTPUT_DIR]   (default: target/); prints the .deb's path on its last line.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$here/target}"
source "$here/scripts/java-home.sh"
[[ -n "${JAVA_HOME:-}" ]] || { echo "package: needs a JDK 21+ (./run-tests installs one)" >&2; exit 1; }
command -v dpkg-deb >/dev/null || { echo "package: needs dpkg-deb (apt-get install dpkg)" >&2; exit 1; }

jar="$here/vigil-server/target/vigil.jar"
if [[ ! -f "$jar" || -n "$(find "$here" -path '*/src/main/*' -newer "$jar" -print -quit)" ]]; then
  echo "package: building the jar" >&2
  (cd "$here" && mvn -q -B -ntp -DskipTests -pl vigil-server -am package) >&2
fi
# The project's version, from the parent pom (its first <version>), in Debian's form (0.1.0~snapshot).
version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$here/pom.xml" | head -1 | sed 's/-SNAPSHOT/~snapshot/')"
arch="$(dpkg --print-architecture)"

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
# The modules jdeps finds in the jar, and what is loaded by name at run time (logging, XML, TLS curves).
modules="java.base,java.compiler,java.desktop,java.instrument,java.management,java.naming,java.net.http,java.security.jgss,java.security.sasl,java.sql,jdk.unsupported,java.logging,java.xml,jdk.crypto.ec,jdk.charsets,jdk.zipfs"
echo "package: linking a Java runtime ($modules)" >&2
"$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=zip-6 \
  --output "$root/usr/lib/vigil/runtime"
install -D -m 0644 "$jar" "$root/usr/lib/vigil/vigil.jar"
install -D -m 0755 "$here/packaging/deb/vigil" "$root/usr/bin/vigil"
install -D -m 0644 "$here/packaging/deb/vigil.service" "$root/lib/systemd/system/vigil.service"
install -D -m 0644 "$here/packaging/deb/vigil.yml.example" "$root/etc/vigil/vigil.yml.example"
install -D -m 0644 "$here/README.md" "$root/usr/share/doc/vigil/README.md"
install -D -m 0644 "$here/LICENSE" "$root/usr/share/doc/vigil/copyright"
install -d "$root/DEBIAN"
for s in postinst prerm postrm; do install -m 0755 "$here/packaging/deb/$s" "$root/DEBIAN/$s"; done
echo "/etc/vigil/vigil.yml.example" > "$root/DEBIAN/conffiles"
size="$(du -sk "$root" | cut -f1)"
cat > "$root/DEBIAN/control" <<CONTROL
Package: vigil
Version: $version
Architecture: $arch
Maintainer: Vigil developers <vigil@localhost>
Installed-Size: $size
Depends: passwd, adduser | passwd
Section: admin
Priority: optional
Description: self-hosted monitoring and security monitoring
 Service checks with Nagios semantics, history graphs and forecasts,
 OSSEC-compatible log analysis with search, file integrity and a security
 audit, in one program with its own Java runtime.
CONTROL
mkdir -p "$out"
deb="$out/vigil_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zgzip --build "$root" "$deb" >&2
echo "$deb"
