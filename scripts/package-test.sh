#!/usr/bin/env bash
# Builds the Debian package, installs it with dpkg -i, starts the installed binary as the 'vigil' user the way
# vigil.service does, signs in through the real sign-in form, then purges the package. Run by ./run-tests
# after the Maven tests (needs root, as CI is). Prints "package: N passed, M failed".
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
passed=0
failed=0
check() { # check NAME COMMAND...
  local name="$1"; shift
  if "$@"; then passed=$((passed + 1)); echo "package: ok   $name"; else failed=$((failed + 1)); echo "package: FAIL $name"; fi
}
if [[ "$(id -u)" != 0 ]]; then
  echo "package: skipped (installing a package needs root)"
  exit 0
fi
work="$(mktemp -d)"
pid=""
cleanup() {
  [[ -n "$pid" ]] && kill "$pid" 2>/dev/null
  dpkg --purge vigil >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT

deb="$("$here/scripts/package.sh" "$work" | tail -1)"
check "a .deb is built" test -f "$deb"
dpkg --purge vigil >/dev/null 2>&1
check "dpkg -i installs it" dpkg -i "$deb"
check "the vigil user exists" getent passwd vigil
check "/var/lib/vigil is private to it" test "$(stat -c '%a %U' /var/lib/vigil)" = "700 vigil"
check "the unit is installed" test -f /lib/systemd/system/vigil.service
check "its own Java runtime is installed" test -x /usr/lib/vigil/runtime/bin/java

port=$(( 20000 + RANDOM % 20000 ))
# As the unit runs it: the vigil user, in /etc/vigil, data in /var/lib/vigil.
(cd /etc/vigil && exec runuser -u vigil -- /usr/bin/vigil server --data /var/lib/vigil --listen "127.0.0.1:$port") \
  > "$work/server.log" 2>&1 &
pid=$!
up=false
for _ in $(seq 1 90); do
  if curl -fs -o /dev/null "http://127.0.0.1:$port/healthz"; then up=true; break; fi
  sleep 1
done
check "the installed server answers" $up
check "the server says how to add a user as the vigil user" grep -q "sudo -u vigil vigil user add" "$work/server.log"

printf '%s\n' "package test password" | runuser -u vigil -- /usr/bin/vigil user add admin --role admin --data /var/lib/vigil \
  >/dev/null 2>&1
jar="$work/cookies"
login="$(curl -fs -c "$jar" -b "$jar" "http://127.0.0.1:$port/login")"
csrf="$(printf '%s' "$login" | sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' | head -1)"
status="$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" --data-urlencode "username=admin" \
  --data-urlencode "password=package test password" --data-urlencode "csrf=$csrf" --data-urlencode "next=/" \
  "http://127.0.0.1:$port/login")"
check "signing in redirects (303)" test "$status" = 303
check "the signed-in overview is served" sh -c "curl -fs -b '$jar' 'http://127.0.0.1:$port/' | grep -q '<title>Overview'"

kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=""
check "dpkg --purge removes it, its data and its user" sh -c 'dpkg --purge vigil >/dev/null && ! getent passwd vigil >/dev/null && test ! -e /var/lib/vigil'
echo "package: $passed passed, $failed failed"
(( failed == 0 ))
