#!/bin/sh
# check-all.sh — what the README and CI run: the suite on a plain build, then
# on an AddressSanitizer + UndefinedBehaviorSanitizer build, each run whatever
# the other gave; the last line is the verdict of both:
#     check-all: P passed, F failed, S skipped
# A build that fails counts one failure.  Exit status 1 when anything failed.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
. tests/lib.sh
make=${MAKE:-make}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
P=0 F=0 S=0
for san in 0 1; do
	name=plain
	[ $san = 1 ] && name=san
	$make --no-print-directory -j"$(nproc)" check SANITIZE=$san 2>&1 | tee "$log"
	line=$(grep -E "^check $name: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$" "$log" | tail -n 1)
	if [ -z "$line" ]; then
		printf 'FAIL check %s: the build or the suite ended without its summary line\n' "$name"
		line="check $name: 0 passed, 1 failed, 0 skipped"
	fi
	set -- $line
	P=$((P + $3)) F=$((F + $5)) S=$((S + $7))
done
summary check-all "$P" "$F" "$S"
[ "$F" = 0 ]
