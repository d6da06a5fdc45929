#!/usr/bin/env bash
# Integrity parity with AIDE: the same tree, the same changes, AIDE (Debian's aide) and `vigil fim` on the
# same attributes (p u g s m i sha256 ftype l); prints what each reported and fails if Vigil missed any path
# AIDE reported. Usage: bench/aide-compare.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v aide >/dev/null || { echo "needs Debian's aide (apt-get install aide)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tree="$work/tree"
mkdir -p "$tree/etc/sudoers.d" "$tree/www/app" "$tree/gone-dir" "$tree/bin"
for i in $(seq 1 200); do echo "file $i" > "$tree/etc/f$i.conf"; done
echo "listen 80" > "$tree/www/app/site.conf"
echo "root ALL=(ALL) ALL" > "$tree/etc/sudoers"
echo "x" > "$tree/gone-dir/x"
printf 'abcd' > "$tree/bin/tool"
ln -s ../etc/f1.conf "$tree/www/link"
aide_conf "$work" "$tree"
aide --config "$work/aide.conf" --init >/dev/null
mv "$work/aide.db.new" "$work/aide.db"
"$here/vigil" fim baseline --path "$tree" --data "$work/vigil" 2>/dev/null

# The changes: content, same-size content, removal (file and directory), additions, permissions, owner,
# group, a symlink retargeted, a timestamp, SUID on a binary, a new sudoers.d entry.
echo "listen 8080" > "$tree/www/app/site.conf"
printf 'abce' > "$tree/bin/tool"
rm "$tree/etc/f2.conf"; rm -r "$tree/gone-dir"
echo "new" > "$tree/etc/f201.conf"; mkdir "$tree/www/app/uploads"; echo "<?php" > "$tree/www/app/uploads/s.php"
chmod 777 "$tree/www/app"; chmod 4755 "$tree/bin/tool"
chown 1234 "$tree/etc/f3.conf"; chgrp 4321 "$tree/etc/f4.conf"
ln -sfn ../etc/f5.conf "$tree/www/link"
touch -d 2020-01-01 "$tree/etc/f6.conf"
echo "eve ALL=(ALL) NOPASSWD: ALL" > "$tree/etc/sudoers.d/eve"

aide --config "$work/aide.conf" --check > "$work/aide.txt" 2>&1 || true
grep -E '^[a-z]{1,2} ?[-+=<>!. a-zA-Z]*: /' "$work/aide.txt" | sed -E 's/^([a-z]+)[^:]*: (\/.*)$/\1 \2/' \
  | grep -v '^d .*' | awk '{print $2}' | sort -u > "$work/aide.paths" || true
# Directories AIDE reports only because an entry inside was added or removed (mtime) are left out: Vigil
# reports the entries themselves. Directories whose own mode, owner or inode changed are kept:
grep -E '^d([+-]+| [^:]*[pugi][^:]*): /' "$work/aide.txt" | sed -E 's/^[^:]*: (\/.*)$/\1/' >> "$work/aide.paths" || true
sort -u -o "$work/aide.paths" "$work/aide.paths"
"$here/vigil" fim scan --path "$tree" --data "$work/vigil" --json 2>/dev/null \
  | python3 -c 'import sys, json; [print(json.loads(l)["path"]) for l in sys.stdin]' | sort -u > "$work/vigil.paths"
echo "AIDE reported $(wc -l < "$work/aide.paths") paths; Vigil reported $(wc -l < "$work/vigil.paths")"
missing="$(comm -23 "$work/aide.paths" "$work/vigil.paths")"
extra="$(comm -13 "$work/aide.paths" "$work/vigil.paths")"
[[ -n "$extra" ]] && echo "Vigil only:" && echo "$extra" | sed 's/^/  /'
if [[ -n "$missing" ]]; then
  echo "MISSED by Vigil:"; echo "$missing" | sed 's/^/  /'; exit 1
fi
echo "OK: Vigil reported every change AIDE reported"
