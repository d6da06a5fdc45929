#!/usr/bin/env bash
# Secret scanning speed: `vigil scan` with its full default rule set over a mixed corpus (documentation, source
# code, config and log files, copied until it reaches SIZE MB), beside ripgrep running the same rules' regexes
# (`rg -P -c -j1 -e ... -e ...`, one thread) on the same corpus, as MB per CPU-second; with the peak RSS of
# each. Issue 15's target: at least 300 MB/s per core with at least 40 rules. The ratio is printed only when
# ripgrep's run succeeded. Usage: bench/secret-scan.sh [SIZE_MB=500]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
size_mb="${1:-500}"
command -v rg >/dev/null || { echo "needs ripgrep (apt-get install ripgrep)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
corpus="$work/corpus"
mkdir -p "$corpus/seed"
# The seed: text documentation, this project's sources and config, and the logs this user may read.
find /usr/share/doc -type f \( -name '*.txt' -o -name '*.md' -o -name '*.html' -o -name 'README*' -o -name 'changelog' \) \
  -size -4M 2>/dev/null | head -4000 | while read -r f; do cp "$f" "$corpus/seed/$(echo "$f" | tr '/' '_')" 2>/dev/null || true; done
(cd "$here" && git ls-files '*.java' '*.xml' '*.yml' '*.md' '*.toml' '*.sh' '*.jte' | head -3000) | while read -r f; do
  cp "$here/$f" "$corpus/seed/src_$(echo "$f" | tr '/' '_')"; done
find /var/log -maxdepth 2 -type f -name '*.log' -size -20M -readable 2>/dev/null | head -50 | while read -r f; do
  cp "$f" "$corpus/seed/log_$(echo "$f" | tr '/' '_')" 2>/dev/null || true; done
seed_bytes=$(du -sb "$corpus/seed" | cut -f1)
copies=$(( (size_mb * 1000000 + seed_bytes - 1) / seed_bytes - 1 ))
for i in $(seq 1 "$copies"); do cp -r "$corpus/seed" "$corpus/copy$i"; done
bytes=$(du -sb "$corpus" | cut -f1)
mb=$(python3 -c "print(round($bytes/1e6))")
"$here/vigil" --version >/dev/null 2>&1 || true   # build the jar first, outside the timings
find "$corpus" -type f -exec cat {} + > /dev/null  # both runs read from the page cache
run() {  # run OUT -- COMMAND...: CPU seconds (user+sys) and peak RSS (KB) into OUT; the command's exit in $?
  local out="$1"; shift
  /usr/bin/time -f "%U %S %M" -o "$out" "$@" > "$out.stdout" 2>/dev/null
}
set +e
run "$work/vigil" "$here/vigil" scan "$corpus"; vigil_exit=$?
regexes=$(python3 - "$here/vigil-threats/src/main/resources/dev/vigil/threats/detect/vigil-secrets.toml" <<'PY'
import sys, tomllib
rules = tomllib.load(open(sys.argv[1], "rb"))["rules"]
print("\n".join(r["regex"] for r in rules))
PY
)
args=()
while IFS= read -r r; do args+=(-e "$r"); done <<< "$regexes"
run "$work/rg" rg -P -c -j1 --no-messages "${args[@]}" "$corpus"; rg_exit=$?
set -e
cpu() { python3 -c "u,s,_=open('$1').read().split()[-3:]; print(round(float(u)+float(s),1))"; }
rss() { python3 -c "print(int(open('$1').read().split()[-1])//1024)"; }
rules=$(grep -c '^\[\[rules\]\]' "$here/vigil-threats/src/main/resources/dev/vigil/threats/detect/vigil-secrets.toml")
echo "corpus: $mb MB ($(find "$corpus" -type f | wc -l) files); $rules rules; $(nproc) cores"
if [[ $vigil_exit -gt 1 ]]; then echo "vigil scan failed (exit $vigil_exit)"; exit 1; fi
vc=$(cpu "$work/vigil")
echo "vigil scan: $(python3 -c "print(round($mb/$vc))") MB per CPU-second ($vc CPU-s, peak RSS $(rss "$work/vigil") MB, $(grep -c . "$work/vigil.stdout") findings)"
if [[ $rg_exit -gt 1 ]]; then echo "ripgrep failed (exit $rg_exit): no ratio"; exit 1; fi
rc=$(cpu "$work/rg")
echo "ripgrep -P, same regexes: $(python3 -c "print(round($mb/$rc))") MB per CPU-second ($rc CPU-s, peak RSS $(rss "$work/rg") MB)"
echo "ratio: $(python3 -c "print(round($rc/$vc,1))")x ripgrep"
