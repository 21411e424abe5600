#!/bin/sh
# Golden tests: every line of tests/golden/TESTLIST is
#     NAME  EXIT  ARGS...
# and runs `analyze ARGS...` from the top of the tree with TZ=UTC LC_ALL=C.
# Standard output must equal tests/golden/NAME.out and the exit status EXIT;
# when tests/golden/NAME.err exists, standard error must equal it too.
#
#   run-golden.sh ANALYZE                 run them all
#   run-golden.sh --regen NAME ANALYZE    rewrite NAME's expected files
set -u
regen=""
if [ "${1:-}" = "--regen" ]; then
	regen=$2
	shift 2
fi
bin=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
. tests/lib.sh
export TZ=UTC LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0 found=0
while read -r name want args; do
	case $name in ''|'#'*) continue ;; esac
	if [ -n "$regen" ] && [ "$regen" != "$name" ]; then continue; fi
	found=1
	# shellcheck disable=SC2086
	eval "set -- $args"
	"$bin" "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	exp=tests/golden/$name
	if [ -n "$regen" ]; then
		cp "$tmp/out" "$exp.out"
		if [ -s "$tmp/err" ]; then cp "$tmp/err" "$exp.err"; else rm -f "$exp.err"; fi
		printf 'regenerated %s (exit %s, TESTLIST says %s)\n' "$name" "$got" "$want"
		continue
	fi
	ok=1
	if [ "$got" != "$want" ]; then
		printf 'FAIL %s: exit %s, expected %s\n' "$name" "$got" "$want"
		sed 's/^/    /' "$tmp/err" | head -5
		ok=0
	elif ! cmp -s "$tmp/out" "$exp.out"; then
		printf 'FAIL %s: output differs\n' "$name"
		diff -u "$exp.out" "$tmp/out" | head -30
		ok=0
	elif [ -f "$exp.err" ] && ! cmp -s "$tmp/err" "$exp.err"; then
		printf 'FAIL %s: standard error differs\n' "$name"
		diff -u "$exp.err" "$tmp/err" | head -10
		ok=0
	fi
	if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done < tests/golden/TESTLIST
if [ -n "$regen" ]; then
	[ $found = 1 ] || { echo "no golden test named '$regen'"; exit 1; }
	exit 0
fi
summary golden "$pass" "$fail"
[ $fail = 0 ]
