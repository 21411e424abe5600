#!/bin/sh
# check.sh BUILD [STAGE...] — the suite (or the STAGEs named) on the binaries
# in BUILD (build/plain or build/san): every stage runs, whatever the ones
# before it gave, each ends with its "STAGE: P passed, F failed, S skipped"
# line and its time, and the last line adds them up:
#     check BUILD: P passed, F failed, S skipped
# A stage that ends without its summary line (it died) counts one failure.
# Exit status 1 when anything failed.
#
# With CHECK_LOCK=FILE (what check-all.sh sets when two runs share the
# terminal) a stage's output is printed in one piece when it ends, under an
# flock on FILE, so two runs' lines never interleave; with CHECK_RESULTS=FILE
# the last line is also appended to FILE.
set -u
build=$1
shift
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
. tests/lib.sh
name=$(basename "$build")
log=$(mktemp)
trap 'rm -f "$log"' EXIT
P=0 F=0 S=0
# The stages in the order they run alone.  check-all.sh runs the three
# groups side by side, each a lane of its own: the CPU-bound stages, the
# stages that mostly wait on timers, namespaces and tmux, and those that
# mostly wait on the storage servers they start (on ports of their own).
CPU_STAGES="unit golden cli filters replay valgrind docs compress shared findings"
WAIT_STAGES="progress tui capture"
SERVER_STAGES="storage fleet"
[ $# -gt 0 ] || set -- $CPU_STAGES $WAIT_STAGES $SERVER_STAGES

run_stage() {
	case $1 in
	unit) tests/run-unit.sh "$build"/tests/test_* ;;
	golden) tests/run-golden.sh "$build/analyze" ;;
	cli) tests/run-cli.sh "$build/analyze" ;;
	filters) tests/run-filters.sh "$build/analyze" ;;
	replay) tests/run-replay.sh "$build/fuzz" ;;
	valgrind) tests/run-valgrind.sh "$build/analyze" "$build/fuzz" ;;
	docs) tests/run-docs.sh "$build/analyze" "$build/tools" ;;
	compress) tests/run-compress.sh "$build/analyze" "$build/tools" ;;
	progress) tests/run-progress.sh "$build/analyze" "$build/tools" ;;
	shared) tests/run-shared.sh "$build/analyze" ;;
	findings) tests/run-findings.sh "$build/analyze" "$build/tools" ;;
	tui) tests/run-tui.sh "$build/analyze" ;;
	capture) tests/run-capture.sh "$build/analyze" "$build/tools" ;;
	storage) tests/run-storage.sh "$build/analyze" "$build/tools" ;;
	fleet) tests/run-fleet.sh "$build/analyze" ;;
	*) printf 'check.sh: no stage %s (stages: %s %s %s)\n' "$1" "$CPU_STAGES" "$WAIT_STAGES" "$SERVER_STAGES"; return 1 ;;
	esac
}

for st in "$@"; do
	t0=$(date +%s)
	if [ -n "${CHECK_LOCK:-}" ]; then
		run_stage "$st" >"$log" 2>&1
	else
		run_stage "$st" 2>&1 | tee "$log"
	fi
	t1=$(date +%s)
	line=$(grep -E "^$st: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$" "$log" | tail -n 1)
	if [ -z "$line" ]; then
		printf 'FAIL %s: the stage ended without its summary line\n' "$st" >>"$log"
		[ -n "${CHECK_LOCK:-}" ] || tail -n 1 "$log"
		line="$st: 0 passed, 1 failed, 0 skipped"
	fi
	printf '(%s %s: %d s)\n' "$name" "$st" $((t1 - t0)) >>"$log"
	if [ -n "${CHECK_LOCK:-}" ]; then
		flock "$CHECK_LOCK" cat "$log"
	else
		tail -n 1 "$log"
	fi
	set -- $line
	P=$((P + $2)) F=$((F + $4)) S=$((S + $6))
done
summary "check $name" "$P" "$F" "$S" >"$log"
if [ -n "${CHECK_LOCK:-}" ]; then
	flock "$CHECK_LOCK" cat "$log"
else
	cat "$log"
fi
[ -z "${CHECK_RESULTS:-}" ] || cat "$log" >>"$CHECK_RESULTS"
[ "$F" = 0 ]
