#!/bin/sh
# What a user reads and what scripts rely on:
#   - `analyze --version` and `list -G` (tshark's -G layout, every name a filter name);
#   - every command's JSON on every sample against the schemas of docs/json.md
#     (tests/tools/jsonschema), UTF-8 for names that are not, the CSV of info
#     and of conv/endpoints over several files;
#   - the bash completion (sourced in bash, COMP_WORDS set, COMPREPLY compared);
#   - the man page renders without warnings; every option of every command's
#     --help is in the man page and in the command's page under docs/;
#   - `make install` / `make uninstall` into a DESTDIR.
#
#   tests/run-docs.sh ANALYZE TOOLS_DIR
set -u
bin=$1
tools=$2
case $bin in /*) ;; *) bin=$(pwd)/$bin ;; esac
case $tools in /*) ;; *) tools=$(pwd)/$tools ;; esac
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
export TZ=UTC LC_ALL=C

. tests/lib.sh
# What users read and scripts rely on is the same in every build; the
# sanitized build's run of every command is in its other stages.
if sanitized "$bin"; then
	echo "docs: checked by the plain build"
	summary docs 0 0 1
	exit 0
fi
need docs bash:bash man:man-db groff:groff-base make:make timeout:coreutils pkg-config:pkg-config

tmp=$(mktemp -d "${TMPDIR:-/tmp}/analyze-docs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() {
	fail=$((fail + 1))
	printf 'FAIL %s\n' "$*"
}
expect() { # expect NAME WANT GOT
	if [ "$2" = "$3" ]; then ok; else bad "$1: want '$2', got '$3'"; fi
}
schema() { # schema NAME FILE: FILE matches docs/json.md's schema NAME
	if out=$("$tools/jsonschema" docs/json.md "$1" "$2" 2>&1); then ok; else bad "json $1: $out"; fi
}

# ---- --version ----------------------------------------------------------------
version=$(sed -n 's/^#define ANALYZE_VERSION "\(.*\)"$/\1/p' analyzer/version.h)
"$bin" --version >"$tmp/v" 2>&1
expect "--version exit" 0 $?
expect "--version first line" "analyze $version" "$(sed -n 1p "$tmp/v")"
expect "--version lines" 5 "$(wc -l <"$tmp/v" | tr -d ' ')"
expect "--version libpcap" "libpcap $(pkg-config --modversion libpcap)" \
	"$(sed -n 2p "$tmp/v" | cut -d' ' -f1-2)"
expect "--version GLib" "GLib $(pkg-config --modversion glib-2.0)" "$(sed -n 3p "$tmp/v")"
expect "--version ncurses" "ncurses $(pkg-config --modversion ncursesw | cut -d. -f1-2)" \
	"$(sed -n 4p "$tmp/v" | cut -d. -f1-2)"
expect "--version libcurl" "libcurl $(pkg-config --modversion libcurl)" \
	"$(sed -n 5p "$tmp/v" | cut -d' ' -f1-2)"
expect "-v" "$(cat "$tmp/v")" "$("$bin" -v)"
expect "man page version" "analyze $version" \
	"$(sed -n 's/^\.TH ANALYZE 1 "[^"]*" "\([^"]*\)".*/\1/p' analyze.1)"

# ---- list -G ------------------------------------------------------------------
"$bin" list -G >"$tmp/g"
expect "-G exit" 0 $?
cmp -s "$tmp/g" - <<EOF || bad "-G fields differs from -G"
$("$bin" list -G fields)
EOF
# P name abbrev; F name abbrev type protocol base mask description
expect "-G layout" "" "$(awk -F'\t' '
	$1 == "P" && NF == 3 { next }
	$1 == "F" && NF == 8 && $4 ~ /^FT_[A-Za-z0-9_]+$/ && $7 ~ /^0x[0-9a-f]+$/ { next }
	{ print NR ": " $0; exit }' "$tmp/g")"
expect "-G tcp.flags.syn" "$(printf 'F\tSyn\ttcp.flags.syn\tFT_BOOLEAN\ttcp\t12\t0x2\t')" \
	"$(grep -P '\ttcp\.flags\.syn\t' "$tmp/g")"
expect "-G frame.number" "$(printf 'F\tFrame Number\tframe.number\tFT_UINT32\tframe\tBASE_DEC\t0x0\t')" \
	"$(grep -P '\tframe\.number\t' "$tmp/g")"
expect "-G ip.src" "$(printf 'F\tSource Address\tip.src\tFT_IPv4\tip\t\t0x0\t')" \
	"$(grep -P '\tip\.src\t' "$tmp/g")"
expect "-G P tcp" "$(printf 'P\tTransmission Control Protocol\ttcp')" "$(grep -P '^P\t.*\ttcp$' "$tmp/g")"
expect "-G protocols tcp" "$(printf 'Transmission Control Protocol\tTCP\ttcp')" \
	"$("$bin" list -G protocols | grep -P '\ttcp$')"
expect "-G protocols layout" "" "$("$bin" list -G protocols | awk -F'\t' 'NF != 3 { print NR; exit }')"
expect "-G protocols count" "$(grep -c '^P' "$tmp/g")" "$("$bin" list -G protocols | wc -l | tr -d ' ')"
# every name -G gives is one a filter accepts (one filter naming them all)
filter=$(cut -f3 "$tmp/g" | sort -u | sed 's/$/ ||/' | tr '\n' ' ' | sed 's/ || $//')
timeout 60 "$bin" list -Y "$filter" -c 1 -T fields -e frame.number samples/gen/apps.pcap >"$tmp/all" 2>&1
expect "every -G name is a filter name" "1" "$(cat "$tmp/all")"
"$bin" list -G frobs 2>"$tmp/err"
expect "-G unknown report" 2 $?
expect "-G unknown report message" \
	"analyze: unknown -G report 'frobs' (fields or protocols); try 'analyze list --help'" "$(cat "$tmp/err")"
"$bin" list -G fields samples/gen/apps.pcap 2>/dev/null
expect "-G with a file" 2 $?

# ---- the protocol list (dissect/README.md) ----------------------------------------
# The build's list of protocols is the PROTOCOL_ID lines of the dissect/ files:
# the binary knows each one's names, frame first, then by filter name.
grep -h '^PROTOCOL_ID(' dissect/*.c |
	sed 's/^PROTOCOL_ID([A-Z0-9_]*, "\([^"]*\)", "\([^"]*\)");.*/\2\t\1/' | sort >"$tmp/declared"
"$bin" list -G protocols | awk -F'\t' '{ print $1 "\t" $3 }' >"$tmp/known"
expect "-G protocols: frame first" "frame" "$(awk -F'\t' 'NR == 1 { print $2 }' "$tmp/known")"
expect "-G protocols: the others by filter name" "" "$(awk -F'\t' 'NR > 1 { print $2 }' "$tmp/known" | sort -c 2>&1)"
expect "-G protocols: the declared ones" "" "$(sort "$tmp/known" | diff "$tmp/declared" - 2>&1)"
# what the generator refuses: one line naming the file and line, exit 1, no list
mkdir "$tmp/pl"
printf '%s\n' 'PROTOCOL_ID(FRAME, "frame", "Frame");' 'PROTOCOL_ID(FOO, "foo", "Foo Protocol");' \
	'const struct protocol proto_foo = {PROTO_FOO, .short_name = "FOO"};' >"$tmp/pl/a.c"
protolist() { # protolist LINE...: the generator on a.c and a file of LINEs
	printf '%s\n' "$@" >"$tmp/pl/b.c"
	protolist_run
}
protolist_run() { # the generator on a.c and b.c
	rm -f "$tmp/pl/out.h"
	(cd "$tmp/pl" && LC_ALL=C awk -v out=out.h -f "$top/dissect/protolist.awk" a.c b.c 2>&1)
	echo "exit $? $([ -f "$tmp/pl/out.h" ] && echo written)"
}
expect "protolist: a list" "exit 0 written" "$(protolist 'PROTOCOL_ID(BAR, "bar", "Bar");')"
expect "protolist: the list" "$(printf '%s\n' '#define PROTO_LIST(X) \' '	X(FRAME, "frame", "Frame") \' \
	'	X(BAR, "bar", "Bar") \' '	X(FOO, "foo", "Foo Protocol")' '' '#define PROTOCOL_DESCRIPTORS(X) \' '	X(foo)')" \
	"$(sed -n '/^#define PROTO_LIST/,/^	X(foo)/p' "$tmp/pl/out.h")"
expect "protolist: an id twice" "b.c:2: protocol id FOO is declared twice (first at a.c:2)
exit 1 " "$(protolist '' 'PROTOCOL_ID(FOO, "foo2", "Foo");')"
expect "protolist: a filter name twice" "b.c:1: filter name \"foo\" is declared twice (first at a.c:2)
exit 1 " "$(protolist 'PROTOCOL_ID(FOO2, "foo", "Foo");')"
expect "protolist: a descriptor without its id" \
	"b.c:1: descriptor proto_bar has id PROTO_BAR, which no PROTOCOL_ID line of this file declares
exit 1 " "$(protolist 'const struct protocol proto_bar = {PROTO_BAR};')"
expect "protolist: another file's id" \
	"b.c:1: descriptor proto_foo2 has id PROTO_FOO, which no PROTOCOL_ID line of this file declares
exit 1 " "$(protolist 'const struct protocol proto_foo2 = {PROTO_FOO};')"
expect "protolist: two descriptors of an id" \
	"b.c:3: protocol id BAR has a second descriptor, proto_bar2 (the first: proto_bar at b.c:2)
exit 1 " "$(protolist 'PROTOCOL_ID(BAR, "bar", "Bar");' 'const struct protocol proto_bar = {PROTO_BAR};' \
		'const struct protocol proto_bar2 = {PROTO_BAR, .short_name = "B"};')"
expect "protolist: a bad id line" \
	"b.c:1: expected PROTOCOL_ID(ID, \"filter name\", \"long name\"); on one line, the names without quotes or backslashes
exit 1 " "$(protolist 'PROTOCOL_ID(Bar, "bar", "Bar");')"
expect "protolist: a descriptor over two lines" \
	"b.c:1: expected a descriptor as 'const struct protocol proto_NAME = {PROTO_ID, ...' on one line
exit 1 " "$(protolist 'const struct protocol proto_bar = {' '	PROTO_BAR};')"
# a.c's two ids and N more: 1023 are the most an id's 16 bits and the tables hold
ids() { # ids N: b.c declares N ids
	awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++) printf "PROTOCOL_ID(P%d, \"p%d\", \"P %d\");\n", i, i, i }' \
		>"$tmp/pl/b.c"
}
ids 1021
expect "protolist: 1023 ids" "exit 0 written" "$(protolist_run)"
ids 1022
expect "protolist: 1024 ids" "dissect: 1024 protocol ids: the packet record stores an id in 16 bits and tables are indexed by id (at most 1023, one value is \"no layer\")
exit 1 " "$(protolist_run)"

# ---- JSON ---------------------------------------------------------------------
# the checker finds what it must find
printf '{"version": 1, "files": []}' >"$tmp/ok.json"
"$tools/jsonschema" docs/json.md info "$tmp/ok.json" >/dev/null
expect "checker: a good report" 0 $?
bad_json() { # bad_json NAME SCHEMA TEXT: the checker must reject TEXT
	printf '%s' "$3" >"$tmp/bad.json"
	"$tools/jsonschema" docs/json.md "$2" "$tmp/bad.json" >/dev/null
	expect "checker: $1" 1 $?
}
bad_json "invalid UTF-8" info "$(printf '{"version": 1, "files": [], "x": "\377"}')"
bad_json "a lone surrogate" info '{"version": 1, "files": ["\ud800"]}'
bad_json "a trailing comma" info '{"version": 1, "files": [],}'
bad_json "text after the value" info '{"version": 1, "files": []} x'
bad_json "a missing key" info '{"version": 1}'
bad_json "an unknown key" info '{"version": 1, "files": [], "extra": 0}'
bad_json "version not first" info '{"files": [], "version": 1}'
bad_json "another version" info '{"version": 2, "files": []}'
bad_json "a wrong kind" hierarchy '{"version": 1, "frames": "1", "bytes": 1, "protocols": [], "files": []}'
bad_json "seconds without nine decimals" conv \
	'{"version": 1, "type": "ip", "conversations": [{"file": "f", "address_a": "a", "address_b": "b", "frames_ab": 1, "bytes_ab": 1, "frames_ba": 1, "bytes_ba": 1, "frames": 2, "bytes": 2, "rel_start": 0.5, "duration": 0.000000000}], "files": []}'

# every command over all samples and damaged files at once (one report over
# many files), then over single files of each kind
samples=$(ls samples/recorded/*.pcap* samples/gen/*.pcap* tests/broken/*.pcap* tests/broken/*.cap \
	tests/broken/*.snoop)
[ "$(echo "$samples" | wc -l)" -gt 40 ] || bad "json: only $(echo "$samples" | wc -l) samples found"
json_runs() { # json_runs "FILE...": every command's JSON on the FILEs, checked
	for c in rtt:rtt hierarchy:hierarchy dests:dests info:info expert:expert list:list:-T:json \
		conv:conv:-t:eth conv:conv:-t:ip conv:conv:-t:ipv6 conv:conv:-t:tcp conv:conv:-t:udp \
		endpoints:endpoints:-t:eth endpoints:endpoints:-t:ip endpoints:endpoints:-t:ipv6 \
		endpoints:endpoints:-t:tcp endpoints:endpoints:-t:udp; do
		args=$(echo "$c" | tr ':' ' ')
		name=${args%% *}
		args=${args#* }
		[ "$name" = list ] || args="$args -F json"
		# shellcheck disable=SC2086
		"$bin" $args $1 >"$tmp/out.json" 2>/dev/null
		st=$?
		# with a damaged file the exit status is 1 and the report covers the rest
		if [ $st -gt 1 ] || [ ! -s "$tmp/out.json" ]; then
			bad "json: $args $1: exit $st, $(wc -c <"$tmp/out.json") bytes"
		else
			schema "$name" "$tmp/out.json"
		fi
	done
}
json_runs "$(echo "$samples" | tr '\n' ' ')"
# partial results, and the reports merged from them
"$bin" review --learn -q -o "$tmp/policy.ini" samples/gen/apps.pcap
for r in rtt hierarchy dests expert conv:-t:tcp endpoints:-t:eth info findings review:-p:$tmp/policy.ini; do
	# shellcheck disable=SC2086
	"$bin" $(echo $r | tr ':' ' ') -q --partial $samples >"$tmp/out.part" 2>/dev/null
	schema partial "$tmp/out.part"
	"$bin" merge -T json "$tmp/out.part" >"$tmp/out.json" 2>/dev/null
	s=${r%%:*}
	[ "$s" != review ] || s=findings # review's report has the shape of findings
	schema "$s" "$tmp/out.json"
done
# shellcheck disable=SC2086
"$bin" rtt -q --partial --top 2 $samples >"$tmp/out.part" 2>/dev/null
schema partial "$tmp/out.part"
"$bin" merge -T json "$tmp/out.part" >"$tmp/out.json" 2>/dev/null
schema rtt "$tmp/out.json"
for f in samples/recorded/scaleset-vm4.pcap samples/gen/apps.pcap samples/gen/multi-if.pcapng \
	samples/gen/rtt-ipv6.pcap tests/broken/pcapng-block-cut.pcapng; do
	json_runs "$f"
done
# findings and review (exit 3 when they find something): every row kind
for f in samples/scan/*.pcap samples/gen/apps.pcap samples/recorded/scaleset-vm4.pcap; do
	"$bin" findings -F json "$f" >"$tmp/out.json" 2>/dev/null
	st=$?
	if [ $st = 0 ] || [ $st = 3 ]; then schema findings "$tmp/out.json"; else bad "json: findings $f: exit $st"; fi
done
printf '[protocols]\nallowed=eth\n[ports]\ntcp=1\nudp=1\n[networks]\ndestinations=10.0.0.1\n[rtt]\nmedian_max_ms=0\nrefused_max_percent=0\n' >"$tmp/policy"
"$bin" review --policy "$tmp/policy" -F json samples/gen/rtt-refused.pcap samples/gen/apps.pcap >"$tmp/out.json" 2>/dev/null
st=$?
if [ $st = 3 ]; then schema findings "$tmp/out.json"; else bad "json: review: exit $st"; fi
"$bin" findings -F jsonl samples/scan/scan-version.pcap >"$tmp/out.jsonl" 2>/dev/null
while IFS= read -r l; do
	printf '{"version": 1, "findings": [%s], "summary": {"unexpected": 0, "info": 0}, "files": []}\n' "$l" >"$tmp/out.json"
	schema findings "$tmp/out.json"
done <"$tmp/out.jsonl"
# a file name that is not UTF-8: escaped as U+FFFD, one per byte
cp samples/gen/rtt-basic.pcap "$tmp/$(printf 'caf\351\377.pcap')"
for c in rtt info conv; do
	"$bin" $c -F json "$tmp/$(printf 'caf\351\377.pcap')" >"$tmp/out.json"
	schema $c "$tmp/out.json"
	expect "$c: a name that is not UTF-8" yes \
		"$(grep -q '"file": ".*/caf\\ufffd\\ufffd.pcap"' "$tmp/out.json" && echo yes)"
done
# capture sessions (a state written as a stopped session leaves it)
mkdir -p "$tmp/state/web"
cat >"$tmp/state/web/state.json" <<'EOF'
{"name": "web", "packetCaptureStatus": "Stopped", "stopReason": "TimeExceeded", "packetCaptureError": [],
 "captureStartTimeNs": 1700000000000000000, "captureEndTimeNs": 1700000060000000000, "packets": 812,
 "bytes": 402112, "droppedPackets": 0, "file": "web.pcapng", "filter": "tcp", "interfaces": ["eth0"],
 "bytesToCapturePerPacket": 0, "totalBytesPerSession": 1073741824, "timeLimitInSeconds": 60, "pid": 0, "pidStart": 0}
EOF
ANALYZE_STATE_DIR=$tmp/state "$bin" capture status web -F json >"$tmp/out.json"
schema capture_status "$tmp/out.json"
ANALYZE_STATE_DIR=$tmp/state "$bin" capture list -F json >"$tmp/out.json"
schema capture_list "$tmp/out.json"

# ---- CSV ----------------------------------------------------------------------
# info: one row per file opened, as many fields as the header
"$bin" info -F csv samples/recorded/*.pcap* samples/gen/*.pcap* >"$tmp/info.csv" 2>/dev/null
expect "info csv rows" "$(find samples/recorded samples/gen -name '*.pcap*' | wc -l | tr -d ' ')" \
	"$(($(wc -l <"$tmp/info.csv") - 1))"
expect "info csv fields" "" "$(sed 's/"[^"]*"/x/g' "$tmp/info.csv" | awk -F, 'NR == 1 { n = NF } NF != n { print NR }')"
# conv and endpoints over several files: a file column
for c in conv endpoints; do
	"$bin" $c -t tcp -F csv samples/gen/rtt-basic.pcap samples/gen/rtt-refused.pcap >"$tmp/c.csv"
	expect "$c csv file column" file "$(head -1 "$tmp/c.csv" | cut -d, -f1)"
	expect "$c csv files named" "samples/gen/rtt-basic.pcap samples/gen/rtt-refused.pcap" \
		"$(sed 1d "$tmp/c.csv" | cut -d, -f1 | sort -u | tr '\n' ' ' | sed 's/ $//')"
	"$bin" $c -t tcp -F csv samples/gen/rtt-basic.pcap >"$tmp/c1.csv"
	expect "$c csv one file: no file column" address "$(head -1 "$tmp/c1.csv" | cut -d, -f1 | cut -c1-7)"
done

# ---- bash completion ------------------------------------------------------------
# complete WORD...: what the completion offers for the last word, one per line
complete_words() {
	bash -c '
		. completion/analyze.bash
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		_analyze
		printf "%s\n" "${COMPREPLY[@]}"' complete "$bin" "$@" | sort
}
expect "complete: registered" "complete -F _analyze analyze" \
	"$(bash -c '. completion/analyze.bash; complete -p analyze')"
expect "complete: li" list "$(complete_words li)"
expect "complete: commands" "capture conv conversations destinations dests endpoints expert fetch findings hierarchy info list merge phs review rtt tui upload" \
	"$(complete_words '' | tr '\n' ' ' | sed 's/ $//')"
expect "complete: -Y tcp.an" "$(cut -f3 "$tmp/g" | grep '^tcp\.an' | sort -u)" "$(complete_words list -Y tcp.an)"
expect "complete: -Y tcp.an gives tcp.analysis.retransmission" 1 \
	"$(complete_words list -Y tcp.an | grep -cx tcp.analysis.retransmission)"
expect "complete: --filter in an expression" "tcp.port == 80 && http.request tcp.port == 80 && http.request.method tcp.port == 80 && http.request.uri tcp.port == 80 && http.request.version" \
	"$(complete_words rtt --filter 'tcp.port == 80 && http.req' | tr '\n' ' ' | sed 's/ $//')"
expect "complete: inside an open quote" "ip.src == 10.0.0.1 && dns.qry.name" \
	"$(complete_words list -Y "'ip.src == 10.0.0.1 && dns.qry.na")"
expect "complete: -e" dns.qry.name "$(complete_words list -T fields -e dns.qry.n)"
expect "complete: --format" "csv json text" "$(complete_words capture status --format '' | tr '\n' ' ' | sed 's/ $//')"
expect "complete: --format=" json "$(complete_words dests --format = j)"
expect "complete: merge --format" "csv json jsonl partial text" "$(complete_words merge --format '' | tr '\n' ' ' | sed 's/ $//')"
expect "complete: findings --format" "csv json jsonl partial text" "$(complete_words findings --format '' | tr '\n' ' ' | sed 's/ $//')"
expect "complete: findings --only" "scans sweeps" "$(complete_words findings --only s | tr '\n' ' ' | sed 's/ $//')"
expect "complete: conv --type" "eth ip ipv6 tcp udp" "$(complete_words conv --type '' | tr '\n' ' ' | sed 's/ $//')"
expect "complete: rtt -T" "csv json partial text" "$(complete_words rtt -T '' | tr '\n' ' ' | sed 's/ $//')"
expect "complete: list -t" "a ad" "$(complete_words list -t a | tr '\n' ' ' | sed 's/ $//')"
expect "complete: list -F" "pcap pcapng" "$(complete_words list -w x.pcapng -F p | tr '\n' ' ' | sed 's/ $//')"
expect "complete: list -E" "header=n header=y" "$(complete_words list -T fields -E h | tr '\n' ' ' | sed 's/ $//')"
expect "complete: list -T" "fields" "$(complete_words list -T f)"
expect "complete: list -G" "fields protocols" "$(complete_words list -G '' | tr '\n' ' ' | sed 's/ $//')"
expect "complete: capture st" "start status stop" "$(complete_words capture st | tr '\n' ' ' | sed 's/ $//')"
expect "complete: capture start --t" "--time-limit" "$(complete_words capture start --t)"
expect "complete: fetch --check-md5" "require" "$(complete_words fetch --check-md5 r)"
expect "complete: files" "samples/recorded/scaleset-vm4.pcap samples/recorded/scaleset-vm5-nsec.pcap" \
	"$(complete_words info samples/recorded/scaleset-vm | tr '\n' ' ' | sed 's/ $//')"
expect "complete: --version" "--version" "$(complete_words --vers)"
# every option of a command's --help is offered
for c in rtt hierarchy dests conv endpoints info expert findings review list fetch upload tui merge; do
	want=$("$bin" $c --help | sed -n 's/^  \(-[^ ,=]*\)\(, \(--[a-z0-9-]*\)\)\{0,1\}.*/\1 \3/p' | tr ' ' '\n' | sed '/^$/d' | sort)
	expect "complete: $c options" "$want" "$(complete_words $c -)"
done

# ---- man page and docs --------------------------------------------------------
MANWIDTH=80 man --warnings -l analyze.1 >"$tmp/man.txt" 2>"$tmp/man.err"
expect "man renders" 0 $?
expect "man warnings at 80 columns" "" "$(cat "$tmp/man.err")"
MANWIDTH=60 man --warnings -l analyze.1 >/dev/null 2>"$tmp/man.err"
expect "man warnings at 60 columns" "" "$(cat "$tmp/man.err")"
# the options of --help, in the man page and in the command's page
options() { # options CMD...: the long options of CMD's --help, but --help
	"$bin" "$@" --help | sed -n 's/^  \(-., \)\{0,1\}\(--[a-z0-9-]*\).*/\2/p' | grep -v '^--help$'
}
check_documented() { # check_documented PAGE CMD...
	page=$1
	shift
	for o in $(options "$@"); do
		grep -q -- "$o" "$tmp/man.txt" || bad "$* $o is not in the man page"
		grep -q -- "\`$o" "$page" || bad "$* $o is not in $page"
		ok
	done
}
for c in rtt hierarchy dests conv endpoints info expert findings review list fetch upload tui merge; do
	[ -f "docs/$c.md" ] || bad "docs/$c.md is missing"
	check_documented "docs/$c.md" $c
	grep -q "^ *$c\b" "$tmp/man.txt" || grep -q " $c " "$tmp/man.txt" || bad "command $c is not in the man page"
done
for s in start status stop list delete; do
	check_documented docs/capture.md capture $s
done
for f in filters json README; do
	if [ -f "docs/$f.md" ]; then ok; else bad "docs/$f.md is missing"; fi
done
# the links between pages lead somewhere
for page in docs/*.md README.md; do
	for l in $(grep -o '](\([a-zA-Z./_-]*\.md\)' "$page" | sed 's/^](//'); do
		if [ -f "$(dirname "$page")/$l" ]; then ok; else bad "$page links to $l, which is missing"; fi
	done
done

# ---- the examples ------------------------------------------------------------
# Every example of the README and docs/ whose output is shown whole (no "...")
# gives that output today: "$ analyze ..." in a fenced block, then its lines.
cat >"$tmp/examples.awk" <<'AWK'
# Prints each example of a Markdown page whose output is shown whole:
# "FILE:LINE<TAB>COMMAND" then the expected output lines prefixed by "> ",
# then a line "=".  Examples whose block holds "..." or that are not
# `analyze` commands run from the top of the tree are left out.
function flush() {
	if (cmd != "" && !cut && n > 0) {
		print FILENAME ":" cmdline "\t" cmd
		for (i = 1; i <= n; i++) print "> " out[i]
		print "="
	}
	cmd = ""; n = 0; cut = 0
}
/^ *```/ {
	if (inblock) { flush(); inblock = 0 } else { inblock = 1; indent = match($0, /[^ ]/) - 1 }
	next
}
inblock {
	line = substr($0, indent + 1)
	if (line ~ /^\$ /) {
		flush()
		if (line ~ /^\$ analyze / && line !~ /sudo|https?:|az:\/\/|~|#/) { cmd = substr(line, 3); cmdline = FNR }
		else { cmd = ""; cut = 1 }
		next
	}
	if (line ~ /^\.\.\.$/ || line ~ /^ *\.\.\.$/) cut = 1
	if (cmd != "") out[++n] = line
}
AWK
mkdir -p "$tmp/path"
ln -s "$bin" "$tmp/path/analyze"
tab=$(printf '\t')
awk -f "$tmp/examples.awk" README.md docs/*.md >"$tmp/examples"
examples=0
while IFS= read -r l; do
	case $l in
	"> "*) printf '%s\n' "${l#> }" >>"$tmp/want" ;;
	"=")
		examples=$((examples + 1))
		PATH="$tmp/path:$PATH" sh -c "$cmd" >"$tmp/got" 2>&1
		if cmp -s "$tmp/want" "$tmp/got"; then
			ok
		else
			bad "example $where ($cmd) gives another output:"
			diff "$tmp/want" "$tmp/got" | head -10
		fi
		;;
	*)
		where=${l%%"$tab"*}
		cmd=${l#*"$tab"}
		: >"$tmp/want"
		;;
	esac
done <"$tmp/examples"
[ "$examples" -ge 15 ] || bad "only $examples examples found in the README and docs/"

# ---- make install / uninstall ---------------------------------------------------
dest=$tmp/dest
mkdir -p "$dest/opt/an/share/man/man1"
echo keep >"$dest/opt/an/share/man/man1/other.1"
MAKEFLAGS='' make -s install DESTDIR="$dest" PREFIX=/opt/an >"$tmp/install.out" 2>&1
expect "make install" 0 $?
expect "installed files" "./opt/an/bin/analyze ./opt/an/share/bash-completion/completions/analyze ./opt/an/share/man/man1/analyze.1 ./opt/an/share/man/man1/other.1" \
	"$(cd "$dest" && find . -type f | sort | tr '\n' ' ' | sed 's/ $//')"
expect "installed modes" "755 644 644" "$(stat -c %a "$dest/opt/an/bin/analyze" \
	"$dest/opt/an/share/man/man1/analyze.1" "$dest/opt/an/share/bash-completion/completions/analyze" | tr '\n' ' ' | sed 's/ $//')"
expect "installed program runs" "analyze $version" "$("$dest/opt/an/bin/analyze" --version | head -1)"
expect "installed man page renders" 0 "$(MANWIDTH=80 man -l "$dest/opt/an/share/man/man1/analyze.1" >/dev/null 2>&1; echo $?)"
expect "installed completion completes" list "$(PATH=$dest/opt/an/bin:$PATH bash -c '
	. "$1"; COMP_WORDS=(analyze li); COMP_CWORD=1; _analyze; echo "${COMPREPLY[@]}"' sh \
	"$dest/opt/an/share/bash-completion/completions/analyze")"
MAKEFLAGS='' make -s uninstall DESTDIR="$dest" PREFIX=/opt/an >"$tmp/uninstall.out" 2>&1
expect "make uninstall" 0 $?
expect "uninstall removes what install wrote, only" "./opt/an/share/man/man1/other.1" \
	"$(cd "$dest" && find . -type f | sort | tr '\n' ' ' | sed 's/ $//')"

summary docs "$pass" "$fail"
[ "$fail" -eq 0 ]
