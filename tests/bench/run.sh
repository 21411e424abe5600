#!/usr/bin/env bash
# run.sh ANALYZE TOOLSDIR — the benchmark behind `make bench`.
#
# Generates tests/bench/out/bench.pcap once with TOOLSDIR/gencap (again only
# when gencap is newer than the capture), warms the page cache, then times
# `analyze rtt` (best of 3) and `analyze info` (best of 3) against tshark,
# capinfos and tcpdump when they are installed, and prints one table: wall
# seconds, peak resident memory, and the ratio to the matching analyze run.
# Tools that are missing are reported as "not installed"; nothing here fails
# the build except a capture that cannot be generated.  See README.md.
# Also times `analyze hierarchy` and `analyze dests` against tshark's
# `-q -z io,phs` and `-q -z dests,tree`, `analyze findings` and `analyze
# review` (a policy learnt from the capture, so exit 0) against hierarchy
# plus dests, then the terminal UI (tui.sh).
set -eu
export LC_ALL=C

if [ $# -ne 2 ]; then
	echo "usage: run.sh ANALYZE TOOLSDIR" >&2
	exit 2
fi

abspath() { case $1 in /*) printf '%s\n' "$1" ;; *) printf '%s\n' "$PWD/$1" ;; esac; }
ANALYZE=$(abspath "$1")
GENCAP=$(abspath "$2")/gencap
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$HERE/out
CAP=$OUT/bench.pcap
INFO=$OUT/bench.txt         # gencap's summary line (frame count)
LOG=$OUT/bench.log          # stderr of every timed command
mkdir -p "$OUT"
: > "$LOG"

# ---------------------------------------------------------------- capture
if [ ! -s "$CAP" ] || [ ! -s "$INFO" ] || [ "$GENCAP" -nt "$CAP" ]; then
	if [ ! -x "$GENCAP" ]; then
		echo "run.sh: no generator at '$GENCAP' (run 'make tools')" >&2
		exit 1
	fi
	echo "generating $CAP ..."
	rm -f "$CAP" "$INFO"
	"$GENCAP" -o "$CAP.tmp" > "$INFO.tmp"
	mv "$CAP.tmp" "$CAP"
	mv "$INFO.tmp" "$INFO"
	cat "$INFO"
fi
cat "$CAP" > /dev/null      # warm the page cache: we time reading, not the disk

size=$(stat -c %s "$CAP")
frames=$(sed -n 's/.*: \([0-9]*\) frames,.*/\1/p' "$INFO")
printf 'capture: %s\n  %s bytes (%.2f GB), %s frames\n' "$CAP" "$size" \
	"$(awk -v s="$size" 'BEGIN { print s / 1e9 }')" "${frames:-unknown}"

# ---------------------------------------------------------------- timing
# GNU time gives the peak RSS (%M, KiB); wall time comes from bash's `time`
# (millisecond resolution) around it.  Without GNU time, RSS is unavailable.
GNU_TIME=$(type -P time || true)
if [ -n "$GNU_TIME" ] && ! "$GNU_TIME" -f %M -o /dev/null true 2>/dev/null; then
	GNU_TIME=""
fi
[ -n "$GNU_TIME" ] || echo "note: GNU time (/usr/bin/time) not installed: peak memory unavailable"

# measure CMD... : runs CMD once (stdout to /dev/null, stderr to $LOG) and
# sets WALL (seconds), RSS (KiB or "") and STATUS (exit status).
measure() {
	local tf=$OUT/time.$$ rf=$OUT/rss.$$
	rm -f "$rf"
	TIMEFORMAT=%3R
	STATUS=0
	if [ -n "$GNU_TIME" ]; then
		{ time "$GNU_TIME" -f %M -o "$rf" "$@" > /dev/null 2>> "$LOG"; } 2> "$tf" || STATUS=$?
	else
		{ time "$@" > /dev/null 2>> "$LOG"; } 2> "$tf" || STATUS=$?
	fi
	WALL=$(tail -n 1 "$tf")
	RSS=""
	[ -s "$rf" ] && RSS=$(tail -n 1 "$rf")
	rm -f "$tf" "$rf"
}

# Results, one row per command: name|wall|rss_kib|reference-row|note
ROWS=()
declare -A BASE=()          # analyze's wall time per reference name

# best NAME REF RUNS CMD... : time CMD RUNS times, keep the fastest wall and
# the largest RSS; REF names the analyze row it is compared with.
best() {
	local name=$1 ref=$2 runs=$3 w="" r="" i
	shift 3
	if [[ $1 == */* && ! -x $1 ]]; then
		ROWS+=("$name|||$ref|not built ($1)")
		return
	elif ! type -P "$1" > /dev/null; then
		ROWS+=("$name|||$ref|not installed")
		return
	fi
	for ((i = 0; i < runs; i++)); do
		echo "== $name (run $((i + 1)))" >> "$LOG"
		measure "$@"
		# findings and review exit 3 when they find something: that is work done
		if [ "$STATUS" -ne 0 ] && ! { [ "$STATUS" -eq 3 ] && [[ $name == "analyze findings"* || $name == "analyze review"* ]]; }; then
			ROWS+=("$name|$WALL|$RSS|$ref|failed (exit $STATUS, see $LOG)")
			return
		fi
		if [ -z "$w" ] || awk -v a="$WALL" -v b="$w" 'BEGIN { exit !(a < b) }'; then w=$WALL; fi
		if [ -n "$RSS" ] && { [ -z "$r" ] || [ "$RSS" -gt "$r" ]; }; then r=$RSS; fi
	done
	ROWS+=("$name|$w|$r|$ref|")
	case $ref in
	self-*) BASE[${ref#self-}]=$w ;;
	esac
}

SYNACK='tcp.flags.syn==1&&tcp.flags.ack==1'
TCPDUMP_SYNACK='tcp[tcpflags] & (tcp-syn|tcp-ack) == (tcp-syn|tcp-ack)'
echo "timing (a few minutes when tshark is installed) ..."
best "cat FILE, piped to cat" self-cat 3 sh -c 'cat "$1" | cat > /dev/null' sh "$CAP"
best "analyze rtt" self-rtt 3 "$ANALYZE" rtt "$CAP"
best "analyze rtt --format json" self-rttjson 3 "$ANALYZE" rtt --format json "$CAP"
best "analyze rtt --format csv" self-rttcsv 3 "$ANALYZE" rtt --format csv "$CAP"
best "analyze info" self-info 3 "$ANALYZE" info "$CAP"
best "analyze hierarchy" self-phs 3 "$ANALYZE" hierarchy "$CAP"
best "analyze dests" self-dests 3 "$ANALYZE" dests "$CAP"
best "analyze conv" self-conv 3 "$ANALYZE" conv "$CAP"
best "analyze endpoints" self-endpoints 3 "$ANALYZE" endpoints "$CAP"
best "analyze expert" self-expert 3 "$ANALYZE" expert "$CAP"
best "analyze findings" self-findings 3 "$ANALYZE" findings "$CAP"
# the same capture compressed (made once, beside it): read on two threads
for z in zstd gzip; do
	ext=${z/gzip/gz}
	ext=${ext/zstd/zst}
	if type -P "$z" > /dev/null && { [ ! -s "$CAP.$ext" ] || [ "$CAP" -nt "$CAP.$ext" ]; }; then
		"$z" -c "$CAP" > "$CAP.$ext.tmp" && mv "$CAP.$ext.tmp" "$CAP.$ext"
	fi
	if [ -s "$CAP.$ext" ]; then
		cat "$CAP.$ext" > /dev/null
		best "analyze hierarchy FILE.$ext" "self-phs$ext" 3 "$ANALYZE" hierarchy "$CAP.$ext"
	fi
done
"$ANALYZE" review --learn -q "$CAP" > "$OUT/bench.policy" 2>> "$LOG"
best "analyze review --policy (learnt)" self-review 3 "$ANALYZE" review --policy "$OUT/bench.policy" "$CAP"
best "analyze list -Y 'tcp.port == 111'" self-list 3 "$ANALYZE" list -Y 'tcp.port == 111' -T fields -e frame.number "$CAP"
best "tshark -q -z io,phs" phs 1 tshark -r "$CAP" -q -z io,phs
best "tshark -q -z dests,tree" dests 1 tshark -r "$CAP" -q -z dests,tree
best "tshark -Y syn-ack -T fields -e ack_rtt" rtt 1 \
	tshark -r "$CAP" -Y "$SYNACK" -T fields -e tcp.analysis.ack_rtt
best "tshark -Y 'tcp.port == 111' -T fields" list 1 tshark -r "$CAP" -Y 'tcp.port == 111' -T fields -e frame.number
best "tcpdump -nr FILE 'tcp port 111'" list 1 tcpdump -nr "$CAP" 'tcp port 111'
best "capinfos" info 1 capinfos "$CAP"
best "tcpdump -r FILE -w /dev/null" rtt 1 tcpdump -r "$CAP" -w /dev/null
best "tcpdump -nr FILE syn-ack" rtt 1 tcpdump -nr "$CAP" "$TCPDUMP_SYNACK"

# ---------------------------------------------------------------- report
printf '\n%-42s %9s %9s  %s\n' "command (FILE = the capture)" "wall s" "peak MB" "vs analyze"
printf '%-42s %9s %9s  %s\n' "----------------------------" "------" "-------" "----------"
for row in "${ROWS[@]}"; do
	IFS='|' read -r name wall rss ref note <<< "$row"
	mb="n/a"
	[ -n "$rss" ] && mb=$(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }')
	ratio=""
	base=${BASE[$ref]:-}
	if [ -n "$base" ] && [ -n "$wall" ] && [ -z "$note" ]; then
		ratio=$(awk -v a="$wall" -v b="$base" -v r="$ref" \
			'BEGIN { if (b > 0) printf "%.1fx analyze %s", a / b, r; else printf "-" }')
	fi
	if [ -n "$note" ]; then
		[ -n "$wall" ] || wall="-"
		[ "$mb" != "n/a" ] || mb="-"
		printf '%-42s %9s %9s  %s\n' "$name" "$wall" "$mb" "$note"
	else
		printf '%-42s %9s %9s  %s\n' "$name" "$wall" "$mb" "${ratio:--}"
	fi
done
printf '\nsyn-ack = tshark -Y '"'"'%s'"'"' -T fields -e tcp.analysis.ack_rtt\n' "$SYNACK"
printf '          tcpdump '"'"'%s'"'"'\n' "$TCPDUMP_SYNACK"

# The targets: each analyze report under 1.5 s and 200 MB, 50x tshark or more.
declare -A TSHARK=() TCPDUMP=()
for row in "${ROWS[@]}"; do
	IFS='|' read -r name wall rss ref note <<< "$row"
	case $name in tshark*) [ -z "$note" ] && TSHARK[$ref]=$wall ;; esac
	case $name in tcpdump*"port 111"*) [ -z "$note" ] && TCPDUMP[$ref]=$wall ;; esac
done
for row in "${ROWS[@]}"; do
	IFS='|' read -r name wall rss ref note <<< "$row"
	[ -z "$note" ] || continue
	case $ref in
	self-rtt | self-phs | self-dests | self-list)
		key=${ref#self-}
		printf '\ntarget: %s wall %s s (goal < 1.5 s)' "$name" "$wall"
		[ -n "$rss" ] && printf ', peak %s MB (goal < 200 MB)' \
			"$(awk -v k="$rss" 'BEGIN { printf "%.0f", k / 1024 }')"
		[ -n "${TSHARK[$key]:-}" ] &&
			printf ', tshark/analyze %sx (goal >= 50x)' \
				"$(awk -v a="${TSHARK[$key]}" -v b="$wall" 'BEGIN { printf "%.0f", a / b }')"
		[ -n "${TCPDUMP[$key]:-}" ] &&
			printf ', tcpdump %s s' "${TCPDUMP[$key]}"
		;;
	esac
done
printf '\n'

# findings and review make one pass each: no more than hierarchy and dests together.
if [ -n "${BASE[phs]:-}" ] && [ -n "${BASE[dests]:-}" ]; then
	for k in findings review; do
		[ -n "${BASE[$k]:-}" ] || continue
		printf 'target: analyze %s wall %s s, hierarchy + dests %s s (goal: no more)\n' "$k" "${BASE[$k]}" \
			"$(awk -v a="${BASE[phs]}" -v b="${BASE[dests]}" 'BEGIN { printf "%.2f", a + b }')"
	done
fi

# Every report at the speed of reading the file: each report's time over the
# time of piping the file through cat (goal <= 1.2x), rtt in each format over
# hierarchy (goal <= 1.5x), rtt's peak memory (goal <= 64 MB), a compressed
# capture over the plain one (goal <= 1.3x).
declare -A PEAK=()
for row in "${ROWS[@]}"; do
	IFS='|' read -r name wall rss ref note <<< "$row"
	case $ref in self-*) [ -z "$note" ] && [ -n "$rss" ] && PEAK[${ref#self-}]=$rss ;; esac
done
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "-" }'; }
if [ -n "${BASE[cat]:-}" ]; then
	for k in rtt rttjson rttcsv info phs dests conv endpoints expert findings; do
		[ -n "${BASE[$k]:-}" ] || continue
		printf 'target: %-10s %6s s = %sx cat through a pipe (goal <= 1.2x)\n' "$k" "${BASE[$k]}" "$(ratio "${BASE[$k]}" "${BASE[cat]}")"
	done
fi
if [ -n "${BASE[phs]:-}" ]; then
	for k in rtt rttjson rttcsv; do
		[ -n "${BASE[$k]:-}" ] || continue
		printf 'target: %-10s %sx hierarchy (goal <= 1.5x)\n' "$k" "$(ratio "${BASE[$k]}" "${BASE[phs]}")"
	done
	for ext in zst gz; do
		[ -n "${BASE[phs$ext]:-}" ] || continue
		printf 'target: hierarchy on FILE.%s %sx the plain file (goal <= 1.3x)\n' "$ext" "$(ratio "${BASE[phs$ext]}" "${BASE[phs]}")"
	done
fi
[ -n "${PEAK[rtt]:-}" ] &&
	printf 'target: rtt peak %s MB (goal <= 64 MB)\n' "$(awk -v k="${PEAK[rtt]}" 'BEGIN { printf "%.0f", k / 1024 }')"

# The terminal UI on the same capture, in tmux (skipped without tmux).
"$HERE/tui.sh" "$ANALYZE" "$CAP"

# Download throughput from the storage emulator beside curl (skipped without it).
"$HERE/storage.sh" "$ANALYZE" "$(abspath "$2")" "$CAP"

# A fleet: 200 generated captures through GNU parallel -j 2 with partials and a
# merge, beside -j 1 (skipped without GNU parallel).
"$HERE/fleet.sh" "$ANALYZE" "$(abspath "$2")"

# Live capture beside tcpdump in network namespaces (root only; skipped elsewhere).
"$HERE/capture.sh" "$ANALYZE"
