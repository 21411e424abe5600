#!/bin/sh
# Runs the unit-test binaries given as arguments (GLib's GTest, in TAP mode)
# and counts their test cases; a binary that fails or dies shows its output.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/lib.sh"
pass=0 fail=0 skip=0
for t in "$@"; do
	out=$("$t" --tap 2>&1)
	rc=$?
	p=$(printf '%s\n' "$out" | grep -c '^ok .*# SKIP' )
	s=$p
	p=$(($(printf '%s\n' "$out" | grep -c '^ok ') - s))
	f=$(printf '%s\n' "$out" | grep -c '^not ok ')
	if [ $rc != 0 ] && [ "$f" = 0 ]; then
		f=1 # died between two cases: one failure at least
	fi
	if [ "$f" = 0 ]; then
		printf 'PASS %s (%d)\n' "$(basename "$t")" "$p"
	else
		printf '%s\n' "$out" | grep -v '^ok '
		printf 'FAIL %s\n' "$(basename "$t")"
	fi
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
done
summary unit "$pass" "$fail" "$skip"
[ "$fail" = 0 ]
