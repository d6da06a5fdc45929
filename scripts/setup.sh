# Sourced by ./run-tests and .ci/run: installs what the build and the integration tests need on a fresh
# Debian/Ubuntu machine (only what is missing), then sets JAVA_HOME to a JDK 21+.
#   - a JDK 21+ (the machine default may be 17)
#   - monitoring-plugins (real check_http, check_tcp, check_disk, check_load for the exec tests)
#   - iputils-ping (the ping check uses the system's ping)
#   - chromium and chromium-driver (the dashboard's end-to-end tests drive a real browser)
#   - prometheus-node-exporter and munin-node (the collectors are tested against them)
#   - victoria-metrics (remote write is tested against it) and rrdtool (for bench/metrics-ingest.sh)
#   - rsyslog (the syslog server is tested with it forwarding to Vigil) and aide (bench/aide-compare.sh)
#   - nagios-nrpe-server (the nrpe check is tested against Debian's nrpe with its stock commands) and
#     nagios-nrpe-plugin (its check_nrpe asks the agent's NRPE answering, with certificates), openssl (makes them)
#   - postgresql (the stores and the cluster are tested on a server the tests make and start on loopback)
here_setup="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$here_setup/scripts/java-home.sh"

vigil_apt() {
  local sudo=""
  [[ "$(id -u)" != 0 ]] && sudo="sudo"
  if [[ -z "${VIGIL_APT_UPDATED:-}" ]]; then
    $sudo apt-get update -qq >&2 || true
    VIGIL_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >&2
}

missing=()
[[ -x /usr/lib/nagios/plugins/check_http ]] || missing+=(monitoring-plugins)
command -v ping >/dev/null 2>&1 || missing+=(iputils-ping)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
[[ -x /usr/bin/chromium ]] || missing+=(chromium)
[[ -x /usr/bin/chromedriver ]] || missing+=(chromium-driver)
[[ -x /usr/bin/prometheus-node-exporter ]] || missing+=(prometheus-node-exporter)
[[ -x /usr/sbin/munin-node ]] || missing+=(munin-node)
[[ -x /usr/bin/victoria-metrics ]] || missing+=(victoria-metrics)
command -v rrdtool >/dev/null 2>&1 || missing+=(rrdtool)
[[ -x /usr/sbin/rsyslogd ]] || missing+=(rsyslog)
command -v aide >/dev/null 2>&1 || missing+=(aide)
[[ -x /usr/sbin/nrpe ]] || missing+=(nagios-nrpe-server)     # the nrpe check is tested against it
[[ -x /usr/lib/nagios/plugins/check_nrpe ]] || missing+=(nagios-nrpe-plugin)   # and the agent's NRPE with check_nrpe
command -v openssl >/dev/null 2>&1 || missing+=(openssl)     # the NRPE certificates of that test
command -v curl >/dev/null 2>&1 || missing+=(curl)           # scripts/package-test.sh signs in with it
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || missing+=(postgresql)   # the PostgreSQL store's tests
if (( ${#missing[@]} )); then
  echo "setup: installing ${missing[*]}" >&2
  vigil_apt "${missing[@]}"
fi

if [[ -z "${JAVA_HOME:-}" ]]; then
  echo "setup: no JDK 21+ found; installing one" >&2
  # From the distribution's configured sources only. Debian 12 has no JDK 21 in its archive (nor in
  # backports): there, install Eclipse Temurin 21+ (Adoptium's apt repository) and run this again.
  vigil_apt openjdk-21-jdk-headless 2>/dev/null || vigil_apt openjdk-25-jdk-headless 2>/dev/null || true
  source "$here_setup/scripts/java-home.sh"
  if [[ -z "${JAVA_HOME:-}" ]]; then
    echo "setup: no JDK 21+ in this machine's package sources (Debian 12 has none): install Eclipse Temurin 21+" \
      "from Adoptium's apt repository, then run this again" >&2
    exit 1
  fi
fi
