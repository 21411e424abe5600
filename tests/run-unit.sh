#!/bin/sh
# Runs the unit-test binaries given as arguments; fails when any fails.
set -u
fail=0
for t in "$@"; do
	if out=$("$t" 2>&1); then
		printf 'PASS %s\n' "$(basename "$t")"
	else
		printf '%s\n' "$out"
		printf 'FAIL %s\n' "$(basename "$t")"
		fail=1
	fi
done
exit $fail
