#!/bin/sh
# Compressed captures give the same reports as the uncompressed ones, byte
# for byte: every capture under samples/ is compressed with gzip in three
# members and zstd in one frame and in three (tests/tools/zpack cuts them
# anywhere, and puts a skippable frame before zstd's), and by the gzip
# program (one member, a header that names the file); `rtt` (JSON, which
# also says how each file was read), `hierarchy`, `dests` and `list` must
# print the same standard output and error and end with the same status as
# on the plain file.  The compressed copy has the plain file's name in
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
for need in gzip:gzip cmp:diffutils; do
	command -v "${need%:*}" >/dev/null 2>&1 ||
		{ echo "compress: needs '${need%:*}' (Debian package ${need#*:})"; exit 1; }
done
[ -x "$tools/zpack" ] || { echo "compress: no '$tools/zpack' (run 'make tools')"; exit 1; }
export TZ=UTC LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
variants="gz3 zs1 zs3 gzip"
mkdir -p "$tmp/plain" "$tmp/pipe"
for v in $variants; do mkdir -p "$tmp/$v"; done
pass=0 fail=0

# pack FILE NAME: the plain copy and every compressed one, as NAME.
pack() {
	cp "$1" "$tmp/plain/$2"
	"$tools/zpack" gzip 3 < "$1" > "$tmp/gz3/$2" &&
	"$tools/zpack" zstd < "$1" > "$tmp/zs1/$2" &&
	"$tools/zpack" zstd 3 < "$1" > "$tmp/zs3/$2" &&
	gzip -9 -c "$1" > "$tmp/gzip/$2"
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

# check FILE NAME COMMAND...: every compressed copy gives the plain report.
check() {
	file=$1 name=$2
	shift 2
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
	pack "$f" "$name" || { echo "FAIL compress: cannot compress $f"; fail=$((fail + 1)); continue; }
	check "$f" "$name" rtt --format json
	check "$f" "$name" hierarchy
	check "$f" "$name" dests
	check "$f" "$name" list
	check_pipe "$name" hierarchy
done
[ $n -gt 0 ] || { echo "FAIL compress: no captures under samples/"; fail=$((fail + 1)); }

shared=${ANALYZE_SHARED_CAPTURES:-$top/../shared/captures}
if [ -d "$shared/real" ]; then
	variants="gz3 zs1"
	for f in "$shared"/real/* "$shared"/netmon/*; do
		[ -f "$f" ] || continue
		name=$(basename "$f")
		pack "$f" "$name" || { echo "FAIL compress: cannot compress $f"; fail=$((fail + 1)); continue; }
		check "${f#"$shared"/}" "$name" hierarchy
		rm -f "$tmp"/*/"$name"
	done
else
	echo "compress: shared captures skipped (no $shared)"
fi
printf 'compress: %d passed, %d failed\n' "$pass" "$fail"
[ $fail = 0 ]
