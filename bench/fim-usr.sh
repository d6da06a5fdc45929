#!/usr/bin/env bash
# Integrity speed against AIDE: baseline and re-check of a tree (default /usr: ~140,000 paths, 6 GB here)
# with SHA-256, by Debian's aide and by `vigil fim` on the same attributes, one after the other, with the
# ratios. Vigil runs with a 256 MB heap (the launcher's -Xmx for fim). A second Vigil check with --rehash
# hashes every file again, as AIDE does. Usage: bench/fim-usr.sh [TREE=/usr]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
tree="${1:-/usr}"
command -v aide >/dev/null || { echo "needs Debian's aide (apt-get install aide)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
aide_conf "$work" "$tree"
"$here/vigil" --version >/dev/null 2>&1 || true   # build the jar first, outside the timings
cat "$(find "$tree" -type f -size -1M 2>/dev/null | head -1)" >/dev/null  # nothing cached on purpose; both runs see the same page cache
secs() { local s e; s=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s.%N); python3 -c "print(round($e-$s,1))"; }
paths=$(find "$tree" -xdev 2>/dev/null | wc -l)
aide_init=$(secs aide --config "$work/aide.conf" --init)
mv "$work/aide.db.new" "$work/aide.db"
aide_check=$(secs aide --config "$work/aide.conf" --check)
vigil_base=$(secs "$here/vigil" fim baseline --path "$tree" --data "$work/vigil")
vigil_check=$(secs "$here/vigil" fim scan --path "$tree" --data "$work/vigil" --json)
vigil_rehash=$(secs "$here/vigil" fim scan --path "$tree" --data "$work/vigil" --json --rehash)
echo "tree: $tree ($paths paths, $(du -sh "$tree" 2>/dev/null | cut -f1)); $(nproc) cores"
echo "baseline: AIDE ${aide_init} s, Vigil ${vigil_base} s: $(python3 -c "print(round($aide_init/$vigil_base,1))")x"
echo "check:    AIDE ${aide_check} s, Vigil ${vigil_check} s: $(python3 -c "print(round($aide_check/$vigil_check,1))")x"
echo "check with every file hashed again (--rehash): Vigil ${vigil_rehash} s: $(python3 -c "print(round($aide_check/$vigil_rehash,1))")x"
