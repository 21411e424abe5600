#!/bin/sh
# check.sh BUILD — the whole suite on the binaries in BUILD (build/plain or
# build/san): every stage runs, whatever the ones before it gave, each ends
# with its "STAGE: P passed, F failed, S skipped" line and its time, and the
# last line adds them up:
#     check BUILD: P passed, F failed, S skipped
# A stage that ends without its summary line (it died) counts one failure.
# Exit status 1 when anything failed.
set -u
build=$1
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
. tests/lib.sh
name=$(basename "$build")
log=$(mktemp)
trap 'rm -f "$log"' EXIT
P=0 F=0 S=0
# stage NAME COMMAND...
stage() {
	st=$1
	shift
	t0=$(date +%s)
	"$@" 2>&1 | tee "$log"
	t1=$(date +%s)
	line=$(grep -E "^$st: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$" "$log" | tail -n 1)
	if [ -z "$line" ]; then
		printf 'FAIL %s: the stage ended without its summary line\n' "$st"
		line="$st: 0 passed, 1 failed, 0 skipped"
	fi
	set -- $line
	P=$((P + $2)) F=$((F + $4)) S=$((S + $6))
	printf '(%s: %d s)\n' "$st" $((t1 - t0))
}
stage unit tests/run-unit.sh "$build"/tests/test_*
stage golden tests/run-golden.sh "$build/analyze"
stage cli tests/run-cli.sh "$build/analyze"
stage filters tests/run-filters.sh "$build/analyze"
stage replay tests/run-replay.sh "$build/fuzz"
stage valgrind tests/run-valgrind.sh "$build/analyze" "$build/fuzz"
stage docs tests/run-docs.sh "$build/analyze" "$build/tools"
stage compress tests/run-compress.sh "$build/analyze" "$build/tools"
stage progress tests/run-progress.sh "$build/analyze" "$build/tools"
stage shared tests/run-shared.sh "$build/analyze"
stage findings tests/run-findings.sh "$build/analyze" "$build/tools"
stage tui tests/run-tui.sh "$build/analyze"
stage capture tests/run-capture.sh "$build/analyze" "$build/tools"
stage storage tests/run-storage.sh "$build/analyze" "$build/tools"
summary "check $name" "$P" "$F" "$S"
[ "$F" = 0 ]
