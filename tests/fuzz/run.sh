#!/bin/sh
# run.sh DIR SECONDS NAME... — runs each libFuzzer harness DIR/fuzz_NAME
# for SECONDS (one process), starting from its kept
# corpus (tests/fuzz/corpus/NAME), the inputs that crashed it before
# (tests/broken/fuzz/NAME), its dictionary (tests/fuzz/NAME.dict) and its
# options (tests/fuzz/NAME.options: libFuzzer flags, # comments), then
# merges what the run found that adds coverage into the kept corpus.
# An input that crashes, leaks or takes over a second is written to
# build/fuzz/found/NAME/ and fails the run; once fixed, it belongs in
# tests/broken/fuzz/NAME (see tests/fuzz/README.md).
#   FUZZ_SEEDS="dir ..."  more folders of inputs to start from (read only)
#   FUZZ_FLAGS="..."      more libFuzzer options
#   FUZZ_TIMEOUT=N        seconds an input may take (1; the time is wall-clock
#                         time, so a machine busy with other work needs more)
set -u
dir=$1 secs=$2
shift 2
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
found=0
for name in "$@"; do
	bin=$dir/fuzz_$name
	[ -x "$bin" ] || { echo "no harness $bin"; exit 2; }
	corpus=tests/fuzz/corpus/$name work=build/fuzz/work/$name out=build/fuzz/found/$name
	mkdir -p "$corpus" "$work" "$out" tests/broken/fuzz/"$name"
	dict=""
	[ -f tests/fuzz/"$name".dict ] && dict=-dict=tests/fuzz/$name.dict
	opts=""
	[ -f tests/fuzz/"$name".options ] && opts=$(grep -v '^#' tests/fuzz/"$name".options)
	echo "fuzz $name: $secs s"
	# shellcheck disable=SC2086
	"$bin" -max_total_time="$secs" -timeout="${FUZZ_TIMEOUT:-1}" -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$out/" $dict $opts ${FUZZ_FLAGS:-} \
		"$work" "$corpus" tests/broken/fuzz/"$name" ${FUZZ_SEEDS:-} > "$out/log" 2>&1
	rc=$?
	grep -E '^(stat::|Done|#[0-9]+.*DONE)' "$out/log" | sed 's/^/    /'
	if [ $rc != 0 ]; then
		found=1
		echo "fuzz $name: status $rc; inputs in $out/ (the log is $out/log)"
		grep -E 'ERROR|SUMMARY|Test unit written' "$out/log" | head -5 | sed 's/^/    /'
	fi
	# keep what adds coverage, small: the kept corpus grows only by those
	# shellcheck disable=SC2086
	"$bin" -merge=1 -timeout="${FUZZ_TIMEOUT:-1}" $dict $opts "$corpus" "$work" > "$out/merge.log" 2>&1 ||
		echo "fuzz $name: the merge failed (see $out/merge.log)"
	echo "fuzz $name: the corpus holds $(ls "$corpus" | wc -l) inputs"
done
exit $found
