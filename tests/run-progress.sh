#!/bin/sh
# The progress line: a report reading a slow input (a capture trickling
# through a pipe for about two seconds) shows it on standard error when
# that is a terminal (a pseudo-terminal made by script(1)), redrawn in
# place and erased at the end, the report itself unchanged; prints nothing
# with --quiet or when standard error is not a terminal.  Every run is
# bounded in time.
#   tests/run-progress.sh ANALYZE TOOLSDIR
set -u
bin=$1
tools=$2
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
case $tools in /*) ;; *) tools=$(pwd)/$tools ;; esac
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
. tests/lib.sh
need progress script:bsdutils timeout:coreutils
[ -x "$tools/zpack" ] || { echo "progress: no '$tools/zpack' (run 'make tools')"; exit 1; }
export TZ=UTC LC_ALL=C
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
cap=samples/gen/apps.pcap
"$tools/zpack" gzip 2 < "$cap" > "$tmp/cap.gz"
"$bin" hierarchy "$cap" > "$tmp/want" 2>&1

# A feeder for standard input: FILE in 10 pieces, 0.2 s apart.
cat > "$tmp/trickle" <<'EOF'
#!/bin/sh
size=$(wc -c < "$1")
piece=$((size / 10 + 1))
i=0
while [ $((i * piece)) -lt "$size" ]; do
	dd if="$1" bs="$piece" skip=$i count=1 2>/dev/null
	sleep 0.2
	i=$((i + 1))
done
EOF
chmod +x "$tmp/trickle"

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL progress: $*"; }

# on_tty NAME INPUT ARGS...: `trickle INPUT | analyze ARGS -` with standard
# error on a pseudo-terminal (kept in NAME.tty, the session's start and end
# lines dropped), the report in NAME.out.
on_tty() {
	name=$1 input=$2
	shift 2
	timeout 60 script -q -e -c "'$tmp/trickle' '$input' | '$bin' $* - > '$tmp/$name.out'" \
		"$tmp/$name.log" < /dev/null > /dev/null 2>&1
	echo $? > "$tmp/$name.rc"
	grep -v '^Script \(started\|done\)' "$tmp/$name.log" | tr -d '\n' > "$tmp/$name.tty"
}

# shown NAME UNITS: the line was drawn (bytes in UNITS) and erased last.
shown() {
	if ! grep -q "standard input \[ *\]   ?% | 0/1 files [0-9.]* $2/? [0-9.]* [KMG]*i*B/s ETA --:--" "$tmp/$1.tty"; then
		bad "$1: no progress line on the terminal: $(cat -v "$tmp/$1.tty" | head -c 400)"
	elif [ "$(tail -c 4 "$tmp/$1.tty" | od -An -c | tr -d ' ')" != '\r033[K' ]; then
		bad "$1: the line is not erased at the end: $(tail -c 80 "$tmp/$1.tty" | cat -v)"
	elif [ "$(grep -o "$(printf '\r')" "$tmp/$1.tty" | wc -l)" -lt 3 ]; then
		bad "$1: the line is not redrawn in place: $(cat -v "$tmp/$1.tty" | head -c 400)"
	else
		ok
	fi
}

# report NAME: the report is the one of the plain file, status 0.
report() {
	if [ "$(cat "$tmp/$1.rc")" != 0 ]; then
		bad "$1: exit status $(cat "$tmp/$1.rc")"
	elif ! cmp -s "$tmp/$1.out" "$tmp/want"; then
		bad "$1: the report differs"
		diff "$tmp/want" "$tmp/$1.out" | head -5
	else
		ok
	fi
}

on_tty plain "$cap" hierarchy
shown plain KiB
report plain
# compressed: the compressed bytes read are counted
on_tty gzip "$tmp/cap.gz" hierarchy
shown gzip KiB
report gzip
for q in -q --quiet; do
	on_tty "quiet$q" "$cap" hierarchy "$q"
	if [ -s "$tmp/quiet$q.tty" ]; then bad "$q: printed on the terminal: $(cat -v "$tmp/quiet$q.tty" | head -c 200)"; else ok; fi
	report "quiet$q"
done

# no terminal: nothing on standard error
timeout 60 "$tmp/trickle" "$cap" | timeout 60 "$bin" hierarchy - > "$tmp/notty.out" 2> "$tmp/notty.err"
if [ -s "$tmp/notty.err" ]; then bad "no terminal: standard error has $(head -c 200 "$tmp/notty.err")"; else ok; fi
cmp -s "$tmp/notty.out" "$tmp/want" && ok || bad "no terminal: the report differs"

summary progress "$pass" "$fail"
[ $fail = 0 ]
