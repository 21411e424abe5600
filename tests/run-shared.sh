#!/bin/sh
# Robustness on the shared real captures (../shared/captures, next to the
# project's checkout), when they are there: every file through `info`,
# `rtt`, `hierarchy`, `dests` and `list -V` (every field of every frame),
# which must end with status 0 (read whole) or 1 (damaged, reported),
# within 30 s, with every message on one line starting "analyze: ", and
# without a sanitizer report.  Files under broken/ must give status 1 (or
# 0 for the ones MANIFEST.tsv says tshark reads without complaint).  And
# `hierarchy` and `dests` of each file sharded on two threads (forced, even
# for a small file) print byte for byte what one thread prints.
set -u
bin=$1
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/tests/lib.sh"
shared=${ANALYZE_SHARED_CAPTURES:-$top/../shared/captures}
if [ ! -d "$shared/real" ]; then
	echo "shared captures: skipped (no $shared)"
	summary shared 0 0 1
	exit 0
fi
need shared timeout:coreutils
export TZ=UTC LC_ALL=C
export ASAN_OPTIONS=exitcode=86:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:exitcode=86:print_stacktrace=1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# worker W: the files of this worker (every second one, from the W-th),
# its counts in $tmp/res.W and its report in $tmp/log.W; two run at once.
worker() {
	w=$1 i=0 fail=0 runs=0
	for f in "$shared"/real/* "$shared"/netmon/* "$shared"/broken/*; do
		[ -f "$f" ] || continue
		i=$((i + 1))
		[ $((i % 2)) = "$w" ] || continue
		for cmd in info "rtt --format json" "hierarchy --format json" dests "list -V"; do
			runs=$((runs + 1))
			# shellcheck disable=SC2086
			timeout 30 "$bin" $cmd "$f" >"$tmp/out.$w" 2>"$tmp/err.$w"
			rc=$?
			bad=""
			case $rc in 0|1) ;; *) bad="exit status $rc" ;; esac
			if grep -qv '^analyze: ' "$tmp/err.$w"; then bad="${bad:+$bad, }stray standard error"; fi
			case $f in */broken/*)
				tshark_rc=$(awk -F '\t' -v p="broken/$(basename "$f")" '$1 == p { print $14 }' "$shared/MANIFEST.tsv")
				[ $rc = 1 ] || [ "$tshark_rc" = 0 ] || bad="${bad:+$bad, }a broken file read without complaint" ;;
			esac
			if [ -n "$bad" ]; then
				printf 'FAIL %s %s: %s\n' "$cmd" "${f#"$shared"/}" "$bad"
				head -c 2000 "$tmp/err.$w" | sed 's/^/    /'
				fail=$((fail + 1))
			fi
		done
		# one file on two threads (the tests' hook shards any file): the
		# report and the messages are those of one thread, byte for byte
		for cmd in hierarchy "hierarchy --tshark" dests "dests --format json"; do
			runs=$((runs + 1))
			# shellcheck disable=SC2086
			ANALYZE_THREADS=1 timeout 30 "$bin" $cmd "$f" >"$tmp/one.$w" 2>"$tmp/onerr.$w"
			echo "status $?" >>"$tmp/one.$w"
			# shellcheck disable=SC2086
			ANALYZE_SHARD_TEST=1 timeout 30 "$bin" $cmd "$f" >"$tmp/two.$w" 2>"$tmp/err.$w"
			echo "status $?" >>"$tmp/two.$w"
			grep -v '^analyze: sharded: ' "$tmp/err.$w" >"$tmp/twoerr.$w"
			if ! cmp -s "$tmp/one.$w" "$tmp/two.$w" || ! cmp -s "$tmp/onerr.$w" "$tmp/twoerr.$w"; then
				printf 'FAIL sharded %s %s: not what one thread gives\n' "$cmd" "${f#"$shared"/}"
				diff "$tmp/one.$w" "$tmp/two.$w" | head -n 10 | sed 's/^/    /'
				fail=$((fail + 1))
			fi
		done
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
summary shared $((runs - fail)) "$fail"
[ $fail = 0 ]
