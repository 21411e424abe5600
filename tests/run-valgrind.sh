#!/bin/sh
# run-valgrind.sh ANALYZE DIR — valgrind's memcheck over the damaged
# captures: `list -V` and `list -T fields -e http.file_data` of every file of
# tests/broken, tests/broken/fuzz/capture and ../shared/captures/broken
# (when it is next to the checkout), then the capture harness's replay
# (DIR/replay_capture) over its whole corpus.  Any report of memcheck (an
# undefined value used, a read outside a block, a leak of a definite block)
# fails.  Skipped without valgrind, and for a sanitized build (ASan and
# valgrind do not mix; the sanitizers miss reads of undefined memory,
# which is why this pass exists).
set -u
bin=$1 dir=$2
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
. tests/lib.sh
if grep -q __asan_init "$bin" 2> /dev/null; then
	echo "valgrind: skipped (a sanitized build: ASan and valgrind do not mix)"
	summary valgrind 0 0 1
	exit 0
fi
need valgrind valgrind:valgrind timeout:coreutils
export TZ=UTC LC_ALL=C
shared=${ANALYZE_SHARED_CAPTURES:-$top/../shared/captures}
vg="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
runs=0 fail=0
# check W COMMAND...: COMMAND under memcheck (W: the worker, for its files)
check() {
	_w=$1
	shift
	runs=$((runs + 1))
	# shellcheck disable=SC2086
	timeout 600 $vg "$@" > /dev/null 2> "$tmp/err.$_w"
	rc=$?
	if [ $rc -gt 2 ] || grep -q '^==[0-9]*==' "$tmp/err.$_w"; then
		fail=$((fail + 1))
		printf 'FAIL valgrind (status %s): %s\n' "$rc" "$*"
		head -c 3000 "$tmp/err.$_w" | sed 's/^/    /'
	fi
}
# worker W: every second damaged capture, from the W-th; its counts in
# $tmp/res.W and its report in $tmp/log.W; two run at once.
worker() {
	w=$1 i=0 runs=0 fail=0
	for f in tests/broken/* tests/broken/fuzz/capture/* "$shared"/broken/*; do
		[ -f "$f" ] || continue
		case $f in *.md | *.py) continue ;; esac
		i=$((i + 1))
		[ $((i % 2)) = "$w" ] || continue
		check "$w" "$bin" list -V "$f"
		check "$w" "$bin" list -T fields -e http.file_data "$f"
	done
	echo "$runs $fail" >"$tmp/res.$w"
}
worker 0 >"$tmp/log.0" 2>&1 &
worker 1 >"$tmp/log.1" 2>&1
wait
cat "$tmp/log.0" "$tmp/log.1"
read -r r0 f0 <"$tmp/res.0"
read -r r1 f1 <"$tmp/res.1"
runs=$((r0 + r1)) fail=$((f0 + f1))
if [ -x "$dir/replay_capture" ]; then
	check r "$dir/replay_capture" tests/fuzz/corpus/capture tests/broken/fuzz/capture
fi
summary valgrind $((runs - fail)) "$fail"
[ "$fail" = 0 ]
