#!/bin/sh
# check-all.sh — what the README and CI run: the suite on a plain build and
# on an AddressSanitizer + UndefinedBehaviorSanitizer build, each stage run
# whatever the others gave; the last line is the verdict of both:
#     check-all: P passed, F failed, S skipped
# A build that fails counts one failure (its stages do not run).  Exit status
# 1 when anything failed.
#
# Both builds come first.  Then three lanes run side by side: the CPU-bound
# stages (unit tests, goldens, valgrind, compressed samples, the shared
# captures ...) of the plain build then of the sanitized one; beside them
# the stages that mostly wait on timers, network namespaces and tmux (the
# progress line, the terminal UI, live capture); and those that mostly wait
# on the storage servers they start (storage transfers, the fleet recipes).
# A lane runs one stage at a time; stages of different lanes share nothing
# (each server on a port of its own, namespaces named after the process).
# A stage's output is printed in one piece when it ends.
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
: >"$tmp/results"
lane() {
	for b in $built; do
		CHECK_LOCK="$tmp/lock" CHECK_RESULTS="$tmp/results" tests/check.sh "build/$b" "$@"
	done
}
lanes=0
pids=""
for group in CPU_STAGES WAIT_STAGES SERVER_STAGES; do
	stages=$(sed -n "s/^$group=\"\(.*\)\"\$/\1/p" tests/check.sh)
	lane $stages &
	pids="$pids $!"
	lanes=$((lanes + 1))
done
for p in $pids; do wait "$p"; done
runs=0
while read -r w nm p _ f _ s _; do
	[ "$w" = check ] || continue
	runs=$((runs + 1))
	P=$((P + p)) F=$((F + f)) S=$((S + s))
done <"$tmp/results"
for b in $built; do
	runs=$((runs - lanes))
done
if [ "$runs" -lt 0 ]; then
	printf 'FAIL check-all: %d runs of the suite ended without their summary line\n' $((-runs))
	F=$((F - runs))
fi
printf '(check-all: %d s)\n' $(($(date +%s) - t0))
summary check-all "$P" "$F" "$S"
[ "$F" = 0 ]
