#!/bin/sh
# Compressed captures give the same reports as the uncompressed ones, byte
# for byte: every capture under samples/ is compressed by the gzip program
# (one member, a header that names the file) and with zstd in one frame
# (tests/tools/zpack), and `rtt` (JSON, which also says how each file was
# read), `hierarchy`, `dests` and `list` must print the same standard
# output and error and end with the same status as on the plain file; the
# same with gzip in three members and zstd in three frames after a
# skippable one (cut anywhere by zpack) for `hierarchy`.  The compressed copy has the plain file's name in
# another folder, so the reports name the same file (and the name says
# nothing of the compression).  The three-piece files are also read from a
# pipe on standard input.  With ../shared/captures next to the checkout,
# its real and Network Monitor captures go through `hierarchy` the same way
# (gzip in three members, zstd in one frame).
#   tests/run-compress.sh ANALYZE TOOLSDIR
set -u
bin=$1
tools=$2
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
case $tools in /*) ;; *) tools=$(pwd)/$tools ;; esac
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
. tests/lib.sh
need compress gzip:gzip cmp:diffutils
[ -x "$tools/zpack" ] || { echo "compress: no '$tools/zpack' (run 'make tools')"; exit 1; }
export TZ=UTC LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/plain"
for v in gz3 zs1 zs3 gzip; do mkdir -p "$tmp/$v"; done
pass=0 fail=0

# pack FILE NAME VARIANTS: the plain copy and the compressed ones, as NAME.
pack() {
	cp "$1" "$tmp/plain/$2" || return 1
	for v in $3; do
		case $v in
		gz3) "$tools/zpack" gzip 3 < "$1" > "$tmp/$v/$2" ;;
		zs1) "$tools/zpack" zstd < "$1" > "$tmp/$v/$2" ;;
		zs3) "$tools/zpack" zstd 3 < "$1" > "$tmp/$v/$2" ;;
		gzip) gzip -9 -c "$1" > "$tmp/$v/$2" ;;
		esac || return 1
	done
}

# run DIR OUT ARGS...: analyze ARGS in DIR, output, error and status in
# OUT.* (new files: a file truncated and written again is flushed to disk
# on close by ext4, which made this test wait on the disk)
run() {
	dir=$1 out=$2
	shift 2
	rm -f "$out.out" "$out.err" "$out.rc"
	(cd "$dir" && "$bin" "$@" > "$out.out" 2> "$out.err"; echo $? > "$out.rc")
}

# same LABEL A B: the two runs' outputs agree.
same() {
	if cmp -s "$2.out" "$3.out" && cmp -s "$2.err" "$3.err" && cmp -s "$2.rc" "$3.rc"; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL compress $1"
		for k in rc err out; do
			cmp -s "$2.$k" "$3.$k" || diff "$2.$k" "$3.$k" | head -8 | sed "s/^/    $k: /"
		done
	fi
}

# check VARIANTS FILE NAME COMMAND...: the copies in VARIANTS give the
# plain file's report.
check() {
	variants=$1 file=$2 name=$3
	shift 3
	run "$tmp/plain" "$tmp/want" "$@" "$name"
	for v in $variants; do
		run "$tmp/$v" "$tmp/got" "$@" "$name"
		same "$v $* $file" "$tmp/want" "$tmp/got"
	done
}

# check_pipe NAME COMMAND...: the three-piece copies through a pipe.
check_pipe() {
	name=$1
	shift
	rm -f "$tmp"/want.* "$tmp"/got.*
	(cd "$tmp" && cat "plain/$name" | "$bin" "$@" - > want.out 2> want.err; echo $? > want.rc)
	for v in gz3 zs3; do
		rm -f "$tmp"/got.*
		(cd "$tmp" && cat "$v/$name" | "$bin" "$@" - > got.out 2> got.err; echo $? > got.rc)
		same "$v $* - < $name" "$tmp/want" "$tmp/got"
	done
}

n=0
for f in $(find samples -type f \( -name '*.pcap' -o -name '*.pcapng' \) | sort); do
	n=$((n + 1))
	name=$(basename "$f")
	pack "$f" "$name" "gz3 zs1 zs3 gzip" || { echo "FAIL compress: cannot compress $f"; fail=$((fail + 1)); continue; }
	check "gzip zs1" "$f" "$name" rtt --format json
	check "gzip zs1 gz3 zs3" "$f" "$name" hierarchy
	check "gzip zs1" "$f" "$name" dests
	check "gzip zs1" "$f" "$name" list
	check_pipe "$name" hierarchy
done
[ $n -gt 0 ] || { echo "FAIL compress: no captures under samples/"; fail=$((fail + 1)); }

shared=${ANALYZE_SHARED_CAPTURES:-$top/../shared/captures}
skip=0
if sanitized "$bin"; then
	skip=1
	echo "compress: shared captures checked by the plain build only"
elif [ -d "$shared/real" ]; then
	for f in "$shared"/real/* "$shared"/netmon/*; do
		[ -f "$f" ] || continue
		name=$(basename "$f")
		pack "$f" "$name" "gz3 zs1" || { echo "FAIL compress: cannot compress $f"; fail=$((fail + 1)); continue; }
		check "gz3 zs1" "${f#"$shared"/}" "$name" hierarchy
		rm -f "$tmp"/*/"$name"
	done
else
	skip=1
	echo "compress: shared captures skipped (no $shared)"
fi
summary compress "$pass" "$fail" "$skip"
[ $fail = 0 ]
