#!/bin/sh
# Robustness on the shared real captures (../shared/captures, next to the
# project's checkout), when they are there: every file through `info`,
# `rtt`, `hierarchy`, `dests` and `list -V` (every field of every frame),
# which must end with status 0 (read whole) or 1 (damaged, reported),
# within 30 s, with every message on one line starting "analyze: ", and
# without a sanitizer report.  Files under broken/ must give status 1 (or
# 0 for the ones MANIFEST.tsv says tshark reads without complaint).
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
fail=0 runs=0
for f in "$shared"/real/* "$shared"/netmon/* "$shared"/broken/*; do
	[ -f "$f" ] || continue
	for cmd in info "rtt --format json" "hierarchy --format json" dests "list -V"; do
		runs=$((runs + 1))
		# shellcheck disable=SC2086
		timeout 30 "$bin" $cmd "$f" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		bad=""
		case $rc in 0|1) ;; *) bad="exit status $rc" ;; esac
		if grep -qv '^analyze: ' "$tmp/err"; then bad="${bad:+$bad, }stray standard error"; fi
		case $f in */broken/*)
			tshark_rc=$(awk -F '\t' -v p="broken/$(basename "$f")" '$1 == p { print $14 }' "$shared/MANIFEST.tsv")
			[ $rc = 1 ] || [ "$tshark_rc" = 0 ] || bad="${bad:+$bad, }a broken file read without complaint" ;;
		esac
		if [ -n "$bad" ]; then
			printf 'FAIL %s %s: %s\n' "$cmd" "${f#"$shared"/}" "$bad"
			head -c 2000 "$tmp/err" | sed 's/^/    /'
			fail=$((fail + 1))
		fi
	done
done
summary shared $((runs - fail)) "$fail"
[ $fail = 0 ]
