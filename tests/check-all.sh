#!/bin/sh
# check-all.sh — what the README and CI run: the suite on a plain build and
# on an AddressSanitizer + UndefinedBehaviorSanitizer build, each stage run
# whatever the others gave; the last line is the verdict of both:
#     check-all: P passed, F failed, S skipped
# A build that fails counts one failure (its stages do not run).  Exit status
# 1 when anything failed.
#
# Both builds come first.  Then two lanes run side by side, one per core:
# the CPU-bound stages (unit tests, valgrind, compressed samples, the shared
# captures ...) of the plain build then of the sanitized one, and beside them
# the stages that mostly wait (the progress line's timers, the terminal UI in
# tmux, live capture in network namespaces, storage against its servers).  Each lane runs one stage at a time, so no two stages that
# use namespaces, tmux or the storage servers ever overlap.  A stage's output
# is printed in one piece when it ends.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
. tests/lib.sh
make=${MAKE:-make}
need check-all flock:util-linux
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
t0=$(date +%s)
P=0 F=0 S=0
built=""
for san in 0 1; do
	name=plain
	[ $san = 1 ] && name=san
	{ $make --no-print-directory -j"$(nproc)" check-build SANITIZE=$san 2>&1; echo $? >"$tmp/status"; } | tee "$tmp/build"
	if [ "$(cat "$tmp/status")" = 0 ]; then
		built="$built $name"
	else
		printf 'FAIL check %s: the build failed\n' "$name"
		F=$((F + 1))
	fi
done
cpu=$(sed -n 's/^CPU_STAGES="\(.*\)"$/\1/p' tests/check.sh)
wait=$(sed -n 's/^WAIT_STAGES="\(.*\)"$/\1/p' tests/check.sh)
: >"$tmp/results"
lane() {
	for b in $built; do
		CHECK_LOCK="$tmp/lock" CHECK_RESULTS="$tmp/results" tests/check.sh "build/$b" "$@"
	done
}
lane $cpu &
a=$!
lane $wait &
b=$!
wait $a
wait $b
runs=0
while read -r w nm p _ f _ s _; do
	[ "$w" = check ] || continue
	runs=$((runs + 1))
	P=$((P + p)) F=$((F + f)) S=$((S + s))
done <"$tmp/results"
for b in $built; do
	for l in cpu wait; do runs=$((runs - 1)); done
done
if [ "$runs" -lt 0 ]; then
	printf 'FAIL check-all: %d runs of the suite ended without their summary line\n' $((-runs))
	F=$((F - runs))
fi
printf '(check-all: %d s)\n' $(($(date +%s) - t0))
summary check-all "$P" "$F" "$S"
[ "$F" = 0 ]
