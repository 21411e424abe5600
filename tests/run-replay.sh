#!/bin/sh
# run-replay.sh DIR — every fuzz harness's replay binary (DIR/replay_NAME)
# over its kept corpus (tests/fuzz/corpus/NAME) and every input that ever
# crashed or hung it (tests/broken/fuzz/NAME).  Each must end with status 0,
# without a sanitizer report, within 300 s (minutes more than it takes: the
# bound only catches a hang, no time is asserted).
set -u
dir=$1
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
. tests/lib.sh
need replay timeout:coreutils
export ASAN_OPTIONS=exitcode=86:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:exitcode=86:print_stacktrace=1
pass=0 fail=0
for bin in "$dir"/replay_*; do
	[ -x "$bin" ] || continue
	name=${bin##*/replay_}
	set --
	for d in tests/fuzz/corpus/"$name" tests/broken/fuzz/"$name"; do
		[ -d "$d" ] && set -- "$@" "$d"
	done
	if out=$(timeout 300 "$bin" "$@" 2>&1); then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		printf 'FAIL replay %s (status %s)\n' "$name" "$?"
		printf '%s\n' "$out" | tail -30 | sed 's/^/    /'
	fi
done
[ "$pass" -gt 0 ] || { echo "FAIL replay: no harness in $dir"; fail=$((fail + 1)); }
summary replay "$pass" "$fail"
[ "$fail" = 0 ]
